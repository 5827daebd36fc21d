"""Finance API.

- /api/v1/partnerships/<slug>/finance/...: the partnership's portfolio, investments,
  funding sources, transactions and budgets (flat lists with an ``investment`` filter,
  like the MEL API), shares with funders and the funders' reviews. Session or API key;
  each method declares its permission (``FinancePerm``), read-scoped keys only read.
- /api/v1/funder/...: what is shared with the caller's funder organization, across
  partnerships. Session only (API keys belong to one partnership); an investment that
  is not (or no longer) shared answers 404.

Writes go through ``finance.services``; their refusals are 400 on the field they name,
with nothing saved.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from finance.api import figures
from finance.api import serializers as s
from finance.models import (
    Budget,
    BudgetStatus,
    BudgetType,
    FundingSource,
    FundingStatus,
    Instrument,
    Investment,
    InvestmentKind,
    InvestmentReview,
    PortfolioShare,
    ReviewCriterion,
    ReviewMessage,
    ReviewScore,
    ReviewStatus,
    RiskLevel,
    Sector,
    SourceType,
    Stage,
    Transaction,
    TransactionType,
)
from finance.selectors import portfolio as portfolio_selectors
from finance.selectors import review as review_selectors
from finance.services import funding as funding_services
from finance.services import portfolio as portfolio_services
from finance.services import review as review_services
from hub.models import Organization
from landscapes.models import Landscape, Site
from mel.models import Indicator, Result
from partnerships.api.base import PartnershipApiView
from partnerships.api.governance import TenantDetailApi, TenantListCreateApi, merged, service_call
from partnerships.roles import FinancePerm

TAGS = ["finance"]
FUNDER_TAGS = ["funder"]
READ, MANAGE, SHARE = FinancePerm.VIEW, FinancePerm.MANAGE, FinancePerm.SHARE
DETAIL_METHODS = ["get", "patch", "delete", "head", "options"]


def _perms(write: str) -> dict:
    return {"GET": READ, "POST": write, "PATCH": write, "DELETE": write}


def _not_moved(serializer, row, field="investment"):
    """A row stays with its investment: another value is a 400."""
    value = serializer.validated_data.get(field)
    if value is not None and value.pk != getattr(row, f"{field}_id"):
        raise exceptions.ValidationError(
            {field: ["A row cannot move to another investment; delete it and add a new one."]}
        )


class FiguresMixin:
    """Adds the converted figures of the rows being serialized to the context."""

    def figures_for(self, rows: list) -> dict:
        return {}

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if args and args[0] is not None:
            rows = list(args[0]) if kwargs.get("many") else [args[0]]
            serializer.context["figures"] = self.figures_for(rows)
        return serializer

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.context["figures"] = self.figures_for([serializer.instance])

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.context["figures"] = self.figures_for([serializer.instance])


# --- the portfolio -----------------------------------------------------------------------


class PortfolioApi(PartnershipApiView):
    serializer_class = s.PortfolioSerializer
    required_perms = {"GET": READ, "PATCH": MANAGE}
    filter_backends: list = []
    pagination_class = None

    def answer(self):
        portfolio = portfolio_selectors.portfolio_get(partnership=self.partnership)
        currency = portfolio.reporting_currency if portfolio else "USD"
        data = {
            "uuid": portfolio.uuid if portfolio else None,
            "partnership": self.partnership,
            "title": portfolio.title if portfolio else "",
            "description": portfolio.description if portfolio else "",
            "reporting_currency": currency,
            "updated_at": portfolio.updated_at if portfolio else None,
            **figures.portfolio_figures(partnership=self.partnership, reporting_currency=currency),
        }
        return Response(s.PortfolioSerializer(data).data)

    @extend_schema(
        summary="Get the portfolio with its totals in the reporting currency",
        description="Before the portfolio is first saved, `uuid` is null and the defaults "
        "are shown.",
        tags=TAGS,
    )
    def get(self, request, *args, **kwargs):
        return self.answer()

    @extend_schema(
        summary="Change the portfolio's title, description or reporting currency",
        tags=TAGS,
        request=s.PortfolioUpdateSerializer,
        responses={200: s.PortfolioSerializer},
    )
    def patch(self, request, *args, **kwargs):
        serializer = s.PortfolioUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            portfolio = portfolio_services.portfolio_get_or_create(partnership=self.partnership)
            fields = merged(serializer, portfolio, ["title", "description", "reporting_currency"])
            service_call(portfolio_services.portfolio_update, portfolio=portfolio, **fields)
        return self.answer()


# --- investments -------------------------------------------------------------------------


class InvestmentFilter(filters.FilterSet):
    stage = filters.MultipleChoiceFilter(choices=Stage.choices)
    sector = filters.MultipleChoiceFilter(choices=Sector.choices)
    kind = filters.ChoiceFilter(choices=InvestmentKind.choices)
    risk_level = filters.ChoiceFilter(choices=RiskLevel.choices)
    landscape = filters.UUIDFilter(field_name="landscape__uuid", help_text="uuid of a landscape")

    class Meta:
        model = Investment
        fields = ["stage", "sector", "kind", "risk_level", "landscape"]


def _refs(model):
    """Only what a reference shows (its uuid): a landscape's boundary can be megabytes."""
    return model.objects.only("pk", "uuid")


