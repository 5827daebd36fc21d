from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from capacity.models import (
    Certificate,
    Cohort,
    Competency,
    CompetencyFramework,
    ConsentText,
    LearningResource,
    Program,
    ProviderStaff,
)


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 1
    fields = ["code", "name", "order", "description"]


@admin.register(CompetencyFramework)
class CompetencyFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    inlines = [CompetencyInline]


@admin.register(LearningResource)
class LearningResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "format", "language", "is_published"]
    list_filter = ["kind", "format", "language", "is_published"]
    search_fields = ["title", "description"]
    filter_horizontal = ["competencies"]


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ["version", "published_on"]

    def has_change_permission(self, request, obj=None):
        # A published version is what people agreed to: publish a new version instead.
        return obj is None and super().has_change_permission(request, obj)


@admin.register(ProviderStaff)
class ProviderStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "created_at"]
    autocomplete_fields = ["user", "organization"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "format", "delivery", "language"]
    list_filter = ["format", "delivery", "language"]
    search_fields = ["title", "provider__name"]
    readonly_fields = ["created_by"]


@admin.register(Cohort)
class CohortAdmin(GuardedModelAdmin):
    list_display = ["name", "program", "start_date", "end_date"]
    search_fields = ["name", "program__title"]
    filter_horizontal = ["partnerships"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "issued_on", "revoked_at"]
    search_fields = ["code"]
    readonly_fields = ["enrollment", "code", "issued_on", "file", "partnership"]
