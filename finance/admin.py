"""Admin for hub staff. Staff maintain the exchange rates (also importable from CSV) and
the funder review criteria here; partnerships' own finance rows are read-only (members
manage them in their workspace, through the finance services)."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from finance.models import (
    Budget,
    DeadlineReminder,
    DonorProspect,
    ExchangeRate,
    FunderStaff,
    FundingSource,
    Investment,
    InvestmentDocument,
    InvestmentGroupObjectPermission,
    InvestmentReview,
    InvestmentUserObjectPermission,
    Portfolio,
    PortfolioGroupObjectPermission,
    PortfolioShare,
    PortfolioUserObjectPermission,
    Proposal,
    ProposalDeadline,
    ProposalTransition,
    ReviewCriterion,
    ReviewMessage,
    ReviewScore,
    Transaction,
)
from finance.services import mobilization as mobilization_services
from finance.services import rates as rate_services
from finance.services import review as review_services
from hub.admin import ReadOnlyAdmin, ReadOnlyInline
from hub.services import ApplicationError

# --- exchange rates -------------------------------------------------------------------


class ExchangeRateForm(forms.ModelForm):
    """Runs the same checks as the rates service (plausible rate, known currency, not in
    the future) so that the admin cannot store what the staff page would refuse."""

    class Meta:
        model = ExchangeRate
        fields = ["currency", "date", "rate", "source"]

    def clean(self):
        data = super().clean()
        for name, check in (
            ("currency", rate_services._check_currency),
            ("date", rate_services._check_date),
            ("rate", rate_services._check_rate),
        ):
            if data.get(name) is None or name in self.errors:
                continue
            try:
                data[name] = check(data[name])
            except ApplicationError as error:
                self.add_error(name, error.message)
        return data


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    form = ExchangeRateForm
    list_display = ["currency", "date", "rate", "source", "updated_at"]
    list_filter = ["currency", "date", "source"]
    search_fields = ["currency", "source"]
    date_hierarchy = "date"
    ordering = ["currency", "-date"]
    change_list_template = "finance/rates/admin_change_list.html"


# --- portfolio and investments (read-only) ----------------------------------------


class InvestmentInline(ReadOnlyInline):
    model = Investment
    fields = ["name", "stage", "sector", "total_cost", "currency", "start_date", "end_date"]
    readonly_fields = fields


@admin.register(Portfolio)
class PortfolioAdmin(ReadOnlyAdmin):
    list_display = ["title", "partnership", "reporting_currency", "investment_count", "updated_at"]
    list_filter = ["reporting_currency"]
    list_select_related = ["partnership"]
    search_fields = ["title", "partnership__name", "partnership__slug"]
    inlines = [InvestmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(investment_count=Count("investments"))

    @admin.display(description=_("investments"), ordering="investment_count")
    def investment_count(self, obj) -> int:
        return obj.investment_count


class FundingSourceInline(ReadOnlyInline):
    model = FundingSource
    fields = ["funder", "source_type", "instrument", "amount", "currency", "status"]
    readonly_fields = fields


class TransactionInline(ReadOnlyInline):
    model = Transaction
    fields = ["type", "date", "amount", "currency", "provider", "receiver", "description"]
    readonly_fields = fields


class BudgetInline(ReadOnlyInline):
    model = Budget
    fields = ["period_start", "period_end", "amount", "currency", "type", "status"]
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = InvestmentDocument
    fields = ["title", "file", "shared_with_funders"]
    readonly_fields = fields


@admin.register(Investment)
class InvestmentAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "partnership",
        "stage",
        "sector",
        "kind",
        "total_cost",
        "currency",
        "risk_level",
        "on_marketplace",
    ]
    list_filter = ["stage", "sector", "kind", "risk_level", "on_marketplace", "currency"]
    list_select_related = ["partnership"]
    search_fields = ["name", "summary", "iati_identifier", "partnership__name"]
    date_hierarchy = "start_date"
    inlines = [FundingSourceInline, TransactionInline, BudgetInline, DocumentInline]


@admin.register(InvestmentDocument)
class InvestmentDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "investment", "partnership", "shared_with_funders", "created_at"]
    list_filter = ["shared_with_funders"]
    list_select_related = ["investment", "partnership"]
    search_fields = ["title", "investment__name", "partnership__name"]


@admin.register(FundingSource)
class FundingSourceAdmin(ReadOnlyAdmin):
    list_display = [
        "investment",
        "funder",
        "instrument",
        "source_type",
        "amount",
        "currency",
        "status",
        "partnership",
    ]
    list_filter = ["status", "instrument", "source_type", "currency"]
    list_select_related = ["investment", "funder", "partnership"]
    search_fields = ["investment__name", "funder__name", "partnership__name"]


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ["investment", "type", "date", "amount", "currency", "partnership"]
    list_filter = ["type", "currency"]
    list_select_related = ["investment", "partnership"]
    search_fields = ["investment__name", "description", "partnership__name"]
    date_hierarchy = "date"


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = [
        "investment",
        "period_start",
        "period_end",
        "amount",
        "currency",
        "type",
        "status",
        "partnership",
    ]
    list_filter = ["type", "status", "currency"]
    list_select_related = ["investment", "partnership"]
    search_fields = ["investment__name", "partnership__name"]
    date_hierarchy = "period_start"


# --- funder review --------------------------------------------------------------------


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(admin.ModelAdmin):
    """The criteria funders score investments against: hub staff keep the list."""

    list_display = ["name", "position", "active"]
    list_editable = ["position", "active"]
    list_filter = ["active"]
    search_fields = ["name", "description"]


@admin.register(FunderStaff)
class FunderStaffAdmin(admin.ModelAdmin):
    """Linking a user to a funder organization grants what is shared with it: adding and
    removing go through the finance services (they keep the organization's group)."""

    list_display = ["user", "organization", "created_at"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__email", "user__full_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = review_services.funder_staff_add(
            organization=obj.organization, user=obj.user, actor=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        review_services.funder_staff_remove(
            organization=obj.organization, user=obj.user, actor=request.user
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("user", "organization"):
            self.delete_model(request, obj)


@admin.register(PortfolioShare)
class PortfolioShareAdmin(ReadOnlyAdmin):
    list_display = [
        "portfolio",
        "funder",
        "whole_portfolio",
        "shared_by",
        "created_at",
        "revoked_at",
    ]
    list_filter = ["whole_portfolio", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["portfolio", "funder", "shared_by"]
    search_fields = ["portfolio__title", "funder__name", "partnership__name"]


class ReviewScoreInline(ReadOnlyInline):
    model = ReviewScore
    fields = ["criterion", "score", "comment", "scored_by"]
    readonly_fields = fields
    show_change_link = False


class ReviewMessageInline(ReadOnlyInline):
    model = ReviewMessage
    fields = ["kind", "author", "from_funder", "body", "created_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(InvestmentReview)
class InvestmentReviewAdmin(ReadOnlyAdmin):
    list_display = ["investment", "funder", "status", "status_changed_at", "partnership"]
    list_filter = ["status"]
    list_select_related = ["investment", "funder", "partnership"]
    search_fields = ["investment__name", "funder__name", "partnership__name"]
    inlines = [ReviewScoreInline, ReviewMessageInline]


@admin.register(ReviewScore)
class ReviewScoreAdmin(ReadOnlyAdmin):
    list_display = ["review", "criterion", "score", "scored_by", "updated_at"]
    list_filter = ["criterion", "score"]
    list_select_related = ["review__investment", "criterion", "scored_by"]
    search_fields = ["review__investment__name", "criterion__name"]


@admin.register(ReviewMessage)
class ReviewMessageAdmin(ReadOnlyAdmin):
    list_display = ["review", "kind", "author", "from_funder", "created_at"]
    list_filter = ["kind", "from_funder"]
    list_select_related = ["review__investment", "author"]
    search_fields = ["body", "review__investment__name", "author__email"]


# --- object permissions (django-guardian) ---------------------------------------


@admin.register(
    PortfolioUserObjectPermission,
    PortfolioGroupObjectPermission,
    InvestmentUserObjectPermission,
    InvestmentGroupObjectPermission,
)
class ObjectPermissionAdmin(ReadOnlyAdmin):
    """The grants funder shares made; they change only through sharing and revoking."""

    list_display = ["content_object", "permission", "grantee"]
    list_select_related = ["permission", "content_object"]
    list_filter = ["permission"]
    search_fields = ["permission__codename"]

    @admin.display(description=_("granted to"))
    def grantee(self, obj) -> str:
        return str(getattr(obj, "user", None) or getattr(obj, "group", ""))


# --- resource mobilization --------------------------------------------------------------


class ProposalOfProspectInline(ReadOnlyInline):
    model = Proposal
    fields = ["title", "status", "amount", "currency", "owner", "submission_deadline"]
    readonly_fields = fields


_PROSPECT_FIELDS = (
    "notes", "focus_areas", "countries", "grant_min", "grant_max", "grant_currency",
    "contact_name", "contact_email", "relationship_owner", "status",
)  # fmt: skip


def _prospect_data(cleaned: dict) -> dict:
    data = {name: cleaned.get(name) for name in _PROSPECT_FIELDS}
    data["focus_areas"] = data["focus_areas"] or []
    data["countries"] = data["countries"] or []
    return data


class DonorProspectForm(forms.ModelForm):
    """Runs the service's checks (staff relationship owner, known focus areas, ...) so the
    admin shows a refusal on its field instead of failing on save."""

    class Meta:
        model = DonorProspect
        fields = ["organization", *_PROSPECT_FIELDS]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        organization = data.get("organization") or self.instance.organization
        try:
            mobilization_services.prospect_check(organization=organization, **_prospect_data(data))
        except ApplicationError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return data


@admin.register(DonorProspect)
class DonorProspectAdmin(admin.ModelAdmin):
    """Donor prospects of the hub's pipeline; saving goes through the mobilization
    services (the same checks as /finance/mobilization/donors/)."""

    list_display = [
        "organization",
        "status",
        "relationship_owner",
        "grant_min",
        "grant_max",
        "grant_currency",
        "proposal_count",
    ]
    list_filter = ["status", "grant_currency", "relationship_owner"]
    list_select_related = ["organization", "relationship_owner"]
    search_fields = ["organization__name", "organization__acronym", "contact_name", "notes"]
    autocomplete_fields = ["organization", "relationship_owner"]
    inlines = [ProposalOfProspectInline]
    form = DonorProspectForm

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(proposal_count=Count("proposals"))

    @admin.display(description=_("proposals"), ordering="proposal_count")
    def proposal_count(self, obj) -> int:
        return obj.proposal_count

    def get_readonly_fields(self, request, obj=None):
        return ["organization"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = _prospect_data(form.cleaned_data)
        if change:
            saved = mobilization_services.prospect_update(actor=request.user, prospect=obj, **data)
        else:
            saved = mobilization_services.prospect_create(
                actor=request.user, organization=obj.organization, **data
            )
        obj.pk = saved.pk


class ProposalDeadlineInline(ReadOnlyInline):
    model = ProposalDeadline
    fields = ["name", "date"]
    readonly_fields = fields
    show_change_link = False


class ProposalTransitionInline(ReadOnlyInline):
    model = ProposalTransition
    fields = ["created_at", "from_status", "to_status", "reopened", "reason", "actor"]
    readonly_fields = fields
    show_change_link = False


class DeadlineReminderInline(ReadOnlyInline):
    model = DeadlineReminder
    fields = ["deadline_key", "deadline_date", "step", "sent_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    """Read-only here: hub staff add, edit and move proposals on the pipeline page
    (/finance/mobilization/), where the transitions are enforced."""

    list_display = [
        "title",
        "donor",
        "status",
        "amount",
        "currency",
        "owner",
        "submission_deadline",
        "decision_expected",
    ]
    list_filter = ["status", "currency", "owner", "partnerships"]
    list_select_related = ["donor__organization", "owner"]
    search_fields = ["title", "donor__organization__name", "notes", "partnerships__name"]
    autocomplete_fields = ["donor", "owner", "partnerships"]
    date_hierarchy = "submission_deadline"
    inlines = [ProposalDeadlineInline, ProposalTransitionInline, DeadlineReminderInline]


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "deadline_key", "deadline_date", "step", "sent_at"]
    list_filter = ["step"]
    list_select_related = ["proposal"]
    search_fields = ["proposal__title"]