def investment_queryset(queryset):
    return queryset.select_related("partnership", "portfolio").prefetch_related(
        Prefetch("landscape", queryset=_refs(Landscape)),
        Prefetch("site", queryset=_refs(Site)),
        Prefetch("lead_organization", queryset=_refs(Organization)),
        Prefetch("implementing_partners", queryset=_refs(Organization)),
        Prefetch("results", queryset=_refs(Result)),
        Prefetch("indicators", queryset=_refs(Indicator)),
    )


class InvestmentApiMixin(FiguresMixin):
    model = Investment
    serializer_class = s.InvestmentSerializer
    filterset_class = InvestmentFilter
    required_perms = _perms(MANAGE)
    ordering_fields = ["name", "created_at", "updated_at", "total_cost", "start_date", "stage"]
    ordering = ["name"]

    def tenant_queryset(self):
        return investment_queryset(Investment.objects.for_partnership(self.partnership))

    def figures_for(self, rows):
        return figures.investment_figures(rows)


INVESTMENT_FIELDS = [
    "name", "summary", "kind", "sector", "stage", "total_cost", "currency", "start_date",
    "end_date", "lead_organization", "landscape", "site", "location", "risk_level",
]  # fmt: skip


def _investment_m2m(serializer, investment=None) -> dict:
    data = serializer.validated_data
    current = {
        "implementing_partners": lambda: list(investment.implementing_partners.all()),
        "results": lambda: list(investment.results.all()),
        "indicators": lambda: list(investment.indicators.all()),
    }
    return {
        name: data[name] if name in data else (load() if investment else [])
        for name, load in current.items()
    }


@extend_schema_view(
    get=extend_schema(summary="List investments", tags=TAGS),
    post=extend_schema(summary="Add an investment to the portfolio", tags=TAGS),
)
class InvestmentListApi(InvestmentApiMixin, TenantListCreateApi):
    def create_row(self, data):
        fields = {k: v for k, v in data.items() if k in INVESTMENT_FIELDS}
        return service_call(
            portfolio_services.investment_create,
            partnership=self.partnership,
            actor=self.request.user,
            **fields,
            **_investment_m2m(self._serializer),
        )

    def perform_create(self, serializer):
        self._serializer = serializer
        super().perform_create(serializer)


