"""Finance figures for the hub staff coordination dashboard, for many partnerships at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from finance.models import FundingSource, Investment, Stage
from finance.selectors.portfolio import COMMITTED_STATUSES, Converter, Figure, figure_gap
from hub.coordination import (
    DashboardPanel,
    HealthFigure,
    register_dashboard_panel,
    register_health_figure,
)

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
    register_panel()


def mobilization_panel_rows(*, country: str = "") -> list[dict]:
    """The hub's fundraising pipeline: per status, the amount in USD at today's rates, the
    number of proposals and of partnerships they would benefit (three queries)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext, ngettext

    from finance.models import Proposal, ProposalStatus
    from finance.selectors.mobilization import pipeline

    proposals = Proposal.objects.only("pk", "status", "amount", "currency")
    links = Proposal.partnerships.through.objects.all()
    if country:
        proposals = proposals.filter(partnerships__countries__icontains=country).distinct()
        links = links.filter(partnership__countries__icontains=country)
    proposals = list(proposals)
    beneficiaries: dict[str, set[int]] = defaultdict(set)
    for status, partnership_id in links.values_list("proposal__status", "partnership_id"):
        beneficiaries[status].add(partnership_id)
    result = pipeline(proposals)
    rows = []
    for column in result.columns:
        note = ngettext("%(count)s proposal", "%(count)s proposals", len(column.proposals)) % {
            "count": len(column.proposals)
        }
        if column.total.rate_date:
            note += " · " + gettext("rates of %(date)s") % {
                "date": date_format(column.total.rate_date, "j M Y")
            }
        if not column.total.complete:
            note += " · " + gettext("some amounts have no exchange rate")
        rows.append(
            {
                "label": ProposalStatus(column.status).label,
                "value": column.total.amount.quantize(Decimal("1")),
                "unit": result.currency,
                "note": note,
                "count": len(beneficiaries[column.status]),
            }
        )
    return rows


def register_panel() -> None:
    register_dashboard_panel(
        DashboardPanel(
            key="resource_mobilization",
            title=_("Resource mobilization pipeline"),
            compute=mobilization_panel_rows,
            link_url_name="mobilization:pipeline",
            link_text=_("Open the pipeline"),
            order=20,
        )
    )
