"""Reads for funder review: what is shared with a funder user (through guardian grants
to their funder organization's group), reviews, shares and their conversations.

Every funder read starts from ``investments_shared_with(user=...)``; an investment that
is not in it does not exist for that user (404), including right after a revoke.
"""

from __future__ import annotations

import datetime
import uuid as uuid_module
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from finance.conversion import MissingRate, RateTable
from finance.models import (
    FunderStaff,
    FundingSource,
    FundingStatus,
    Investment,
    InvestmentDocument,
    InvestmentGroupObjectPermission,
    InvestmentReview,
    InvestmentUserObjectPermission,
    PortfolioGroupObjectPermission,
    PortfolioShare,
    PortfolioUserObjectPermission,
    ReviewCriterion,
    ReviewMessage,
    ReviewScore,
    ReviewStatus,
)
from hub.models import Organization, User
from partnerships.models import Partnership

COMMITTED_STATUSES = (FundingStatus.COMMITTED, FundingStatus.DISBURSED)


def _grant_filter(user: User) -> Q:
    """Investments the user may review: a grant on the investment or its portfolio, to
    one of their groups (funder organizations) or to them directly. One SQL condition,
    whatever the number of shares."""
    inv_groups = InvestmentGroupObjectPermission.objects.filter(
        content_object=OuterRef("pk"),
        permission__codename="review_investment",
        group__user=user,
    )
    port_groups = PortfolioGroupObjectPermission.objects.filter(
        content_object=OuterRef("portfolio_id"),
        permission__codename="review_portfolio",
        group__user=user,
    )
    inv_users = InvestmentUserObjectPermission.objects.filter(
        content_object=OuterRef("pk"), permission__codename="review_investment", user=user
    )
    port_users = PortfolioUserObjectPermission.objects.filter(
        content_object=OuterRef("portfolio_id"), permission__codename="review_portfolio", user=user
    )
    return (
        Q(Exists(inv_groups))
        | Q(Exists(port_groups))
        | Q(Exists(inv_users))
        | Q(Exists(port_users))
    )


def funder_organizations(*, user: User) -> list[Organization]:
    if not user.is_authenticated:
        return []
    return list(Organization.objects.filter(funder_staff__user=user).order_by("name"))


def is_funder(user: User) -> bool:
    return user.is_authenticated and FunderStaff.objects.filter(user=user).exists()


# A landscape's boundary can be megabytes of GeoJSON: lists never need it.
HEAVY_LANDSCAPE_COLUMNS = ("landscape__boundary", "landscape__display_geometry")


def investments_shared_with(*, user: User) -> QuerySet[Investment]:
    """Every investment shared with ``user``, annotated with ``review_status`` (the
    review of their funder organization; None before one is opened)."""
    if not user.is_authenticated:
        return Investment.objects.none()
    review_status = InvestmentReview.objects.filter(
        investment=OuterRef("pk"), funder__funder_staff__user=user
    ).order_by("-updated_at")
    return (
        Investment.objects.filter(_grant_filter(user))
        .select_related("partnership", "portfolio", "landscape", "lead_organization")
        .defer(*HEAVY_LANDSCAPE_COLUMNS)
        .annotate(
            review_status=Subquery(review_status.values("status")[:1]),
            review_uuid=Subquery(review_status.values("uuid")[:1]),
        )
    )


@dataclass(frozen=True)
class FundingFigures:
    """Money of one investment in its own currency."""

    currency: str
    total_cost: Decimal
    committed: Decimal
    gap: Decimal
    # The date of the exchange rates used when some funding is in another currency.
    rate_date: datetime.date | None
    # Set when a rate is missing; the figures then count only same-currency funding.
    warning: str = ""


