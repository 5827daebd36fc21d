"""Admin for hub staff: they publish the indicator library here. Partnerships' own MEL
rows are read-only (members manage them in their workspace)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from hub.admin import ReadOnlyAdmin, ReadOnlyInline
from mel.models import (
    DataReminder,
    Disaggregation,
    Framework,
    ImportBatch,
    Indicator,
    IndicatorPeriod,
    LibraryIndicator,
    Measurement,
    MeasurementEvidence,
    MeasurementRevision,
    PeriodLock,
    ReportRun,
    ReportSchedule,
    Result,
    ScorecardSnapshot,
    Target,
)


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


class ResultInline(ReadOnlyInline):
    model = Result
    fields = ["code", "title", "depth", "parent", "landscape"]
    ordering = ["depth", "position"]


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["name", "partnership", "start_date", "end_date", "created_at"]
    list_select_related = ["partnership"]
    search_fields = ["name", "partnership__name"]
    list_filter = ["created_at"]
    inlines = [ResultInline]


class IndicatorPeriodInline(ReadOnlyInline):
    model = IndicatorPeriod
    fields = ["label", "start", "end"]
    verbose_name_plural = _("custom reporting periods")


class TargetInline(ReadOnlyInline):
    model = Target
    fields = ["period_start", "period_end", "value"]
    ordering = ["period_start"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "partnership", "unit", "frequency", "library_indicator"]
    list_select_related = ["partnership", "library_indicator"]
    list_filter = [
        "unit",
        "frequency",
        "indicator_type",
        ("library_indicator", admin.EmptyFieldListFilter),
    ]
    search_fields = ["code", "name", "partnership__name"]
    inlines = [IndicatorPeriodInline, TargetInline]


class MeasurementRevisionInline(ReadOnlyInline):
    model = MeasurementRevision
    fields = ["created_at", "old_value", "new_value", "change_reason", "changed_by"]
    verbose_name_plural = _("changes to the approved value")


class MeasurementEvidenceInline(ReadOnlyInline):
    model = MeasurementEvidence
    fields = ["title", "file", "uploaded_by", "created_at"]


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "period_start", "value", "status", "partnership"]
    list_select_related = ["indicator", "partnership"]
    list_filter = ["status", ("import_batch", admin.EmptyFieldListFilter)]
    search_fields = ["indicator__code", "indicator__name", "partnership__name"]
    date_hierarchy = "period_start"
    inlines = [MeasurementRevisionInline, MeasurementEvidenceInline]


@admin.register(Disaggregation)
class DisaggregationAdmin(ReadOnlyAdmin):
    list_display = ["name", "partnership", "values"]
    list_select_related = ["partnership"]
    search_fields = ["name", "partnership__name"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at", "original_name", "partnership", "status", "row_count",
        "measurement_count", "target_count", "error_count", "created_by",
    ]  # fmt: skip
    list_select_related = ["partnership", "created_by"]
    list_filter = ["status", "submit", "created_at"]
    search_fields = ["original_name", "partnership__name", "created_by__email"]
    date_hierarchy = "created_at"


@admin.register(PeriodLock)
class PeriodLockAdmin(ReadOnlyAdmin):
    list_display = ["partnership", "start", "end", "reason", "locked_by"]
    list_select_related = ["partnership", "locked_by"]
    list_filter = ["start"]
    search_fields = ["partnership__name", "reason"]


class ReportRunInline(ReadOnlyInline):
    model = ReportRun
    fields = ["period_start", "period_end", "job", "notified_at"]
    ordering = ["-period_start"]


@admin.register(ReportSchedule)
class ReportScheduleAdmin(ReadOnlyAdmin):
    list_display = ["partnership", "frequency", "format", "is_active", "created_by"]
    list_select_related = ["partnership", "created_by"]
    list_filter = ["frequency", "format", "is_active"]
    search_fields = ["partnership__name", "created_by__email"]
    inlines = [ReportRunInline]


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    list_display = ["partnership", "period_start", "period_end", "job", "notified_at"]
    list_select_related = ["partnership", "job"]
    list_filter = [("notified_at", admin.EmptyFieldListFilter), "period_start"]
    search_fields = ["partnership__name"]


@admin.register(DataReminder)
class DataReminderAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "partnership", "period_start", "kind", "created_at"]
    list_select_related = ["indicator", "partnership"]
    list_filter = ["kind", "created_at"]
    search_fields = ["indicator__code", "indicator__name", "partnership__name"]


@admin.register(ScorecardSnapshot)
class ScorecardSnapshotAdmin(ReadOnlyAdmin):
    """Snapshots are published from the scorecard page; the public page shows them."""

    list_display = ["title", "period_label", "country", "published_by", "created_at"]
    list_select_related = ["published_by"]
    list_filter = ["country", "created_at"]
    search_fields = ["title", "period_label"]
