"""What a partnership MEL report contains, read once for the PDF and the XLSX."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from mel.models import Framework, Measurement, MeasurementStatus
from mel.reports.charts import actual_target_svg
from mel.selectors.framework import flatten, result_tree
from mel.selectors.tracking import TrackingTable, tracking_table
from partnerships.models import Partnership


@dataclass
class ReportData:
    partnership: Partnership
    first: datetime.date
    last: datetime.date
    generated: datetime.datetime
    frameworks: list[tuple[Framework, list]]
    table: TrackingTable
    charts: list[tuple[object, str]]
    narratives: list[Measurement]


def default_range(partnership: Partnership) -> tuple[datetime.date, datetime.date]:
    from mel.views.tracking import _default_range

    return _default_range(partnership)


def latest_narratives(*, partnership: Partnership, ids: list[int]) -> QuerySet[Measurement]:
    """Each indicator's latest approved measurement that has a narrative (1 query)."""
    return (
        Measurement.objects.for_partnership(partnership)
        .filter(indicator_id__in=ids, status=MeasurementStatus.APPROVED)
        .exclude(narrative="")
        .select_related("indicator")
        .order_by("indicator_id", "-period_start")
        .distinct("indicator_id")
    )


def report_data(
    *,
    partnership: Partnership,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
    kind: str = "quarter",
) -> ReportData:
    if first is None or last is None:
        first, last = default_range(partnership)
    frameworks = [
        (framework, flatten(result_tree(framework=framework)))
        for framework in Framework.objects.for_partnership(partnership).order_by("name")
    ]
    table = tracking_table(partnership=partnership, first=first, last=last, kind=kind)
    labels = [label for _s, _e, label in table.columns]
    charts = [
        (
            row.indicator,
            actual_target_svg(
                labels=labels,
                actual=[cell.actual for cell in row.cells],
                target=[cell.target for cell in row.cells],
                title=f"{row.indicator.code} {row.indicator.name}",
            ),
        )
        for row in table.rows
    ]
    narratives = sorted(
        latest_narratives(partnership=partnership, ids=[row.indicator.pk for row in table.rows]),
        key=lambda m: m.indicator.code,
    )
    return ReportData(
        partnership=partnership,
        first=first,
        last=last,
        generated=timezone.now(),
        frameworks=frameworks,
        table=table,
        charts=charts,
        narratives=narratives,
    )