def funding_figures(investments: list[Investment]) -> dict[int, FundingFigures]:
    """Committed funding and funding gap (cost minus committed) of each investment, in
    the investment's currency. Two queries whatever the number of investments."""
    sources = list(
        FundingSource.objects.filter(
            investment__in=[i.pk for i in investments], status__in=COMMITTED_STATUSES
        ).values_list("investment_id", "amount", "currency")
    )
    currencies = {c for _i, _a, c in sources} | {i.currency for i in investments}
    currency_of = {i.pk: i.currency for i in investments}
    needs_rates = any(c != currency_of[inv_id] for inv_id, _a, c in sources)
    table = RateTable(currencies if needs_rates else (), on=timezone.localdate())
    by_investment: dict[int, list[tuple[Decimal, str]]] = {}
    for inv_id, amount, currency in sources:
        by_investment.setdefault(inv_id, []).append((amount, currency))
    figures = {}
    for investment in investments:
        committed, dates, warning = Decimal("0.00"), [], ""
        for amount, currency in by_investment.get(investment.pk, []):
            try:
                converted = table.convert(amount, currency, investment.currency)
            except MissingRate as error:
                warning = error.message
                continue
            committed += converted.amount
            if converted.rate_date:
                dates.append(converted.rate_date)
        figures[investment.pk] = FundingFigures(
            currency=investment.currency,
            total_cost=investment.total_cost,
            committed=committed,
            gap=max(investment.total_cost - committed, Decimal("0.00")),
            rate_date=min(dates) if dates else None,
            warning=warning,
        )
    return figures


@dataclass
class SharedGroup:
    partnership: Partnership
    rows: list[tuple[Investment, FundingFigures]]


FUNDER_PAGE_SIZE = 50


def funder_overview(
    *,
    user: User,
    partnership: str = "",
    status: str = "",
    stage: str = "",
    sector: str = "",
    q: str = "",
    page: int | str = 1,
) -> tuple[list[SharedGroup], Page]:
    """The funder's one view: one page of the shared investments, grouped by
    partnership, with their funding figures, and the page (count, neighbours). A
    constant number of queries, whatever the number of shares."""
    qs = investments_shared_with(user=user)
    if partnership:
        qs = qs.filter(partnership__slug=partnership)
    if stage:
        qs = qs.filter(stage=stage)
    if sector:
        qs = qs.filter(sector=sector)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(summary__icontains=q))
    if status == "shared":
        qs = qs.filter(Q(review_status="shared") | Q(review_status__isnull=True))
    elif status:
        qs = qs.filter(review_status=status)
    paginator = Paginator(qs.order_by("partnership__name", "name", "pk"), FUNDER_PAGE_SIZE)
    page_obj = paginator.get_page(page)
    investments = list(page_obj.object_list)
    figures = funding_figures(investments)
    groups: dict[int, SharedGroup] = {}
    for investment in investments:
        investment.review_status = investment.review_status or ReviewStatus.SHARED
        investment.review_status_label = ReviewStatus(investment.review_status).label
        group = groups.setdefault(
            investment.partnership_id, SharedGroup(investment.partnership, [])
        )
        group.rows.append((investment, figures[investment.pk]))
    return list(groups.values()), page_obj


def shared_partnerships(*, user: User) -> list[Partnership]:
    """Partnerships that share something with ``user`` (for the filter)."""
    ids = investments_shared_with(user=user).values("partnership_id")
    return list(Partnership.objects.filter(pk__in=ids).order_by("name"))


def shared_investment_get(*, user: User, uuid: uuid_module.UUID | str) -> Investment:
    """One investment shared with ``user``; ``Investment.DoesNotExist`` otherwise (the
    same answer as a missing one)."""
    return (
        investments_shared_with(user=user)
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=InvestmentDocument.objects.filter(shared_with_funders=True),
                to_attr="funder_documents",
            ),
            "results",
            "indicators",
            "implementing_partners",
            Prefetch(
                "funding_sources",
                queryset=FundingSource.objects.select_related("funder").order_by("-amount"),
            ),
        )
        .get(uuid=uuid)
    )


def review_for_funder(*, user: User, investment: Investment) -> InvestmentReview | None:
    """The review of ``investment`` by the user's funder organization, if opened."""
    return (
        InvestmentReview.objects.filter(investment=investment, funder__funder_staff__user=user)
        .select_related("funder", "partnership")
        .order_by("-updated_at")
        .first()
    )


def review_conversation(*, review: InvestmentReview) -> list[ReviewMessage]:
    return list(
        ReviewMessage.objects.for_partnership(review.partnership)
        .filter(review=review)
        .select_related("author")
        .order_by("created_at")
    )


