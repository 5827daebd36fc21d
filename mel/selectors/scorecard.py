"""The hub scorecard: each adopted library indicator aggregated across partnerships by
its own rule (docs/adr/0007-scorecard-aggregation.md).

Within a partnership, the values of an adopting indicator are aggregated over time by
the library indicator's rule (``rule_value``). Across partnerships:

- sum: the sum of the partnerships' sums;
- average: the mean of the partnerships' averages (each partnership weighs the same);
- latest: the sum of each partnership's latest value (a stock, e.g. hectares under
  restoration today, counted once per partnership and never across periods);
- maximum: the largest of the partnerships' maxima.

Only approved measurements of approved partnerships count. Two queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext, gettext_noop

from mel.models import Aggregation, LibraryIndicator, Measurement, MeasurementStatus, Unit
from mel.selectors.aggregation import rule_value
from partnerships.models import Partnership

RULE_NOTES = {
    Aggregation.SUM: gettext_noop("sum of the partnerships' totals"),
    Aggregation.AVERAGE: gettext_noop("mean of the partnerships' averages"),
    Aggregation.LATEST: gettext_noop("sum of each partnership's latest value"),
    Aggregation.MAXIMUM: gettext_noop("sum of each partnership's highest value"),
}
# Shares and yes/no answers do not add up across partnerships: they are averaged.
NON_ADDITIVE_UNITS = frozenset({Unit.PERCENTAGE, Unit.YES_NO})
NON_ADDITIVE_NOTE = gettext_noop("mean of the partnerships' values")


@dataclass
class ScorecardRow:
    library: LibraryIndicator
    value: Decimal | None = None
    partnerships: int = 0
    contributions: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def rule_note(self) -> str:
        if self.library.unit in NON_ADDITIVE_UNITS:
            return gettext(NON_ADDITIVE_NOTE)
        return gettext(RULE_NOTES[Aggregation(self.library.aggregation)])


def combine(rule: str, values: list[Decimal], unit: str = "") -> Decimal | None:
    """Partnership values → the hub figure. Each partnership's value already follows
    the indicator's rule over time; partnerships are distinct places and people, so
    their values add up, except averages, percentages and yes/no answers, which are
    averaged (each partnership weighs the same)."""
    if not values:
        return None
    if rule == Aggregation.AVERAGE or unit in NON_ADDITIVE_UNITS:
        return sum(values, Decimal(0)) / len(values)
    return sum(values, Decimal(0))


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def scorecard(
    *,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
    country: str = "",
) -> list[ScorecardRow]:
    """One row per published or adopted library indicator; measurements whose period
    ends within [first, last] (both optional)."""
    libraries = list(
        LibraryIndicator.objects.filter(adoptions__isnull=False).distinct().order_by("code")
    )
    measurements = Measurement.objects.filter(
        status=MeasurementStatus.APPROVED,
        indicator__library_indicator__isnull=False,
        partnership__approval=Partnership.Approval.APPROVED,
    )
    if first:
        measurements = measurements.filter(period_end__gte=first)
    if last:
        measurements = measurements.filter(period_end__lte=last)
    if country:
        measurements = measurements.filter(partnership__countries__contains=country.upper())
    per_partnership = (
        measurements.values(
            "indicator__library_indicator_id",
            "partnership_id",
            "partnership__name",
            "indicator__library_indicator__aggregation",
        )
        .annotate(actual=rule_value(rule_field="indicator__library_indicator__aggregation"))
        .order_by("partnership__name")
    )
    rows = {library.pk: ScorecardRow(library=library) for library in libraries}
    for item in per_partnership:
        row = rows.get(item["indicator__library_indicator_id"])
        if row is not None and item["actual"] is not None:
            row.contributions.append((item["partnership__name"], item["actual"]))
    for row in rows.values():
        values = [value for _name, value in row.contributions]
        row.value = combine(row.library.aggregation, values, row.library.unit)
        row.partnerships = len(values)
    return list(rows.values())


def scorecard_figures(rows: list[ScorecardRow]) -> list[dict]:
    """The rows as JSON-ready figures, as a snapshot stores them."""
    return [
        {
            "code": row.library.code,
            "name": row.library.name,
            "unit": row.library.unit_label,
            "aggregation": row.library.aggregation,
            "value": None if row.value is None else str(round(row.value, 2)),
            "partnerships": row.partnerships,
        }
        for row in rows
    ]
