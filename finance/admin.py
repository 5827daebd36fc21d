"""Admin for hub staff. Staff maintain the exchange rates (also importable from CSV) and
the funder review criteria here; partnerships' own finance rows are read-only (members
manage them in their workspace, through the finance services)."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from finance.models import (
    Budget,
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
    ReviewCriterion,
    ReviewMessage,
    ReviewScore,
    Transaction,
)
from finance.services import rates as rate_services
from finance.services import review as review_services
from hub.services import ApplicationError


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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

    list_display = ["__str__", "permission"]
    list_select_related = ["permission"]
