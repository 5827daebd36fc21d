"""Reads of the portfolio: the investments with their funding figures in the portfolio's
reporting currency, the charts and the pipeline, and one investment with its money.

Sums are made in SQL per investment and currency; the per-currency sums are converted in
Python with ONE ``RateTable`` per page, so a page costs the same number of queries for
5 or 500 investments. A currency without a rate does not fail the page: the figures
that need it are marked incomplete and ``missing_rates`` names the currency and date."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from finance.conversion import MissingRate, RateTable
from finance.models import (
    Budget,
    FundingSource,
    Investment,
    InvestmentDocument,
    Portfolio,
    Transaction,
)
from finance.models.choices import (
    STAGE_ORDER,
    FundingStatus,
    Instrument,
    SourceType,
    Stage,
    TransactionType,
)
from landscapes.models import Landscape
from partnerships.models import Partnership

ZERO = Decimal("0.00")
COMMITTED_STATUSES = (FundingStatus.COMMITTED, FundingStatus.DISBURSED)
# Heavy columns the portfolio list never shows.
_DEFERRED = (
    "summary",
    "landscape__description",
    "landscape__boundary",
    "landscape__display_geometry",
    "landscape__objectives",
    "landscape__problem_situation",
    "landscape__opportunities",
    "landscape__intervention_strategy",
    "site__geometry",
    "site__display_geometry",
    "site__description",
    "lead_organization__description",
)


def portfolio_get(*, partnership: Partnership) -> Portfolio | None:
    return Portfolio.objects.for_partnership(partnership).first()


# --- figures in the reporting currency -------------------------------------------------


@dataclass
class Figure:
    """A sum in the reporting currency. ``complete`` is False when a part of it could not
    be converted (no rate); ``rate_date`` is the oldest rate date used (None when no
    conversion was needed)."""

    amount: Decimal = ZERO
    currency: str = ""
    rate_date: datetime.date | None = None
    complete: bool = True
    converted: bool = False

    def add(self, other: Figure) -> None:
        self.amount += other.amount
        self.complete = self.complete and other.complete
        self.converted = self.converted or other.converted
        if other.rate_date and (self.rate_date is None or other.rate_date < self.rate_date):
            self.rate_date = other.rate_date


class Converter:
    """Converts (amount, currency) pairs to one currency with one RateTable and remembers
    the rates it could not find."""

    def __init__(self, currencies, *, to: str, on: datetime.date):
        self.to, self.on = to, on
        self.table = RateTable(set(currencies) | {to}, on=on)
        self.missing: dict[str, MissingRate] = {}
        self.rate_dates: set[datetime.date] = set()

    def figure(self, parts) -> Figure:
        result = Figure(currency=self.to)
        for amount, currency in parts:
            if amount is None:
                continue
            try:
                converted = self.table.convert(amount, currency, self.to)
            except MissingRate as error:
                self.missing.setdefault(error.currency, error)
                result.complete = False
                continue
            result.amount += converted.amount
            if converted.rate_date is not None:
                result.converted = True
                self.rate_dates.add(converted.rate_date)
                if result.rate_date is None or converted.rate_date < result.rate_date:
                    result.rate_date = converted.rate_date
        return result

    def one(self, amount: Decimal, currency: str) -> Figure:
        return self.figure([(amount, currency)])

    @property
    def rate_date(self) -> datetime.date | None:
        """The oldest rate date used on the page."""
        return min(self.rate_dates) if self.rate_dates else None

    @property
    def missing_rates(self) -> list[MissingRate]:
        return [self.missing[code] for code in sorted(self.missing)]


def figure_gap(cost: Figure, committed: Figure) -> Figure:
    gap = Figure(
        amount=max(cost.amount - committed.amount, ZERO),
        currency=cost.currency,
        complete=cost.complete and committed.complete,
    )
    for part in (cost, committed):
        gap.converted = gap.converted or part.converted
        if part.rate_date and (gap.rate_date is None or part.rate_date < gap.rate_date):
            gap.rate_date = part.rate_date
    return gap


# --- the portfolio page ---------------------------------------------------------------


@dataclass
class InvestmentFilters:
    stage: str = ""
    sector: str = ""
    kind: str = ""
    landscape: str = ""  # a landscape slug
    risk: str = ""
    q: str = ""

    @property
    def active(self) -> bool:
        return any((self.stage, self.sector, self.kind, self.landscape, self.risk, self.q))


def investment_list(
    *, partnership: Partnership, filters: InvestmentFilters | None = None
) -> QuerySet[Investment]:
    qs = Investment.objects.for_partnership(partnership).select_related(
        "landscape", "site", "lead_organization"
    )
    f = filters or InvestmentFilters()
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.sector:
        qs = qs.filter(sector=f.sector)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.risk:
        qs = qs.filter(risk_level=f.risk)
    if f.landscape:
        qs = qs.filter(landscape__slug=f.landscape)
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(summary__icontains=f.q))
    return qs.order_by("name")


@dataclass
class InvestmentRow:
    investment: Investment
    cost: Figure
    committed: Figure
    disbursed: Figure
    gap: Figure

    @property
    def over_disbursed(self) -> bool:
        return self.disbursed.amount > self.committed.amount and self.disbursed.complete

    @property
    def point(self) -> tuple[float, float] | None:
        """(lon, lat) to place the investment when it has no drawn location."""
        inv = self.investment
        for obj in (inv, inv.site, inv.landscape):
            if obj is not None and obj.centroid_lon is not None:
                return (obj.centroid_lon, obj.centroid_lat)
        return None


@dataclass
class Slice:
    key: str
    label: str
    amount: Decimal = ZERO
    count: int = 0


@dataclass
class PortfolioOverview:
    portfolio: Portfolio | None
    currency: str
    on: datetime.date
    rows: list[InvestmentRow]
    total_cost: Figure
    committed: Figure
    disbursed: Figure
    gap: Figure
    by_instrument: list[Slice]
    by_source_type: list[Slice]
    by_sector: list[Slice]
    by_stage: list[Slice]
    rate_date: datetime.date | None
    missing_rates: list[MissingRate] = field(default_factory=list)
    landscapes: list[Landscape] = field(default_factory=list)
    shapes: list[dict] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing_rates


def portfolio_overview(
    *,
    partnership: Partnership,
    portfolio: Portfolio | None,
    filters: InvestmentFilters | None = None,
    on: datetime.date | None = None,
) -> PortfolioOverview:
    """Everything the portfolio page shows, in a fixed number of queries: investments,
    funding sums, transaction sums, landscapes and one exchange-rate table."""
    on = on or timezone.localdate()
    currency = portfolio.reporting_currency if portfolio else "USD"
    investments_qs = investment_list(partnership=partnership, filters=filters)
    investments = list(investments_qs.defer(*_DEFERRED))
    ids = investments_qs.values("pk")

    funding = list(
        FundingSource.objects.for_partnership(partnership)
        .filter(investment__in=ids)
        .values("investment_id", "currency", "status", "instrument", "source_type")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by()
    )
    flows = list(
        Transaction.objects.for_partnership(partnership)
        .filter(investment__in=ids, type=TransactionType.DISBURSEMENT)
        .values("investment_id", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    landscapes = list(
        Landscape.objects.for_partnership(partnership)
        .only("uuid", "slug", "name", "display_geometry", "partnership_id")
        .order_by("name")
    )

    currencies = {i.currency for i in investments}
    currencies |= {row["currency"] for row in funding} | {row["currency"] for row in flows}
    convert = Converter(currencies, to=currency, on=on)

    committed_parts: dict[int, list] = defaultdict(list)
    by_instrument: dict[str, list] = defaultdict(list)
    by_source_type: dict[str, list] = defaultdict(list)
    for row in funding:
        if row["status"] in COMMITTED_STATUSES:
            part = (row["total"], row["currency"])
            committed_parts[row["investment_id"]].append(part)
            by_instrument[row["instrument"]].append((*part, row["n"]))
            by_source_type[row["source_type"]].append((*part, row["n"]))
    disbursed_parts: dict[int, list] = defaultdict(list)
    for row in flows:
        disbursed_parts[row["investment_id"]].append((row["total"], row["currency"]))

    rows: list[InvestmentRow] = []
    totals = {name: Figure(currency=currency) for name in ("cost", "committed", "disbursed", "gap")}
    by_sector: dict[str, Slice] = {}
    by_stage: dict[str, Slice] = {s: Slice(s, Stage(s).label) for s in STAGE_ORDER}
    for inv in investments:
        cost = convert.one(inv.total_cost, inv.currency)
        committed = convert.figure(committed_parts.get(inv.pk, ()))
        disbursed = convert.figure(disbursed_parts.get(inv.pk, ()))
        row = InvestmentRow(inv, cost, committed, disbursed, figure_gap(cost, committed))
        rows.append(row)
        for name, fig in (("cost", cost), ("committed", committed), ("disbursed", disbursed),
                          ("gap", row.gap)):  # fmt: skip
            totals[name].add(fig)
        sector = by_sector.setdefault(inv.sector, Slice(inv.sector, inv.get_sector_display()))
        sector.amount += cost.amount
        sector.count += 1
        by_stage[inv.stage].amount += cost.amount
        by_stage[inv.stage].count += 1

    def slices(groups: dict[str, list], labels) -> list[Slice]:
        result = []
        for key, parts in groups.items():
            fig = convert.figure((amount, code) for amount, code, _n in parts)
            count = sum(n for _a, _c, n in parts)
            result.append(Slice(key, str(labels(key).label), fig.amount, count))
        return sorted(result, key=lambda s: -s.amount)

    shapes = [
        {
            "type": "Feature",
            "geometry": landscape.display_geometry,
            "properties": {"name": landscape.name},
        }
        for landscape in landscapes
        if landscape.display_geometry
    ]
    return PortfolioOverview(
        portfolio=portfolio,
        currency=currency,
        on=on,
        rows=rows,
        total_cost=totals["cost"],
        committed=totals["committed"],
        disbursed=totals["disbursed"],
        gap=totals["gap"],
        by_instrument=slices(by_instrument, Instrument),
        by_source_type=slices(by_source_type, SourceType),
        by_sector=sorted(by_sector.values(), key=lambda s: -s.amount),
        by_stage=[by_stage[s] for s in STAGE_ORDER],
        rate_date=convert.rate_date,
        missing_rates=convert.missing_rates,
        landscapes=landscapes,
        shapes=shapes,
    )


# --- one investment ---------------------------------------------------------------------


def investment_get(*, partnership: Partnership, uuid) -> Investment:
    """One investment of the partnership (Investment.DoesNotExist otherwise)."""
    return (
        Investment.objects.for_partnership(partnership)
        .select_related("portfolio", "landscape", "site", "lead_organization", "created_by")
        .get(uuid=uuid)
    )


@dataclass
class InvestmentMoney:
    funding_sources: list[FundingSource]
    transactions: list[Transaction]
    budgets: list[Budget]
    documents: list[InvestmentDocument]
    currency: str
    cost: Figure
    pledged: Figure
    committed: Figure
    disbursed: Figure
    spent: Figure
    gap: Figure
    rate_date: datetime.date | None
    missing_rates: list[MissingRate]

    @property
    def over_disbursed(self) -> bool:
        return self.disbursed.complete and self.disbursed.amount > self.committed.amount

    @property
    def over_disbursed_by(self) -> Decimal:
        return self.disbursed.amount - self.committed.amount


def investment_money(*, investment: Investment, on: datetime.date | None = None) -> InvestmentMoney:
    """The investment's funding, transactions, budgets and documents with totals in the
    portfolio's reporting currency (one rate table)."""
    on = on or timezone.localdate()
    partnership = investment.partnership
    sources = list(
        FundingSource.objects.for_partnership(partnership)
        .filter(investment=investment)
        .select_related("funder")
        .order_by("-amount", "pk")
    )
    transactions = list(
        Transaction.objects.for_partnership(partnership)
        .filter(investment=investment)
        .select_related("funding_source__funder", "provider", "receiver")
        .order_by("-date", "-created_at")
    )
    budgets = list(
        Budget.objects.for_partnership(partnership)
        .filter(investment=investment)
        .order_by("period_start", "type")
    )
    documents = list(
        InvestmentDocument.objects.for_partnership(partnership)
        .filter(investment=investment)
        .select_related("uploaded_by")
        .order_by("title")
    )
    currency = investment.portfolio.reporting_currency
    currencies = {investment.currency} | {r.currency for r in [*sources, *transactions, *budgets]}
    convert = Converter(currencies, to=currency, on=on)
    cost = convert.one(investment.total_cost, investment.currency)
    committed = convert.figure(
        (s.amount, s.currency) for s in sources if s.status in COMMITTED_STATUSES
    )
    return InvestmentMoney(
        funding_sources=sources,
        transactions=transactions,
        budgets=budgets,
        documents=documents,
        currency=currency,
        cost=cost,
        pledged=convert.figure(
            (s.amount, s.currency) for s in sources if s.status == FundingStatus.PLEDGED
        ),
        committed=committed,
        disbursed=convert.figure(
            (t.amount, t.currency) for t in transactions if t.type == TransactionType.DISBURSEMENT
        ),
        spent=convert.figure(
            (t.amount, t.currency) for t in transactions if t.type == TransactionType.EXPENDITURE
        ),
        gap=figure_gap(cost, committed),
        rate_date=convert.rate_date,
        missing_rates=convert.missing_rates,
    )


def over_disbursement(*, investment: Investment) -> InvestmentMoney | None:
    """The investment's money when disbursements exceed its committed funding, else None
    (views use it to warn after a transaction or funding change)."""
    money = investment_money(investment=investment)
    return money if money.over_disbursed else None
