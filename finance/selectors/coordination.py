"""Finance figures for the hub staff coordination dashboard, for many partnerships at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from finance.models import FundingSource, Investment, Stage
from finance.selectors.portfolio import COMMITTED_STATUSES, Converter, Figure, figure_gap
from hub.coordination import HealthFigure, register_health_figure

# Investments still counted in the funding gap: everything not completed or closed.
OPEN_STAGES = [Stage.IDEA, Stage.DESIGN, Stage.READY, Stage.FINANCED, Stage.IMPLEMENTING]


def funding_gap_by_partnership(ids: Sequence[int]) -> dict[int, Figure | None]:
    """Per partnership: the sum over its open investments of cost minus committed or
    disbursed funding (never below zero per investment, the portfolio page's rule), in the
    base currency at today's rates. Two queries and one rate table; a partnership whose
    figures need a missing rate gets None."""
    investments = list(
        Investment.objects.filter(partnership_id__in=ids, stage__in=OPEN_STAGES).values_list(
            "pk", "partnership_id", "total_cost", "currency"
        )
    )
    committed: dict[int, list] = defaultdict(list)
    for investment_id, currency, total in (
        FundingSource.objects.filter(
            partnership_id__in=ids,
            investment__stage__in=OPEN_STAGES,
            status__in=COMMITTED_STATUSES,
        )
        .values_list("investment_id", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        committed[investment_id].append((total, currency))
    currencies = {row[3] for row in investments}
    currencies |= {c for parts in committed.values() for _amount, c in parts}
    converter = Converter(currencies, to=settings.FINANCE_BASE_CURRENCY, on=timezone.localdate())
    gaps: dict[int, Figure] = {}
    for pk, partnership_id, cost, currency in investments:
        gap = figure_gap(converter.one(cost, currency), converter.figure(committed.get(pk, ())))
        gaps.setdefault(partnership_id, Figure(currency=converter.to)).add(gap)
    return {pk: gap if gap.complete else None for pk, gap in gaps.items()}


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