@extend_schema_view(
    get=extend_schema(summary="Get an investment", tags=TAGS),
    patch=extend_schema(summary="Change an investment", tags=TAGS),
    delete=extend_schema(
        summary="Delete an investment with its funding, transactions and budgets", tags=TAGS
    ),
)
class InvestmentDetailApi(InvestmentApiMixin, TenantDetailApi):
    lookup_url_kwarg = "investment_uuid"
    http_method_names = DETAIL_METHODS

    def update_row(self, investment, serializer):
        fields = merged(serializer, investment, INVESTMENT_FIELDS)
        return service_call(
            portfolio_services.investment_update,
            investment=investment,
            **fields,
            **_investment_m2m(serializer, investment),
        )

    def perform_destroy(self, investment):
        service_call(portfolio_services.investment_delete, investment=investment)


# --- funding sources, transactions, budgets ---------------------------------------------


class InvestmentRowFilter(filters.FilterSet):
    investment = filters.UUIDFilter(
        field_name="investment__uuid", help_text="uuid of an investment"
    )


class FundingSourceFilter(InvestmentRowFilter):
    status = filters.MultipleChoiceFilter(choices=FundingStatus.choices)
    instrument = filters.MultipleChoiceFilter(choices=Instrument.choices)
    source_type = filters.MultipleChoiceFilter(choices=SourceType.choices)
    funder = filters.UUIDFilter(field_name="funder__uuid", help_text="uuid of the funder")

    class Meta:
        model = FundingSource
        fields = ["investment", "status", "instrument", "source_type", "funder"]


FUNDING_FIELDS = [
    "funder", "source_type", "instrument", "amount", "currency", "status", "pledged_on",
    "committed_on", "disbursed_on", "notes",
]  # fmt: skip


class FundingSourceApiMixin(FiguresMixin):
    model = FundingSource
    serializer_class = s.FundingSourceSerializer
    filterset_class = FundingSourceFilter
    required_perms = _perms(MANAGE)
    ordering_fields = ["created_at", "amount", "committed_on"]
    ordering = ["-created_at"]

    def tenant_queryset(self):
        return FundingSource.objects.for_partnership(self.partnership).select_related(
            "investment", "funder"
        )

    def figures_for(self, rows):
        portfolio = portfolio_selectors.portfolio_get(partnership=self.partnership)
        currency = portfolio.reporting_currency if portfolio else "USD"
        return figures.funding_source_figures(rows, currency)


@extend_schema_view(
    get=extend_schema(summary="List funding sources", tags=TAGS),
    post=extend_schema(summary="Add a funding source to an investment", tags=TAGS),
)
class FundingSourceListApi(FundingSourceApiMixin, TenantListCreateApi):
    def create_row(self, data):
        return service_call(funding_services.funding_source_create, **data)


@extend_schema_view(
    get=extend_schema(summary="Get a funding source", tags=TAGS),
    patch=extend_schema(summary="Change a funding source", tags=TAGS),
    delete=extend_schema(summary="Delete a funding source (its transactions stay)", tags=TAGS),
)
class FundingSourceDetailApi(FundingSourceApiMixin, TenantDetailApi):
    lookup_url_kwarg = "funding_source_uuid"
    http_method_names = DETAIL_METHODS

    def update_row(self, source, serializer):
        _not_moved(serializer, source)
        return service_call(
            funding_services.funding_source_update,
            funding_source=source,
            **merged(serializer, source, FUNDING_FIELDS),
        )

    def perform_destroy(self, source):
        service_call(funding_services.funding_source_delete, funding_source=source)


class TransactionFilter(InvestmentRowFilter):
    type = filters.MultipleChoiceFilter(choices=TransactionType.choices)
    funding_source = filters.UUIDFilter(
        field_name="funding_source__uuid", help_text="uuid of a funding source"
    )
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Transaction
        fields = ["investment", "type", "funding_source", "date_from", "date_to"]


TRANSACTION_FIELDS = [
    "type", "date", "amount", "currency", "description", "funding_source", "provider",
    "receiver",
]  # fmt: skip


