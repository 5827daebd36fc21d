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

from django.core.paginator import Page, Paginator
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
    InvestmentKind,
    RiskLevel,
    Sector,
    SourceType,
    Stage,
    TransactionType,
)
from landscapes.models import Landscape
from partnerships.models import Partnership

ZERO = Decimal("0.00")
PAGE_SIZE = 50
COMMITTED_STATUSES = (FundingStatus.COMMITTED, FundingStatus.DISBURSED)
_LABELS = {
    "kind": dict(InvestmentKind.choices),
    "sector": dict(Sector.choices),
    "stage": dict(Stage.choices),
    "risk": dict(RiskLevel.choices),
}
# What a row of the portfolio table shows.
_TABLE_COLUMNS = (
    "uuid", "partnership_id", "portfolio_id", "name", "kind", "sector", "stage",
    "risk_level", "total_cost", "currency", "landscape__name", "landscape__partnership_id",
    "lead_organization__name",
)  # fmt: skip


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

    # The labels of the investment's choices: ``get_FOO_display`` hashes every choice
    # of the field on each call, which adds up over a page of rows.
    @property
    def kind_label(self) -> str:
        return str(_LABELS["kind"].get(self.investment.kind, self.investment.kind))

    @property
    def sector_label(self) -> str:
        return str(_LABELS["sector"].get(self.investment.sector, self.investment.sector))

    @property
    def stage_label(self) -> str:
        return str(_LABELS["stage"].get(self.investment.stage, self.investment.stage))

    @property
    def risk_label(self) -> str:
        return str(_LABELS["risk"].get(self.investment.risk_level, self.investment.risk_level))


@dataclass
class Slice:
    key: str
    label: str
    amount: Decimal = ZERO
    count: int = 0


@dataclass
class PortfolioOverview:
    """``rows`` are the investments of one page (``page``); the totals, charts and
    ``count`` cover every investment matching the filters."""

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
    count: int = 0
    page: Page | None = None

    @property
    def complete(self) -> bool:
        return not self.missing_rates


def portfolio_overview(
    *,
    partnership: Partnership,
    portfolio: Portfolio | None,
    filters: InvestmentFilters | None = None,
    on: datetime.date | None = None,
    page: int | str | None = 1,
    page_size: int | None = None,
    shapes: bool = False,
) -> PortfolioOverview:
    """Everything the portfolio page shows, in a fixed number of queries: the figures of
    every matching investment (light rows: id, cost, currency, sector, stage), funding
    sums, transaction sums, landscapes, one exchange-rate table, and the full rows of
    one page of ``page_size`` (default ``PAGE_SIZE``) investments (``page``: a number;
    out of range → the last page). ``shapes``: also the landscapes' display geometry,
    for the map (heavy: read only when shown)."""
    on = on or timezone.localdate()
    currency = portfolio.reporting_currency if portfolio else "USD"
    investments_qs = investment_list(partnership=partnership, filters=filters)
    light = list(investments_qs.values_list("pk", "total_cost", "currency", "sector", "stage"))
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
    columns = ["uuid", "slug", "name", "partnership_id"] + (["display_geometry"] if shapes else [])
    landscapes = list(
        Landscape.objects.for_partnership(partnership).only(*columns).order_by("name")
    )

    currencies = {code for _pk, _cost, code, _sector, _stage in light}
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

    figures: dict[int, tuple[Figure, Figure, Figure, Figure]] = {}
    totals = {name: Figure(currency=currency) for name in ("cost", "committed", "disbursed", "gap")}
    by_sector: dict[str, Slice] = {}
    by_stage: dict[str, Slice] = {s: Slice(s, Stage(s).label) for s in STAGE_ORDER}
    for pk, total_cost, code, sector_key, stage in light:
        cost = convert.one(total_cost, code)
        committed = convert.figure(committed_parts.get(pk, ()))
        disbursed = convert.figure(disbursed_parts.get(pk, ()))
        gap = figure_gap(cost, committed)
        figures[pk] = (cost, committed, disbursed, gap)
        for name, fig in (("cost", cost), ("committed", committed), ("disbursed", disbursed),
                          ("gap", gap)):  # fmt: skip
            totals[name].add(fig)
        sector = by_sector.get(sector_key)
        if sector is None:
            label = str(_LABELS["sector"].get(sector_key, sector_key))
            sector = by_sector[sector_key] = Slice(sector_key, label)
        sector.amount += cost.amount
        sector.count += 1
        by_stage[stage].amount += cost.amount
        by_stage[stage].count += 1

    page_obj = Paginator([pk for pk, *_rest in light], page_size or PAGE_SIZE).get_page(page)
    page_ids = list(page_obj.object_list)
    objects = (
        Investment.objects.for_partnership(partnership)
        .select_related("landscape", "lead_organization")
        .only(*_TABLE_COLUMNS)
    )
    by_pk = {inv.pk: inv for inv in objects.filter(pk__in=page_ids)}
    rows = [InvestmentRow(by_pk[pk], *figures[pk]) for pk in page_ids if pk in by_pk]

    def slices(groups: dict[str, list], labels) -> list[Slice]:
        result = []
        for key, parts in groups.items():
            fig = convert.figure((amount, code) for amount, code, _n in parts)
            count = sum(n for _a, _c, n in parts)
            result.append(Slice(key, str(labels(key).label), fig.amount, count))
        return sorted(result, key=lambda s: -s.amount)

    features = [
        {
            "type": "Feature",
            "geometry": landscape.display_geometry,
            "properties": {"name": landscape.name},
        }
        for landscape in (landscapes if shapes else ())
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
        shapes=features,
        count=len(light),
        page=page_obj,
    )


@dataclass
class InvestmentPoint:
    """What the portfolio map needs of one investment."""

    uuid: object
    name: str
    stage: str
    location: dict | None
    point: tuple[float, float] | None


def investment_points(
    *, partnership: Partnership, filters: InvestmentFilters | None = None
) -> list[InvestmentPoint]:
    """Every matching investment placed at its drawn location, else at the centre of
    its site or landscape (one query, no model instances)."""
    rows = investment_list(partnership=partnership, filters=filters).values_list(
        "uuid", "name", "stage", "location", "centroid_lon", "centroid_lat",
        "site__centroid_lon", "site__centroid_lat",
        "landscape__centroid_lon", "landscape__centroid_lat",
    )  # fmt: skip
    points = []
    for uuid, name, stage, location, *centres in rows:
        pairs = [(centres[i], centres[i + 1]) for i in (0, 2, 4)]
        point = next(((lon, lat) for lon, lat in pairs if lon is not None), None)
        points.append(InvestmentPoint(uuid, name, stage, location, point))
    return points


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