def review_scores(*, review: InvestmentReview) -> list[ReviewScore]:
    return list(
        ReviewScore.objects.for_partnership(review.partnership)
        .filter(review=review)
        .select_related("criterion", "scored_by")
        .order_by("criterion__position", "criterion__name")
    )


def criteria_active() -> list[ReviewCriterion]:
    return list(ReviewCriterion.objects.filter(active=True).order_by("position", "name"))


# --- the partnership's side -----------------------------------------------------------


def share_list(*, partnership: Partnership, active_only: bool = False) -> QuerySet[PortfolioShare]:
    qs = (
        PortfolioShare.objects.for_partnership(partnership)
        .select_related("funder", "portfolio", "shared_by", "revoked_by")
        .prefetch_related("investments")
        .order_by("revoked_at", "-created_at")
    )
    return qs.filter(revoked_at__isnull=True) if active_only else qs


def share_get(*, partnership: Partnership, uuid: uuid_module.UUID | str) -> PortfolioShare:
    return share_list(partnership=partnership).get(uuid=uuid)


def review_list(*, partnership: Partnership, status: str = "") -> QuerySet[InvestmentReview]:
    qs = (
        InvestmentReview.objects.for_partnership(partnership)
        .select_related("investment", "funder", "share")
        .order_by("-updated_at")
    )
    return qs.filter(status=status) if status else qs


def review_get(*, partnership: Partnership, uuid: uuid_module.UUID | str) -> InvestmentReview:
    return (
        review_list(partnership=partnership).select_related("investment__portfolio").get(uuid=uuid)
    )


def review_share_active(*, review: InvestmentReview) -> bool:
    """Whether the funder still has the share that gave them access."""
    return (
        PortfolioShare.objects.for_partnership(review.partnership)
        .filter(
            portfolio_id=review.investment.portfolio_id,
            funder_id=review.funder_id,
            revoked_at__isnull=True,
        )
        .filter(Q(whole_portfolio=True) | Q(investments=review.investment_id))
        .exists()
    )


# --- the marketplace ------------------------------------------------------------------


def can_browse_marketplace(user: User) -> bool:
    return user.is_authenticated and (user.is_staff or is_funder(user))


def marketplace_list(
    *,
    sector: str = "",
    country: str = "",
    stage: str = "",
    kind: str = "",
    min_cost: Decimal | None = None,
    max_cost: Decimal | None = None,
    q: str = "",
) -> QuerySet[Investment]:
    """Published investments across partnerships, newest first. Size filters compare the
    total cost in the investment's own currency."""
    qs = (
        Investment.objects.filter(on_marketplace=True)
        .exclude(stage="closed")
        .select_related("partnership", "landscape", "lead_organization")
        .defer(*HEAVY_LANDSCAPE_COLUMNS)
        .order_by("-published_at", "name")
    )
    if sector:
        qs = qs.filter(sector=sector)
    if country:
        qs = qs.filter(landscape__countries__icontains=country.upper()[:2])
    if stage:
        qs = qs.filter(stage=stage)
    if kind:
        qs = qs.filter(kind=kind)
    if min_cost is not None:
        qs = qs.filter(total_cost__gte=min_cost)
    if max_cost is not None:
        qs = qs.filter(total_cost__lte=max_cost)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(summary__icontains=q))
    return qs


def marketplace_get(*, uuid: uuid_module.UUID | str) -> Investment:
    return (
        marketplace_list()
        .prefetch_related(
            "results",
            Prefetch(
                "funding_sources",
                queryset=FundingSource.objects.select_related("funder").order_by("-amount"),
            ),
        )
        .get(uuid=uuid)
    )


def marketplace_candidates(*, partnership: Partnership) -> QuerySet[Investment]:
    """The partnership's investments that may be published, published ones first."""
    from finance.services.marketplace import PUBLISHABLE_STAGES

    return (
        Investment.objects.for_partnership(partnership)
        .filter(stage__in=PUBLISHABLE_STAGES)
        .order_by("-on_marketplace", "name")
    )