class TransactionApiMixin:
    model = Transaction
    serializer_class = s.TransactionSerializer
    filterset_class = TransactionFilter
    required_perms = _perms(MANAGE)
    ordering_fields = ["date", "created_at", "amount"]
    ordering = ["-date", "-created_at"]

    def tenant_queryset(self):
        return Transaction.objects.for_partnership(self.partnership).select_related(
            "investment", "funding_source", "provider", "receiver"
        )


@extend_schema_view(
    get=extend_schema(summary="List transactions", tags=TAGS),
    post=extend_schema(summary="Record a transaction of an investment", tags=TAGS),
)
class TransactionListApi(TransactionApiMixin, TenantListCreateApi):
    def create_row(self, data):
        return service_call(funding_services.transaction_create, actor=self.request.user, **data)


@extend_schema_view(
    get=extend_schema(summary="Get a transaction", tags=TAGS),
    patch=extend_schema(summary="Change a transaction", tags=TAGS),
    delete=extend_schema(summary="Delete a transaction", tags=TAGS),
)
class TransactionDetailApi(TransactionApiMixin, TenantDetailApi):
    lookup_url_kwarg = "transaction_uuid"
    http_method_names = DETAIL_METHODS

    def update_row(self, row, serializer):
        _not_moved(serializer, row)
        return service_call(
            funding_services.transaction_update,
            transaction_row=row,
            **merged(serializer, row, TRANSACTION_FIELDS),
        )

    def perform_destroy(self, row):
        service_call(funding_services.transaction_delete, transaction_row=row)


class BudgetFilter(InvestmentRowFilter):
    type = filters.ChoiceFilter(choices=BudgetType.choices)
    status = filters.ChoiceFilter(choices=BudgetStatus.choices)

    class Meta:
        model = Budget
        fields = ["investment", "type", "status"]


BUDGET_FIELDS = ["period_start", "period_end", "amount", "currency", "type", "status"]


class BudgetApiMixin:
    model = Budget
    serializer_class = s.BudgetSerializer
    filterset_class = BudgetFilter
    required_perms = _perms(MANAGE)
    ordering_fields = ["period_start", "created_at"]
    ordering = ["period_start", "created_at"]

    def tenant_queryset(self):
        return Budget.objects.for_partnership(self.partnership).select_related("investment")


@extend_schema_view(
    get=extend_schema(summary="List budgets", tags=TAGS),
    post=extend_schema(summary="Add a budget (at most a year) to an investment", tags=TAGS),
)
class BudgetListApi(BudgetApiMixin, TenantListCreateApi):
    def create_row(self, data):
        return service_call(funding_services.budget_create, **data)


@extend_schema_view(
    get=extend_schema(summary="Get a budget", tags=TAGS),
    patch=extend_schema(summary="Change a budget", tags=TAGS),
    delete=extend_schema(summary="Delete a budget", tags=TAGS),
)
class BudgetDetailApi(BudgetApiMixin, TenantDetailApi):
    lookup_url_kwarg = "budget_uuid"
    http_method_names = DETAIL_METHODS

    def update_row(self, budget, serializer):
        _not_moved(serializer, budget)
        return service_call(
            funding_services.budget_update,
            budget=budget,
            **merged(serializer, budget, BUDGET_FIELDS),
        )

    def perform_destroy(self, budget):
        service_call(funding_services.budget_delete, budget=budget)


# --- shares ------------------------------------------------------------------------------


class ShareFilter(filters.FilterSet):
    active = filters.BooleanFilter(
        field_name="revoked_at", lookup_expr="isnull", help_text="true: shares not revoked"
    )
    funder = filters.UUIDFilter(field_name="funder__uuid", help_text="uuid of the funder")

    class Meta:
        model = PortfolioShare
        fields = ["active", "funder"]


