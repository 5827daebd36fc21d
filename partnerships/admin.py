"""Admin for hub staff. Partnership decisions (approve, decline, archive), profile
changes, invitation and API key revocations go through the services, so people are
notified and the audit trail is the same as in the app. Tenant rows that members
manage in their workspace are read-only here; the "History" button of each change
form (pghistory) shows who changed what."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin

from hub.admin import CountryListFilter, ReadOnlyAdmin, ReadOnlyInline, ReadOnlyMixin
from hub.services import ApplicationError
from partnerships.models import (
    ActionItem,
    ActionItemReminder,
    AllowedWebhookHost,
    ApiKey,
    ApiKeyDailyUsage,
    BodyMember,
    Decision,
    DigestSend,
    ExportLink,
    GovernanceBody,
    Invitation,
    JoinRequest,
    Meeting,
    MeetingAttachment,
    Membership,
    PartnerContact,
    PartnerOrganization,
    Partnership,
    ProcessStage,
    StageEvidence,
    StageProgress,
    WebhookDelivery,
    WebhookEndpoint,
)
from partnerships.services.apikeys import apikey_revoke
from partnerships.services.membership import invitation_revoke
from partnerships.services.profile import EDITABLE_FIELDS, logo_check, partnership_update
from partnerships.services.proposal import partnership_approve, partnership_decline


def _run_service(modeladmin, request, queryset, service, success_message: str) -> None:
    """Call ``service(row)`` for each selected row, each in its own transaction; a
    refusal of one row is reported and does not undo the others."""
    done, refused = 0, []
    for row in queryset:
        try:
            with transaction.atomic():
                service(row)
        except ApplicationError as error:
            refused.append(f"{row}: {error.message}")
        except (PermissionDenied, ValidationError) as error:
            refused.append(f"{row}: {error}")
        else:
            done += 1
            modeladmin.log_change(request, row, str(success_message))
    if done:
        modeladmin.message_user(request, f"{success_message} ({done})", messages.SUCCESS)
    for message in refused:
        modeladmin.message_user(request, message, messages.WARNING)


class MembershipInline(ReadOnlyMixin, admin.TabularInline):
    model = Membership
    fields = ("user", "role", "created_at")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    verbose_name_plural = _("members (managed by the partnership's leaders)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class PartnerOrganizationInline(ReadOnlyMixin, admin.TabularInline):
    model = PartnerOrganization
    fk_name = "partnership"
    fields = ("organization", "role", "joined_on", "left_on")
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


class BodyMemberInline(ReadOnlyInline):
    model = BodyMember
    fields = ("name", "user", "organization", "position", "since", "until")


class MeetingAttachmentInline(ReadOnlyInline):
    model = MeetingAttachment
    fields = ("title", "file", "created_at")


class ActionItemReminderInline(ReadOnlyInline):
    model = ActionItemReminder
    fields = ("kind", "for_date", "sent_at")
    verbose_name_plural = _("reminders sent")


class PartnerContactInline(ReadOnlyInline):
    model = PartnerContact
    fields = ("name", "position", "email", "phone")


class StageEvidenceInline(ReadOnlyInline):
    model = StageEvidence
    fields = ("title", "url", "file", "created_at")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason given to the proposer"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
    )


class PartnershipAdminForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Partnership
        fields = ("name", "slug", *sorted(EDITABLE_FIELDS), "logo")

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            try:
                logo_check(logo)
            except ApplicationError as error:
                raise forms.ValidationError(error.message) from None
        return logo


@admin.register(Partnership)
class PartnershipAdmin(GuardedModelAdminMixin, admin.ModelAdmin):
    """The "Object permissions" button (django-guardian) manages explicit grants on one
    partnership; roles of members come from their memberships."""

    form = PartnershipAdminForm
    list_display = (
        "name",
        "slug",
        "approval",
        "status",
        "visibility",
        "join_policy",
        "country_names",
        "member_count",
        "created_at",
    )
    list_filter = ("approval", "status", "visibility", "join_policy", CountryListFilter)
    search_fields = ("name", "slug", "short_description", "contact_email")
    readonly_fields = ("uuid", "approval", "proposed_by", "created_at", "updated_at", "page_link")
    fieldsets = (
        (None, {"fields": ("name", "slug", "page_link", "approval", "proposed_by", "uuid")}),
        (
            _("Profile"),
            {
                "fields": (
                    "short_description",
                    "description",
                    "shared_vision",
                    "year_established",
                    "status",
                    "countries",
                    "working_languages",
                    "contact_email",
                    "website",
                    "logo",
                )
            },
        ),
        (_("Access"), {"fields": ("visibility", "join_policy")}),
        (_("Dates"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = (MembershipInline, PartnerOrganizationInline)
    actions = ("approve", "decline", "archive")
    date_hierarchy = "created_at"
    list_select_related = ("proposed_by",)

    def has_add_permission(self, request):
        # Partnerships are proposed through the app and approved here.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: Partnership) -> int:
        return obj.member_total

    @admin.display(description=_("countries"))
    def country_names(self, obj: Partnership) -> str:
        return ", ".join(country.name for country in obj.countries)

    @admin.display(description=_("page"))
    def page_link(self, obj: Partnership) -> str:
        if not obj.pk:
            return "—"
        url = reverse("partnerships:profile", args=[obj.slug])
        return format_html('<a href="{}">{}</a>', url, url)

    def save_model(self, request, obj, form, change):
        """Profile fields through ``partnership_update`` (sanitizing, history as in the
        app); the slug, which only staff may change, directly."""
        changed = set(form.changed_data)
        if "slug" in changed:
            Partnership.objects.filter(pk=obj.pk).update(slug=form.cleaned_data["slug"])
        fields = {name: form.cleaned_data[name] for name in changed & EDITABLE_FIELDS}
        if "logo" in changed:
            fields["logo"] = form.cleaned_data["logo"] or None
        if fields:
            partnership = Partnership.objects.get(pk=obj.pk)
            partnership_update(partnership=partnership, actor=request.user, **fields)

    @admin.action(description=_("Approve the selected proposals"))
    def approve(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda p: partnership_approve(partnership=p, actor=request.user),
            _("Approved"),
        )

    @admin.action(description=_("Decline the selected proposals…"))
    def decline(self, request, queryset):
        form = DeclineForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            _run_service(
                self,
                request,
                queryset,
                lambda p: partnership_decline(partnership=p, actor=request.user, reason=reason),
                _("Declined"),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decline partnership proposals"),
            "form": form,
            "partnerships": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "partnerships/pages/admin_decline.html", context)

    @admin.action(description=_("Archive the selected partnerships"))
    def archive(self, request, queryset):
        _run_service(
            self,
            request,
            queryset.exclude(status=Partnership.Status.ARCHIVED),
            lambda p: partnership_update(
                partnership=p, actor=request.user, status=Partnership.Status.ARCHIVED
            ),
            _("Archived"),
        )


@admin.register(Membership)
class MembershipAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "partnership", "role", "created_at")
    list_filter = ("role", "partnership")
    search_fields = ("user__email", "user__full_name", "partnership__name")
    list_select_related = ("user", "partnership")
    fields = ("partnership", "user", "role", "uuid", "created_at", "updated_at")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "email",
        "partnership",
        "role",
        "status",
        "invited_by",
        "expires_at",
        "sent_count",
    )
    list_filter = ("status", "role", "partnership")
    search_fields = ("email", "partnership__name", "invited_by__email")
    list_select_related = ("partnership", "invited_by")
    date_hierarchy = "created_at"
    # The token hash is never shown: it is a credential.
    fields = (
        "partnership",
        "email",
        "role",
        "status",
        "message",
        "invited_by",
        "expires_at",
        "sent_count",
        "last_sent_at",
        "accepted_by",
        "decided_at",
        "created_at",
    )
    actions = ("revoke",)

    @admin.action(description=_("Withdraw the selected invitations"))
    def revoke(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda i: invitation_revoke(invitation=i, actor=request.user),
            _("Withdrawn"),
        )


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "partnership", "status", "created_at", "decided_by", "decided_at")
    list_filter = ("status", "partnership")
    search_fields = ("user__email", "user__full_name", "partnership__name")
    list_select_related = ("user", "partnership", "decided_by")
    fields = ("partnership", "user", "message", "status", "decided_by", "decided_at", "created_at")


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("organization", "partnership", "role", "joined_on", "left_on")
    list_filter = ("role", "partnership")
    search_fields = ("organization__name", "organization__acronym", "partnership__name")
    list_select_related = ("organization", "partnership")
    inlines = (PartnerContactInline,)


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "partnership", "kind", "is_active")
    list_filter = ("kind", "is_active", "partnership")
    search_fields = ("name", "partnership__name")
    list_select_related = ("partnership",)
    inlines = (BodyMemberInline,)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "partnership", "body", "starts_at", "location")
    list_filter = ("partnership",)
    search_fields = ("title", "partnership__name", "location")
    list_select_related = ("partnership", "body")
    date_hierarchy = "starts_at"
    exclude = ("attendees",)
    inlines = (MeetingAttachmentInline,)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "partnership", "body", "decided_on")
    list_filter = ("partnership",)
    search_fields = ("title", "text", "partnership__name")
    list_select_related = ("partnership", "body")
    date_hierarchy = "decided_on"


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "partnership", "owner", "due_date", "status")
    list_filter = ("status", "partnership")
    search_fields = ("title", "owner__email", "owner__full_name", "partnership__name")
    list_select_related = ("partnership", "owner")
    date_hierarchy = "due_date"
    inlines = (ActionItemReminderInline,)


@admin.register(ProcessStage)
class ProcessStageAdmin(admin.ModelAdmin):
    """The stages of the integrated landscape management process: hub staff configure
    them for every partnership."""

    list_display = ("name", "key", "order", "is_active", "partnerships_on_it")
    list_display_links = ("name",)
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "name_es", "name_fr", "name_pt", "key", "description")
    prepopulated_fields = {"key": ("name",)}
    ordering = ("order", "name")
    fieldsets = (
        (None, {"fields": ("name", "key", "order", "is_active", "description")}),
        (
            _("Translations (English is shown where one is empty)"),
            {
                "fields": (
                    ("name_es", "name_fr", "name_pt"),
                    "description_es",
                    "description_fr",
                    "description_pt",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(progress_total=Count("progress", filter=~Q(progress__status="not_started")))
        )

    @admin.display(description=_("partnerships started"), ordering="progress_total")
    def partnerships_on_it(self, obj: ProcessStage) -> int:
        return obj.progress_total

    def has_delete_permission(self, request, obj=None):
        # A stage with recorded progress is kept; mark it "not in use" instead.
        if obj is not None and obj.progress.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(StageProgress)
class StageProgressAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("partnership", "stage", "status", "started_on", "completed_on")
    list_filter = ("status", "stage", "partnership")
    search_fields = ("partnership__name", "stage__name")
    list_select_related = ("partnership", "stage")
    inlines = (StageEvidenceInline,)


class ApiKeyDailyUsageInline(ReadOnlyInline):
    model = ApiKeyDailyUsage
    fields = ("day", "requests", "errors")
    ordering = ("-day",)
    verbose_name_plural = _("requests per day")


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    inlines = (ApiKeyDailyUsageInline,)
    list_display = (
        "name",
        "prefix",
        "partnership",
        "scope",
        "created_by",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter), "partnership")
    search_fields = ("name", "prefix", "partnership__name", "created_by__email")
    list_select_related = ("partnership", "created_by")
    # The key hash is never shown.
    fields = (
        "partnership",
        "name",
        "prefix",
        "scope",
        "created_by",
        "expires_at",
        "revoked_at",
        "last_used_at",
        "created_at",
    )
    actions = ("revoke",)

    @admin.action(description=_("Revoke the selected API keys"))
    def revoke(self, request, queryset):
        _run_service(
            self,
            request,
            queryset.filter(revoked_at__isnull=True),
            lambda key: apikey_revoke(key=key, actor=request.user),
            _("Revoked"),
        )


@admin.register(AllowedWebhookHost)
class AllowedWebhookHostAdmin(admin.ModelAdmin):
    """Hosts on private, loopback or link-local addresses that webhooks may reach."""

    list_display = ["host", "reason", "created_at"]
    search_fields = ["host", "reason"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    """Leaders manage their endpoints in the workspace; staff see their health here."""

    list_display = (
        "url",
        "partnership",
        "is_active",
        "consecutive_failures",
        "disabled_at",
        "created_by",
    )
    list_filter = ("is_active", ("disabled_at", admin.EmptyFieldListFilter), "partnership")
    search_fields = ("url", "description", "partnership__name")
    list_select_related = ("partnership", "created_by")
    # The signing secrets are never shown.
    fields = (
        "partnership",
        "url",
        "description",
        "event_types",
        "is_active",
        "consecutive_failures",
        "disabled_at",
        "disabled_reason",
        "created_by",
        "created_at",
    )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "event_type",
        "endpoint",
        "partnership",
        "status",
        "attempts",
        "response_status",
        "delivered_at",
    )
    list_filter = ("status", "event_type", "response_status")
    search_fields = ("endpoint__url", "partnership__name", "event_id", "object_uuid")
    list_select_related = ("endpoint", "partnership")
    date_hierarchy = "created_at"


@admin.register(ExportLink)
class ExportLinkAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "partnership",
        "dataset",
        "format",
        "token_prefix",
        "created_by",
        "revoked_at",
        "last_used_at",
    )
    list_filter = ("dataset", "format", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "token_prefix", "partnership__name", "created_by__email")
    list_select_related = ("partnership", "created_by")
    # The token hash is never shown.
    fields = (
        "partnership",
        "name",
        "dataset",
        "format",
        "token_prefix",
        "created_by",
        "created_at",
        "revoked_at",
        "last_used_at",
    )


@admin.register(DigestSend)
class DigestSendAdmin(ReadOnlyAdmin):
    """One row per person and week: the weekly digest is sent once, however often the
    job runs."""

    list_display = ("week_start", "user", "delivery", "created_at")
    list_filter = ("week_start",)
    search_fields = ("user__email", "user__full_name")
    list_select_related = ("user", "delivery")
    date_hierarchy = "week_start"
