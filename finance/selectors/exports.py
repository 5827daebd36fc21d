"""Everything a portfolio export needs, read in a constant number of queries.

Conversions follow docs/adr/0009: summary figures (costs, funding, gaps) use the rates
of the export date; a transaction uses the rate of its own date and a budget the rate
of its period start. Each converted figure carries the date of the rate it used; a
figure without a rate carries the ``MissingRate`` message (naming currency and date)
instead of an amount, so an export never fails for a missing rate.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from finance.conversion import CENT, Converted, MissingRate
from finance.models import (
    Budget,
    ExchangeRate,
    FundingSource,
    FundingStatus,
    Investment,
    Portfolio,
    Transaction,
)
from partnerships.models import Partnership

COMMITTED = {FundingStatus.COMMITTED, FundingStatus.DISBURSED}


class DatedRates:
    """All rates of some currencies up to a date (one query); converts a figure with the
    latest rate on or before the figure's own date."""

    def __init__(self, currencies: Iterable[str], *, until: datetime.date):
        self.base = settings.FINANCE_BASE_CURRENCY
        wanted = {code for code in currencies if code and code != self.base}
        self._dates: dict[str, list[datetime.date]] = {}
        self._rates: dict[str, list[Decimal]] = {}
        if wanted:
            rows = (
                ExchangeRate.objects.filter(currency__in=wanted, date__lte=until)
                .order_by("currency", "date")
                .values_list("currency", "date", "rate")
            )
            for code, date, rate in rows:
                self._dates.setdefault(code, []).append(date)
                self._rates.setdefault(code, []).append(rate)

    def rate(self, currency: str, on: datetime.date) -> tuple[Decimal, datetime.date | None]:
        if currency == self.base:
            return Decimal(1), None
        dates = self._dates.get(currency, [])
        index = bisect.bisect_right(dates, on) - 1
        if index < 0:
            raise MissingRate(currency, on)
        return self._rates[currency][index], dates[index]

    def convert(
        self, amount: Decimal, from_currency: str, to_currency: str, *, on: datetime.date
    ) -> Converted:
        if from_currency == to_currency:
            return Converted(Decimal(amount), to_currency, None)
        from_rate, from_date = self.rate(from_currency, on)
        to_rate, to_date = self.rate(to_currency, on)
        value = (Decimal(amount) / from_rate * to_rate).quantize(CENT, rounding=ROUND_HALF_EVEN)
        dates = [d for d in (from_date, to_date) if d is not None]
        return Converted(value, to_currency, min(dates) if dates else None)

    def used(self, on: datetime.date) -> list[tuple[str, Decimal, datetime.date]]:
        """The rate of each loaded currency in force on ``on``."""
        rows = []
        for code in sorted(self._dates):
            try:
                rate, date = self.rate(code, on)
            except MissingRate:
                continue
            rows.append((code, rate, date))
        return rows


@dataclass
class Figure:
    """An amount in the reporting currency, the date of the rate it used (None when no
    conversion was needed) or, when a rate is missing, the message saying which."""

    amount: Decimal | None
    rate_date: datetime.date | None = None
    problem: str = ""

    @classmethod
    def zero(cls) -> Figure:
        return cls(Decimal("0.00"))

    def add(self, other: Figure) -> Figure:
        if self.amount is None or other.amount is None:
            return Figure(None, None, self.problem or other.problem)
        dates = [d for d in (self.rate_date, other.rate_date) if d is not None]
        return Figure(self.amount + other.amount, min(dates) if dates else None)

    def minus(self, other: Figure) -> Figure:
        if other.amount is None:
            return Figure(None, None, other.problem)
        return self.add(Figure(-other.amount, other.rate_date))


@dataclass
class InvestmentFigures:
    investment: Investment
    cost: Figure
    committed: Figure
    disbursed: Figure
    gap: Figure

    @property
    def rate_date(self) -> datetime.date | None:
        """The oldest rate date behind the row's converted figures."""
        return min([f.rate_date for f in (self.cost, self.committed) if f.rate_date], default=None)


