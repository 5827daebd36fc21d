"""The indicator performance tracking table, the indicator page's series and the
data-completeness dashboard. Each runs a fixed number of queries whatever the number
of indicators and periods."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from mel.models import (
    Direction,
    Disaggregation,
    Frequency,
    Indicator,
    Measurement,
    MeasurementStatus,
    Target,
)
from mel.periods import period_label, periods_between, periods_for
from mel.selectors.aggregation import (
    actuals_by_bucket,
    counted_statuses,
    targets_by_bucket,
    totals_by_indicator,
)
from partnerships.models import Partnership

ON_TRACK, AT_RISK = Decimal(90), Decimal(60)
GRACE_DAYS = 30
KIND_FREQUENCY = {
    "month": Frequency.MONTHLY,
    "quarter": Frequency.QUARTERLY,
    "year": Frequency.ANNUAL,
}


def indicator_list(
    *,
    partnership: Partnership,
    result=None,
    depth: int | None = None,
    pillar: str = "",
    framework=None,
) -> QuerySet[Indicator]:
    queryset = (
        Indicator.objects.for_partnership(partnership)
        .select_related("result", "result__framework", "responsible", "library_indicator")
        .prefetch_related(
            Prefetch("disaggregations", queryset=Disaggregation.objects.order_by("name")),
            "custom_periods",
        )
        .order_by("result__framework__name", "result__depth", "result__position", "code")
    )
    if framework is not None:
        queryset = queryset.filter(result__framework=framework)
    if result is not None:
        queryset = queryset.filter(result=result)
    if depth is not None:
        queryset = queryset.filter(result__depth=depth)
    if pillar:
        queryset = queryset.filter(pillars__contains=[pillar])
    return queryset


def percent_achieved(indicator: Indicator, actual, target) -> Decimal | None:
    if actual is None or target is None:
        return None
    actual, target = Decimal(actual), Decimal(target)
    if indicator.direction == Direction.DECREASE:
        baseline = indicator.baseline_value
        if baseline is not None and baseline != target:
            return (baseline - actual) / (baseline - target) * 100
        if actual == 0:
            return Decimal(100) if target == 0 else None
        return target / actual * 100
    if target == 0:
        return Decimal(100) if actual >= 0 else Decimal(0)
    return actual / target * 100


def status_class(percent: Decimal | None) -> str:
    if percent is None:
        return "none"
    if percent >= ON_TRACK:
        return "good"
    if percent >= AT_RISK:
        return "warn"
    return "bad"


@dataclass
class Cell:
    target: Decimal | None = None
    actual: Decimal | None = None
    percent: Decimal | None = None
    status: str = "none"


@dataclass
class TrackingRow:
    indicator: Indicator
    cells: list[Cell] = field(default_factory=list)
    total: Cell = field(default_factory=Cell)


@dataclass
class TrackingTable:
    columns: list[tuple[datetime.date, datetime.date, str]]
    rows: list[TrackingRow]
    kind: str


def tracking_table(
    *,
    partnership: Partnership,
    first: datetime.date,
    last: datetime.date,
    kind: str = "quarter",
    include_unapproved: bool = False,
    **filters,
) -> TrackingTable:
    """Targets, actuals and % achieved per indicator and column period (3 queries)."""
    indicators = list(indicator_list(partnership=partnership, **filters))
    ids = [i.pk for i in indicators]
    frequency = KIND_FREQUENCY[kind]
    columns = [
        (s, e, period_label(frequency, s, e)) for s, e in periods_between(frequency, first, last)
    ]
    measurements = Measurement.objects.for_partnership(partnership).filter(
        indicator_id__in=ids,
        status__in=counted_statuses(include_unapproved),
        period_end__gte=first,
        period_end__lte=last,
    )
    targets = Target.objects.for_partnership(partnership).filter(
        indicator_id__in=ids, period_end__gte=first, period_end__lte=last
    )
    actual = {
        (r["indicator_id"], r["bucket"]): r["actual"]
        for r in actuals_by_bucket(measurements, kind=kind)
    }
    target = {
        (r["indicator_id"], r["bucket"]): r["target"] for r in targets_by_bucket(targets, kind=kind)
    }
    totals = totals_by_indicator(measurements)
    rows = []
    for indicator in indicators:
        row = TrackingRow(indicator=indicator)
        for start, _end, _label in columns:
            cell = Cell(
                target=target.get((indicator.pk, start)), actual=actual.get((indicator.pk, start))
            )
            cell.percent = percent_achieved(indicator, cell.actual, cell.target)
            cell.status = status_class(cell.percent)
            row.cells.append(cell)
        row.total = Cell(target=indicator.end_target, actual=totals.get(indicator.pk))
        row.total.percent = percent_achieved(indicator, row.total.actual, row.total.target)
        row.total.status = status_class(row.total.percent)
        rows.append(row)
    return TrackingTable(columns=columns, rows=rows, kind=kind)


def indicator_series(*, indicator: Indicator) -> dict:
    """Chart data of one indicator: per period target and actual (any status, with
    status), and the approved values by disaggregation."""
    measurements = list(indicator.measurements.order_by("period_start"))
    targets = list(indicator.targets.order_by("period_start"))
    starts = sorted({m.period_start for m in measurements} | {t.period_start for t in targets})
    by_m = {m.period_start: m for m in measurements}
    by_t = {t.period_start: t for t in targets}
    labels = []
    for start in starts:
        row = by_m.get(start) or by_t.get(start)
        labels.append(period_label(indicator.frequency, row.period_start, row.period_end))
    breakdown: dict[str, dict[str, list]] = {}
    for disaggregation in indicator.disaggregations.all():
        breakdown[disaggregation.name] = {
            value: [
                _num((by_m[s].breakdown.get(disaggregation.name) or {}).get(value))
                if s in by_m
                else None
                for s in starts
            ]
            for value in disaggregation.values
        }
    return {
        "labels": labels,
        "actual": [_num(by_m[s].value) if s in by_m else None for s in starts],
        "status": [by_m[s].status if s in by_m else "" for s in starts],
        "target": [_num(by_t[s].value) if s in by_t else None for s in starts],
        "baseline": _num(indicator.baseline_value),
        "breakdown": breakdown,
    }


def _num(value) -> float | None:
    return None if value is None else float(value)


@dataclass
class PeriodCompleteness:
    label: str
    start: datetime.date
    end: datetime.date
    expected: int = 0
    complete: int = 0
    awaiting: int = 0
    due: int = 0
    late: int = 0
    missing: int = 0

    @property
    def percent(self) -> int:
        return round(self.complete * 100 / self.expected) if self.expected else 100


def completeness(
    *, partnership: Partnership, first: datetime.date, today: datetime.date | None = None
) -> dict:
    """Per reporting period (quarters) and per indicator: how many values are in
    (approved), awaiting review, due (period ended within the grace days), late
    (a draft not submitted after the grace days) or missing (nothing after the grace
    days). 3 queries."""
    today = today or timezone.localdate()
    indicators = list(indicator_list(partnership=partnership))
    states = {
        (i, s): st
        for i, s, st in Measurement.objects.for_partnership(partnership)
        .filter(period_start__gte=first)
        .values_list("indicator_id", "period_start", "status")
    }
    quarters = {
        s: PeriodCompleteness(period_label(Frequency.QUARTERLY, s, e), s, e)
        for s, e in periods_between(Frequency.QUARTERLY, first, today)
    }
    per_indicator = defaultdict(lambda: {"due": 0, "late": 0, "missing": 0, "awaiting": 0})
    attention = []
    for indicator in indicators:
        custom = [(p.start, p.end) for p in indicator.custom_periods.all()]
        for start, end in periods_for(indicator.frequency, first, today, custom):
            if end >= today:
                continue
            bucket = quarters.get(periods_between(Frequency.QUARTERLY, end, end)[0][0])
            state = states.get((indicator.pk, start))
            overdue = (today - end).days > GRACE_DAYS
            if state == MeasurementStatus.APPROVED:
                key = "complete"
            elif state == MeasurementStatus.SUBMITTED:
                key = "awaiting"
            elif not overdue:
                key = "due"
            elif state is None:
                key = "missing"
            else:
                key = "late"
            if bucket is not None:
                bucket.expected += 1
                setattr(bucket, key, getattr(bucket, key) + 1)
            if key != "complete":
                per_indicator[indicator.pk][key] += 1
                if key in ("due", "late", "missing"):
                    attention.append((indicator, key, start, end))
    periods = [q for q in quarters.values() if q.expected]
    expected = sum(q.expected for q in periods)
    complete = sum(q.complete for q in periods)
    counts = {
        k: sum(getattr(q, k) for q in periods) for k in ("due", "late", "missing", "awaiting")
    }
    attention.sort(key=lambda item: ({"missing": 0, "late": 1, "due": 2}[item[1]], item[2]))
    return {
        "periods": list(reversed(periods)),
        "expected": expected,
        "complete": complete,
        "percent": round(complete * 100 / expected) if expected else 100,
        "counts": counts,
        "indicators": indicators,
        "per_indicator": dict(per_indicator),
        "attention": attention,
    }


def review_queue(*, partnership: Partnership) -> QuerySet[Measurement]:
    return (
        Measurement.objects.for_partnership(partnership)
        .filter(status=MeasurementStatus.SUBMITTED)
        .select_related("indicator", "entered_by")
        .order_by("period_start", "indicator__code")
    )