class ShareApiMixin:
    model = PortfolioShare
    serializer_class = s.ShareSerializer
    filterset_class = ShareFilter
    required_perms = {"GET": READ, "POST": SHARE}
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]

    def tenant_queryset(self):
        return review_selectors.share_list(partnership=self.partnership)


@extend_schema_view(
    get=extend_schema(summary="List the portfolio's shares with funders", tags=TAGS)
)
class ShareListApi(ShareApiMixin, TenantListCreateApi):
    @extend_schema(
        summary="Share the portfolio, or chosen investments, with a funder organization",
        tags=TAGS,
        request=s.ShareCreateSerializer,
        responses={201: s.ShareSerializer},
    )
    def post(self, request, *args, **kwargs):
        serializer = s.ShareCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            portfolio = portfolio_services.portfolio_get_or_create(partnership=self.partnership)
            share = service_call(
                review_services.portfolio_share,
                portfolio=portfolio,
                funder=data["funder"],
                actor=request.user,
                whole_portfolio=data["whole_portfolio"],
                investments=data.get("investments", []),
                message=data["message"],
            )
        row = self.tenant_queryset().get(pk=share.pk)
        return Response(s.ShareSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(summary="Get a share", tags=TAGS))
class ShareDetailApi(ShareApiMixin, TenantDetailApi):
    lookup_url_kwarg = "share_uuid"
    http_method_names = ["get", "head", "options"]


class ShareRevokeApi(ShareApiMixin, TenantDetailApi):
    lookup_url_kwarg = "share_uuid"
    required_perms = {"POST": SHARE}
    http_method_names = ["post", "options"]

    @extend_schema(
        summary="Revoke a share: the funder loses access at once",
        tags=TAGS,
        request=None,
        responses={200: s.ShareSerializer},
    )
    def post(self, request, *args, **kwargs):
        share = self.get_object()
        service_call(review_services.portfolio_share_revoke, share=share, actor=request.user)
        return Response(s.ShareSerializer(self.get_object()).data)


# --- reviews (the partnership's side) ---------------------------------------------------


class ReviewFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=ReviewStatus.choices)
    investment = filters.UUIDFilter(
        field_name="investment__uuid", help_text="uuid of an investment"
    )
    funder = filters.UUIDFilter(field_name="funder__uuid", help_text="uuid of the funder")

    class Meta:
        model = InvestmentReview
        fields = ["status", "investment", "funder"]


def review_queryset(queryset):
    return queryset.select_related("investment", "partnership", "funder").prefetch_related(
        Prefetch(
            "messages",
            queryset=ReviewMessage.objects.select_related("author").order_by("created_at"),
        ),
        Prefetch(
            "scores",
            queryset=ReviewScore.objects.select_related("criterion").order_by(
                "criterion__position", "criterion__name"
            ),
        ),
    )


class ReviewApiMixin:
    model = InvestmentReview
    serializer_class = s.ReviewSerializer
    filterset_class = ReviewFilter
    required_perms = {"GET": READ}
    ordering_fields = ["updated_at", "created_at"]
    ordering = ["-updated_at"]

    def tenant_queryset(self):
        return review_queryset(InvestmentReview.objects.for_partnership(self.partnership))


@extend_schema_view(
    get=extend_schema(summary="List funders' reviews of the investments", tags=TAGS)
)
class ReviewListApi(ReviewApiMixin, TenantListCreateApi):
    http_method_names = ["get", "head", "options"]


@extend_schema_view(get=extend_schema(summary="Get a review with its conversation", tags=TAGS))
class ReviewDetailApi(ReviewApiMixin, TenantDetailApi):
    lookup_url_kwarg = "review_uuid"
    http_method_names = ["get", "head", "options"]


