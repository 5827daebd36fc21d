"""Admin for hub staff: they publish the indicator library here. Partnerships' own MEL
rows are read-only (members manage them in their workspace)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from mel.models import Framework, Indicator, LibraryIndicator, Measurement


@admin.register(LibraryIndicator)
class LibraryIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "aggregation", "is_published", "adoption_count"]
    list_filter = ["is_published", "unit", "aggregation", "indicator_type"]
    search_fields = ["code", "name"]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(adoption_count=Count("adoptions"))

    @admin.display(description=_("adopted by"), ordering="adoption_count")
    def adoption_count(self, obj) -> int:
        return obj.adoption_count

    @admin.action(description=_("Publish the selected indicators"))
    def publish(self, request, queryset):
        queryset.update(is_published=True)

    @admin.action(description=_("Withdraw the selected indicators from the library"))
    def unpublish(self, request, queryset):
        queryset.update(is_published=False)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["name", "partnership", "created_at"]
    list_select_related = ["partnership"]
    search_fields = ["name", "partnership__name"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "partnership", "unit", "frequency", "library_indicator"]
    list_select_related = ["partnership", "library_indicator"]
    list_filter = ["unit", "frequency"]
    search_fields = ["code", "name", "partnership__name"]


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "period_start", "value", "status", "partnership"]
    list_select_related = ["indicator", "partnership"]
    list_filter = ["status"]
    date_hierarchy = "period_start"
