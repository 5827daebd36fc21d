from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from capacity.models import (
    AssessmentScore,
    Attendance,
    Certificate,
    Cohort,
    Competency,
    CompetencyFramework,
    ConsentText,
    Enrollment,
    LearningResource,
    Participant,
    ParticipantConsent,
    Program,
    ProviderStaff,
    SelfAssessment,
    Session,
)
from hub.admin import ReadOnlyAdmin, ReadOnlyInline


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 1
    fields = ["code", "name", "order", "description"]


@admin.register(CompetencyFramework)
class CompetencyFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
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
    search_fields = ["text"]
    date_hierarchy = "published_on"

    def has_change_permission(self, request, obj=None):
        # A published version is what people agreed to: publish a new version instead.
        return obj is None and super().has_change_permission(request, obj)


@admin.register(ProviderStaff)
class ProviderStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "created_at"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__email", "user__full_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "format", "delivery", "language"]
    list_filter = ["format", "delivery", "language"]
    search_fields = ["title", "provider__name"]
    readonly_fields = ["created_by"]


class SessionInline(ReadOnlyInline):
    model = Session
    fields = ["title", "starts_at", "duration_minutes", "location"]
    ordering = ["starts_at"]


@admin.register(Cohort)
class CohortAdmin(GuardedModelAdmin):
    """The "Object permissions" button (django-guardian) grants trainers a cohort."""

    list_display = ["name", "program", "start_date", "end_date"]
    list_select_related = ["program"]
    list_filter = ["program", "start_date"]
    search_fields = ["name", "program__title"]
    filter_horizontal = ["partnerships"]
    inlines = [SessionInline]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "enrollment", "partnership", "issued_on", "revoked_at"]
    list_select_related = ["enrollment__participant", "enrollment__cohort", "partnership"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "issued_on"]
    search_fields = ["code", "enrollment__participant__name"]
    readonly_fields = ["enrollment", "code", "issued_on", "file", "partnership"]


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["session", "status", "recorded_by"]


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    """Trainers and leaders record enrollments and attendance in the cohort pages."""

    list_display = ["participant", "cohort", "partnership", "status", "enrolled_on", "completed_on"]
    list_select_related = ["participant", "cohort", "partnership"]
    list_filter = ["status", "cohort__program"]
    search_fields = ["participant__name", "cohort__name", "partnership__name"]
    inlines = [AttendanceInline]


class ParticipantConsentInline(ReadOnlyInline):
    model = ParticipantConsent
    fields = ["consent_text", "given_on", "recorded_by", "withdrawn_at", "superseded_at"]
    verbose_name_plural = _("consent history")


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    """Personal data kept with recorded consent: read-only here; trainers and leaders
    record consent and its withdrawal on the enrollment's consent page."""

    list_display = ["name", "gender", "age_group", "community", "consent_withdrawn_at"]
    list_filter = ["gender", "age_group", ("consent_withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "email", "organization", "community"]
    inlines = [ParticipantConsentInline]


class AssessmentScoreInline(ReadOnlyInline):
    model = AssessmentScore
    fields = ["competency", "score"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["partnership", "framework", "phase", "assessed_on", "created_by"]
    list_select_related = ["partnership", "framework", "created_by"]
    list_filter = ["phase", "framework"]
    search_fields = ["partnership__name", "notes"]
    date_hierarchy = "assessed_on"
    inlines = [AssessmentScoreInline]