class ReviewAnswerApi(ReviewApiMixin, TenantDetailApi):
    lookup_url_kwarg = "review_uuid"
    required_perms = {"POST": SHARE}
    http_method_names = ["post", "options"]

    @extend_schema(
        summary="Answer the funder (a pending question puts the review back under review)",
        tags=TAGS,
        request=s.AnswerSerializer,
        responses={201: s.ReviewMessageSerializer},
    )
    def post(self, request, *args, **kwargs):
        review = self.get_object()
        serializer = s.AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = service_call(
            review_services.review_answer,
            review=review,
            actor=request.user,
            body=serializer.validated_data["body"],
        )
        return Response(s.ReviewMessageSerializer(message).data, status=status.HTTP_201_CREATED)


# --- the funder's side -------------------------------------------------------------------


class FunderApiView(GenericAPIView):
    """Signed-in funder users only, by session: API keys belong to a partnership."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def shared_investments(self):
        if getattr(self, "swagger_fake_view", False):
            return Investment.objects.none()
        return review_selectors.investments_shared_with(user=self.request.user)

    def shared_investment(self) -> Investment:
        investment = self.shared_investments().filter(uuid=self.kwargs["investment_uuid"]).first()
        if investment is None:
            raise exceptions.NotFound()
        return investment


class FunderInvestmentFilter(filters.FilterSet):
    stage = filters.MultipleChoiceFilter(choices=Stage.choices)
    sector = filters.MultipleChoiceFilter(choices=Sector.choices)
    kind = filters.ChoiceFilter(choices=InvestmentKind.choices)
    partnership = filters.CharFilter(field_name="partnership__slug", help_text="partnership slug")

    class Meta:
        model = Investment
        fields = ["stage", "sector", "kind", "partnership"]


class SharedRow:
    def __init__(self, investment: Investment):
        self.investment = investment
        uuid = getattr(investment, "review_uuid", None)
        self.review = {"uuid": uuid, "status": investment.review_status} if uuid else None


class FunderInvestmentApiMixin:
    serializer_class = s.FunderInvestmentSerializer
    filterset_class = FunderInvestmentFilter
    ordering_fields = ["name", "created_at", "updated_at", "total_cost"]
    ordering = ["name"]

    def get_queryset(self):
        # select_related(None): the selector joins the landscape, whose boundary is heavy.
        return investment_queryset(self.shared_investments().select_related(None))

    def rows(self, investments) -> list[SharedRow]:
        investments = list(investments)
        context = {**self.get_serializer_context(),
                   "figures": figures.investment_figures(investments)}  # fmt: skip
        return [SharedRow(i) for i in investments], context


@extend_schema_view(
    get=extend_schema(
        summary="List the investments shared with the caller's funder organizations",
        tags=FUNDER_TAGS,
    )
)
class FunderInvestmentListApi(FunderInvestmentApiMixin, mixins.ListModelMixin, FunderApiView):
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows, context = self.rows(page)
        data = s.FunderInvestmentSerializer(rows, many=True, context=context).data
        return self.get_paginated_response(data)


@extend_schema_view(
    get=extend_schema(summary="Get an investment shared with the caller", tags=FUNDER_TAGS)
)
class FunderInvestmentDetailApi(FunderInvestmentApiMixin, FunderApiView):
    def get(self, request, *args, **kwargs):
        investment = self.get_queryset().filter(uuid=kwargs["investment_uuid"]).first()
        if investment is None:
            raise exceptions.NotFound()
        rows, context = self.rows([investment])
        return Response(s.FunderInvestmentSerializer(rows[0], context=context).data)


class FunderReviewFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=ReviewStatus.choices)
    partnership = filters.CharFilter(field_name="partnership__slug", help_text="partnership slug")

    class Meta:
        model = InvestmentReview
        fields = ["status", "partnership"]


class FunderReviewApiMixin:
    serializer_class = s.ReviewSerializer
    filterset_class = FunderReviewFilter
    ordering_fields = ["updated_at", "created_at"]
    ordering = ["-updated_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InvestmentReview.objects.none()
        return review_queryset(
            InvestmentReview.objects.filter(
                funder__funder_staff__user=self.request.user,
                investment__in=self.shared_investments().values("pk"),
            )
        )


@extend_schema_view(
    get=extend_schema(
        summary="List the reviews of the caller's funder organizations", tags=FUNDER_TAGS
    )
)
class FunderReviewListApi(FunderReviewApiMixin, mixins.ListModelMixin, FunderApiView):
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


@extend_schema_view(
    get=extend_schema(summary="Get a review with its conversation", tags=FUNDER_TAGS)
)
class FunderReviewDetailApi(FunderReviewApiMixin, FunderApiView):
    def get(self, request, *args, **kwargs):
        review = self.get_queryset().filter(uuid=kwargs["review_uuid"]).first()
        if review is None:
            raise exceptions.NotFound()
        return Response(self.get_serializer(review).data)


class FunderActionApi(FunderApiView):
    """A funder action on a shared investment; answers with the review afterwards."""

    def review_answer(self, investment, code=status.HTTP_200_OK):
        review = (
            review_queryset(
                InvestmentReview.objects.filter(
                    investment=investment, funder__funder_staff__user=self.request.user
                )
            )
            .order_by("-updated_at")
            .first()
        )
        return Response(s.ReviewSerializer(review).data, status=code)


class FunderMessageApi(FunderActionApi):
    serializer_class = s.FunderMessageSerializer

    @extend_schema(
        summary="Comment on, or ask a question about, a shared investment",
        description="A question sets the review to `information_requested` until the "
        "partnership answers.",
        tags=FUNDER_TAGS,
        request=s.FunderMessageSerializer,
        responses={201: s.ReviewSerializer},
    )
    def post(self, request, *args, **kwargs):
        investment = self.shared_investment()
        serializer = s.FunderMessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        service = (
            review_services.review_ask
            if data["kind"] == "question"
            else review_services.review_comment
        )
        service_call(service, investment=investment, actor=request.user, body=data["body"])
        return self.review_answer(investment, status.HTTP_201_CREATED)


class FunderScoreApi(FunderActionApi):
    serializer_class = s.FunderScoreSerializer

    @extend_schema(
        summary="Score a shared investment against one criterion (1–5); again replaces it",
        tags=FUNDER_TAGS,
        request=s.FunderScoreSerializer,
        responses={200: s.ReviewSerializer},
    )
    def post(self, request, *args, **kwargs):
        investment = self.shared_investment()
        serializer = s.FunderScoreSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        criterion = ReviewCriterion.objects.filter(name=data["criterion"], active=True).first()
        if criterion is None:
            raise exceptions.ValidationError({"criterion": ["No such active review criterion."]})
        service_call(
            review_services.review_score,
            investment=investment,
            actor=request.user,
            scores={criterion: data["score"]},
            comments={criterion: data["comment"]},
        )
        return self.review_answer(investment)


class FunderDecisionApi(FunderActionApi):
    serializer_class = s.FunderDecisionSerializer

    @extend_schema(
        summary="Express interest in, or decline, a shared investment",
        tags=FUNDER_TAGS,
        request=s.FunderDecisionSerializer,
        responses={200: s.ReviewSerializer},
    )
    def post(self, request, *args, **kwargs):
        investment = self.shared_investment()
        serializer = s.FunderDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        service = (
            review_services.review_express_interest
            if data["decision"] == ReviewStatus.INTEREST_EXPRESSED
            else review_services.review_decline
        )
        service_call(service, investment=investment, actor=request.user, message=data["message"])
        return self.review_answer(investment)


@extend_schema_view(
    get=extend_schema(
        summary="List the active review criteria funders score against", tags=FUNDER_TAGS
    )
)
class FunderCriterionListApi(mixins.ListModelMixin, FunderApiView):
    serializer_class = s.CriterionSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return ReviewCriterion.objects.filter(active=True).order_by("position", "name")

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)
