"""Finance figures for the hub staff coordination dashboard, for many partnerships at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from finance.conversion import Converted, MissingRate, RateTable
from finance.models import FundingSource, FundingStatus, Investment, Stage
from hub.coordination import HealthFigure, register_health_figure

# Investments whose money is still being sought: not yet financed, not closed.
OPEN_STAGES = [Stage.IDEA, Stage.DESIGN, Stage.READY, Stage.FINANCED, Stage.IMPLEMENTING]


def funding_gap_by_partnership(ids: Sequence[int]) -> dict[int, Converted | None]:
    """Per partnership: the sum over its open investments of cost minus committed or
    disbursed funding (never below zero), in the base currency at today's rates. Three
    queries; a partnership whose figures need a missing rate gets None."""
    committed_in_currency = (
        FundingSource.objects.filter(
            investment=OuterRef("pk"),
            currency=OuterRef("currency"),
            status__in=[FundingStatus.COMMITTED, FundingStatus.DISBURSED],
        )
        .order_by()
        .values("investment")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    investments = list(
        Investment.objects.filter(partnership_id__in=ids, stage__in=OPEN_STAGES)
        .annotate(same_currency=Coalesce(Subquery(committed_in_currency), Decimal(0)))
        .values_list("pk", "partnership_id", "total_cost", "currency", "same_currency")
    )
    # Funding in another currency than the investment's is converted below.
    other = list(
        FundingSource.objects.filter(
            partnership_id__in=ids,
            investment__stage__in=OPEN_STAGES,
            status__in=[FundingStatus.COMMITTED, FundingStatus.DISBURSED],
        )
        .exclude(currency=F("investment__currency"))
        .values_list("investment_id", "amount", "currency")
    )
    base = settings.FINANCE_BASE_CURRENCY
    currencies = {row[3] for row in investments} | {row[2] for row in other}
    rates = RateTable(currencies | {base}, on=timezone.localdate())
    foreign: dict[int, list[tuple[Decimal, str]]] = defaultdict(list)
    for investment_id, amount, currency in other:
        foreign[investment_id].append((amount, currency))

    gaps: dict[int, Decimal] = defaultdict(Decimal)
    dates: dict[int, list] = defaultdict(list)
    missing: set[int] = set()
    for pk, partnership_id, cost, currency, same_currency in investments:
        try:
            conversions = [rates.convert(a, c, currency) for a, c in foreign.get(pk, [])]
            committed = same_currency + sum((c.amount for c in conversions), Decimal(0))
            gap = rates.convert(max(cost - committed, Decimal(0)), currency, base)
        except MissingRate:
            missing.add(partnership_id)
            continue
        gaps[partnership_id] += gap.amount
        dates[partnership_id] += [c.rate_date for c in [*conversions, gap] if c.rate_date]
    return {
        pk: None
        if pk in missing
        else Converted(gaps.get(pk, Decimal(0)), base, min(dates[pk]) if dates[pk] else None)
        for pk in ids
        if pk in gaps or pk in missing
    }


def register() -> None:
    register_health_figure(
        HealthFigure(
            key="funding_gap",
            label=_("Funding gap"),
            compute=funding_gap_by_partnership,
            kind="money",
            order=40,
            help_text=_("Cost minus committed funding of the investments still open, in USD."),
        )
    )
