"""Aggregation over time by each indicator's own rule, computed in SQL: the building
block for the tracking table, the dashboard and the hub scorecard.

``rule_value(prefix)`` is an aggregate expression that gives, for the rows of one
group, the sum, average, latest value or maximum — whichever the group's indicator
says. Group by the indicator (``values("indicator_id", ...)``) before using it."""

from __future__ import annotations

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Avg, Case, DecimalField, Func, Max, QuerySet, Sum, When
from django.db.models.functions import Trunc

from mel.models import Aggregation, Measurement, MeasurementStatus, Target

DECIMAL = DecimalField(max_digits=24, decimal_places=4)


class ArrayFirst(Func):
    template = "(%(expressions)s)[1]"
    output_field = DECIMAL


def latest(field: str = "value", *, order: str = "period_start") -> Func:
    return ArrayFirst(ArrayAgg(field, order_by=f"-{order}"))


def rule_value(*, rule_field: str = "indicator__aggregation", field: str = "value"):
    """The aggregate of ``field`` by the rule in ``rule_field`` (evaluated per group)."""
    return Case(
        When(**{rule_field: Aggregation.SUM}, then=Sum(field)),
        When(**{rule_field: Aggregation.AVERAGE}, then=Avg(field)),
        When(**{rule_field: Aggregation.MAXIMUM}, then=Max(field)),
        default=latest(field),
        output_field=DECIMAL,
    )


def counted_statuses(include_unapproved: bool) -> list[str]:
    if include_unapproved:
        return [
            MeasurementStatus.APPROVED,
            MeasurementStatus.SUBMITTED,
            MeasurementStatus.DRAFT,
            MeasurementStatus.RETURNED,
        ]
    return [MeasurementStatus.APPROVED]


def actuals_by_bucket(measurements: QuerySet[Measurement], *, kind: str) -> QuerySet:
    """Rows of (indicator_id, bucket, actual): values per indicator aggregated by
    its rule within each ``kind`` bucket ("quarter", "year", "month") of the period end."""
    return (
        measurements.annotate(bucket=Trunc("period_end", kind))
        .values("indicator_id", "indicator__aggregation", "bucket")
        .annotate(actual=rule_value())
        .order_by()
    )


def targets_by_bucket(targets: QuerySet[Target], *, kind: str) -> QuerySet:
    return (
        targets.annotate(bucket=Trunc("period_end", kind))
        .values("indicator_id", "indicator__aggregation", "bucket")
        .annotate(target=rule_value())
        .order_by()
    )


def totals_by_indicator(measurements: QuerySet[Measurement]) -> dict[int, object]:
    """The whole-period actual of each indicator, by its rule."""
    rows = (
        measurements.values("indicator_id", "indicator__aggregation")
        .annotate(actual=rule_value())
        .order_by()
    )
    return {row["indicator_id"]: row["actual"] for row in rows}


def progress_summary(*, partnership, indicators) -> list[dict]:
    """Per indicator: approved values aggregated by its rule, how many periods, the
    latest period, and % achieved against the end-of-partnership target (2 queries)."""
    from django.db.models import Count
    from django.db.models import Max as MaxAgg

    from mel.selectors.tracking import percent_achieved

    indicators = list(indicators)
    rows = (
        Measurement.objects.for_partnership(partnership)
        .filter(status=MeasurementStatus.APPROVED, indicator__in=[i.pk for i in indicators])
        .values("indicator_id", "indicator__aggregation")
        .annotate(actual=rule_value(), periods=Count("pk"), latest_end=MaxAgg("period_end"))
        .order_by()
    )
    by_indicator = {row["indicator_id"]: row for row in rows}
    out = []
    for indicator in indicators:
        row = by_indicator.get(indicator.pk, {})
        actual = row.get("actual")
        percent = percent_achieved(indicator, actual, indicator.end_target)
        out.append(
            {
                "indicator": indicator.uuid,
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "aggregation": indicator.aggregation,
                "baseline_value": indicator.baseline_value,
                "end_target": indicator.end_target,
                "actual": actual,
                "percent_achieved": None if percent is None else round(percent, 1),
                "approved_periods": row.get("periods", 0),
                "latest_period_end": row.get("latest_end"),
            }
        )
    return out
