"""Figures of the finance API in a reporting currency, each stating its rate date.

One ``RateTable`` per response, loaded for every currency involved, and one query for
the funding sums of the investments on the page: the query count does not grow with
the number of investments. A missing rate does not fail the response: the figure's
``amount`` is null and ``note`` names the currency and the date."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from finance.conversion import MissingRate, RateTable
from finance.models import FundingSource, Investment
from finance.selectors.portfolio import COMMITTED_STATUSES

ZERO = Decimal("0.00")


class Figures:
    """Converts (amount, currency) sums to a target currency with one rate table."""

    def __init__(self, currencies, *, on: datetime.date | None = None):
        self.on = on or timezone.localdate()
        self.table = RateTable(set(currencies), on=self.on)

    def sum(self, parts, to: str) -> dict:
        total, dates, notes = ZERO, [], []
        for amount, currency in parts:
            try:
                converted = self.table.convert(amount, currency, to)
            except MissingRate as error:
                notes.append(error.message)
                continue
            total += converted.amount
            if converted.rate_date is not None:
                dates.append(converted.rate_date)
        if notes:
            return {"amount": None, "currency": to, "rate_date": None, "note": notes[0]}
        return {
            "amount": total,
            "currency": to,
            "rate_date": min(dates) if dates else None,
            "note": "",
        }

    @staticmethod
    def gap(cost: dict, committed: dict) -> dict:
        """Cost minus committed (not below zero); null when either is unknown."""
        if cost["amount"] is None or committed["amount"] is None:
            return {**cost, "amount": None, "rate_date": None,
                    "note": cost["note"] or committed["note"]}  # fmt: skip
        dates = [d for d in (cost["rate_date"], committed["rate_date"]) if d]
        return {
            "amount": max(cost["amount"] - committed["amount"], ZERO),
            "currency": cost["currency"],
            "rate_date": min(dates) if dates else None,
            "note": "",
        }


def investment_figures(investments: list[Investment]) -> dict:
    """``{("Investment", pk): {"total_cost", "committed", "funding_gap"}}`` in each
    investment's portfolio reporting currency (two queries)."""
    if not investments:
        return {}
    committed_rows = (
        FundingSource.objects.filter(
            investment__in=[i.pk for i in investments], status__in=COMMITTED_STATUSES
        )
        .values("investment_id", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    parts: dict[int, list] = defaultdict(list)
    currencies = set()
    for row in committed_rows:
        parts[row["investment_id"]].append((row["total"], row["currency"]))
        currencies.add(row["currency"])
    for investment in investments:
        currencies |= {investment.currency, investment.portfolio.reporting_currency}
    figures = Figures(currencies)
    result = {}
    for investment in investments:
        to = investment.portfolio.reporting_currency
        cost = figures.sum([(investment.total_cost, investment.currency)], to)
        committed = figures.sum(parts.get(investment.pk, ()), to)
        result[("Investment", investment.pk)] = {
            "total_cost": cost,
            "committed": committed,
            "funding_gap": Figures.gap(cost, committed),
        }
    return result


def funding_source_figures(sources: list[FundingSource], reporting_currency: str) -> dict:
    if not sources:
        return {}
    figures = Figures({s.currency for s in sources} | {reporting_currency})
    return {
        ("FundingSource", s.pk): {
            "amount": figures.sum([(s.amount, s.currency)], reporting_currency)
        }
        for s in sources
    }


def portfolio_figures(*, partnership, reporting_currency: str) -> dict:
    """Totals of the whole portfolio: cost, committed, and the sum of the investments'
    gaps (three queries whatever the number of investments)."""
    investments = list(
        Investment.objects.for_partnership(partnership).values_list("pk", "total_cost", "currency")
    )
    committed_rows = (
        FundingSource.objects.for_partnership(partnership)
        .filter(status__in=COMMITTED_STATUSES)
        .values("investment_id", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    parts: dict[int, list] = defaultdict(list)
    currencies = {reporting_currency} | {c for _pk, _cost, c in investments}
    for row in committed_rows:
        parts[row["investment_id"]].append((row["total"], row["currency"]))
        currencies.add(row["currency"])
    figures = Figures(currencies)
    to = reporting_currency
    cost = figures.sum([(c, cur) for _pk, c, cur in investments], to)
    committed = figures.sum([p for rows in parts.values() for p in rows], to)
    gaps = [Figures.gap(figures.sum([(c, cur)], to), figures.sum(parts.get(pk, ()), to))
            for pk, c, cur in investments]  # fmt: skip
    gap = next((g for g in gaps if g["amount"] is None), None)
    if gap is None:
        dates = [g["rate_date"] for g in gaps if g["rate_date"]]
        gap = {"amount": sum((g["amount"] for g in gaps), ZERO), "currency": to,
               "rate_date": min(dates) if dates else None, "note": ""}  # fmt: skip
    return {
        "investments": len(investments),
        "total_cost": cost,
        "committed": committed,
        "funding_gap": gap,
    }
