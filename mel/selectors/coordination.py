"""MEL figures for the hub staff coordination dashboard, for many partnerships at once."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.coordination import (
    DashboardPanel,
    HealthFigure,
    register_dashboard_panel,
    register_health_figure,
)
from mel.models import Indicator, IndicatorPeriod, Measurement, MeasurementStatus
from mel.periods import periods_for
from mel.selectors.tracking import GRACE_DAYS

WINDOW_DAYS = 365


def completeness_by_partnership(
    ids: Sequence[int], *, today: datetime.date | None = None
) -> dict[int, int]:
    """Per partnership: the share (%) of the values due over the last year (periods that
    ended more than the grace days ago) that are approved. Three queries for any number
    of partnerships; partnerships without indicators are left out."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=WINDOW_DAYS)
    cutoff = today - datetime.timedelta(days=GRACE_DAYS)
    indicators = (
        Indicator.objects.filter(partnership_id__in=ids)
        .only("pk", "partnership_id", "frequency")
        .prefetch_related(
            Prefetch(
                "custom_periods", queryset=IndicatorPeriod.objects.only("indicator", "start", "end")
            )
        )
    )
    approved = set(
        Measurement.objects.filter(
            partnership_id__in=ids, period_start__gte=first, status=MeasurementStatus.APPROVED
        ).values_list("indicator_id", "period_start")
    )
    expected: dict[int, int] = defaultdict(int)
    complete: dict[int, int] = defaultdict(int)
    for indicator in indicators:
        custom = [(p.start, p.end) for p in indicator.custom_periods.all()]
        for start, end in periods_for(indicator.frequency, first, today, custom):
            if start < first or end > cutoff:
                continue
            expected[indicator.partnership_id] += 1
            if (indicator.pk, start) in approved:
                complete[indicator.partnership_id] += 1
    return {pk: round(complete[pk] * 100 / n) for pk, n in expected.items() if n}


def register() -> None:
    register_health_figure(
        HealthFigure(
            key="mel_completeness",
            label=_("MEL data complete"),
            compute=completeness_by_partnership,
            kind="percent",
            order=30,
            needs_attention=lambda percent: percent < 50,
            help_text=_("Approved values among those due over the last twelve months."),
        )
    )
    register_panel()


def scorecard_panel_rows(*, country: str = "") -> list[dict]:
    """This year's initiative scorecard (approved values of adopted library indicators)."""
    from mel.selectors.scorecard import scorecard, year_range

    first, last = year_range(timezone.localdate().year)
    return [
        {
            "label": row.library.name,
            "value": row.value,
            "unit": row.library.unit_label,
            "note": row.rule_note,
            "count": row.partnerships,
        }
        for row in scorecard(first=first, last=last, country=country)
        if row.value is not None
    ]


def register_panel() -> None:
    register_dashboard_panel(
        DashboardPanel(
            key="scorecard",
            title=_("Initiative scorecard, this year"),
            compute=scorecard_panel_rows,
            link_url_name="scorecard:manage",
            link_text=_("Open the scorecard"),
            order=10,
        )
    )