@dataclass
class PortfolioExport:
    partnership: Partnership
    portfolio: Portfolio
    on: datetime.date
    generated_at: datetime.datetime
    currency: str
    rates: DatedRates
    investments: list[InvestmentFigures] = field(default_factory=list)
    cost: Figure = field(default_factory=Figure.zero)
    committed: Figure = field(default_factory=Figure.zero)
    disbursed: Figure = field(default_factory=Figure.zero)
    gap: Figure = field(default_factory=Figure.zero)

    def convert(self, amount: Decimal, currency: str, on: datetime.date | None = None) -> Figure:
        try:
            converted = self.rates.convert(amount, currency, self.currency, on=on or self.on)
        except MissingRate as missing:
            return Figure(None, None, missing.message)
        return Figure(converted.amount, converted.rate_date)

    @property
    def problems(self) -> list[str]:
        seen: list[str] = []
        for row in self.investments:
            for figure in (row.cost, row.committed):
                if figure.problem and figure.problem not in seen:
                    seen.append(figure.problem)
        return seen

    @property
    def rates_used(self) -> list[tuple[str, Decimal, datetime.date]]:
        return self.rates.used(self.on)

    @property
    def transactions(self) -> list[Transaction]:
        return [t for row in self.investments for t in row.investment.transactions.all()]

    @property
    def budgets(self) -> list[Budget]:
        return [b for row in self.investments for b in row.investment.budgets.all()]

    @property
    def funding_sources(self) -> list[FundingSource]:
        return [s for row in self.investments for s in row.investment.funding_sources.all()]


def export_portfolio_get(*, partnership: Partnership) -> Portfolio | None:
    return Portfolio.objects.for_partnership(partnership).select_related("partnership").first()


def export_investments(*, portfolio: Portfolio) -> list[Investment]:
    """The portfolio's investments with everything the exports show (six queries)."""
    return list(
        Investment.objects.for_partnership(portfolio.partnership)
        .filter(portfolio=portfolio)
        .select_related("landscape", "site", "lead_organization")
        .prefetch_related(
            "implementing_partners",
            Prefetch(
                "funding_sources",
                queryset=FundingSource.objects.select_related("funder").order_by("-amount", "pk"),
            ),
            Prefetch(
                "transactions",
                queryset=Transaction.objects.select_related(
                    "provider", "receiver", "funding_source__funder"
                ).order_by("date", "pk"),
            ),
            Prefetch("budgets", queryset=Budget.objects.order_by("period_start", "pk")),
        )
        .order_by("name", "pk")
    )


def portfolio_export(*, portfolio: Portfolio, on: datetime.date | None = None) -> PortfolioExport:
    on = on or timezone.localdate()
    investments = export_investments(portfolio=portfolio)
    currencies = {portfolio.reporting_currency}
    for investment in investments:
        currencies.add(investment.currency)
        currencies.update(s.currency for s in investment.funding_sources.all())
        currencies.update(t.currency for t in investment.transactions.all())
        currencies.update(b.currency for b in investment.budgets.all())
    latest = max(
        [on]
        + [t.date for i in investments for t in i.transactions.all()]
        + [b.period_start for i in investments for b in i.budgets.all()]
    )
    data = PortfolioExport(
        partnership=portfolio.partnership,
        portfolio=portfolio,
        on=on,
        generated_at=timezone.now(),
        currency=portfolio.reporting_currency,
        rates=DatedRates(currencies, until=latest),
    )
    for investment in investments:
        cost = data.convert(investment.total_cost, investment.currency)
        committed, disbursed = Figure.zero(), Figure.zero()
        for source in investment.funding_sources.all():
            if source.status in COMMITTED:
                value = data.convert(source.amount, source.currency)
                committed = committed.add(value)
                if source.status == FundingStatus.DISBURSED:
                    disbursed = disbursed.add(value)
        row = InvestmentFigures(
            investment=investment,
            cost=cost,
            committed=committed,
            disbursed=disbursed,
            gap=cost.minus(committed),
        )
        data.investments.append(row)
        data.cost = data.cost.add(row.cost)
        data.committed = data.committed.add(row.committed)
        data.disbursed = data.disbursed.add(row.disbursed)
    data.gap = data.cost.minus(data.committed)
    return data
