"""Validation of target and measurement rows, shared by the forms, the bulk import and
the API: every row is checked against everything loaded once (indicators, periods,
locks, existing reviewed values); each problem becomes a ``RowError``."""

from __future__ import annotations

import datetime
import json
import uuid as uuid_module
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from mel.models import Indicator, Measurement, MeasurementStatus, PeriodLock, Target
from mel.models.choices import Frequency
from mel.periods import period_containing, period_error
from mel.values import ValueError_, check_breakdown, parse_value
from partnerships.models import Partnership


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": str(self.message)}


@dataclass
class InputRow:
    row: int
    indicator: str
    period_start: object = None
    period_end: object = None
    value: object = None
    target: object = None
    breakdown: dict = field(default_factory=dict)
    narrative: str = ""


@dataclass(frozen=True)
class CleanRow:
    row: int
    indicator_id: int
    period_start: datetime.date
    period_end: datetime.date
    value: Decimal | None
    target: Decimal | None
    breakdown: dict
    narrative: str

    def copy_tuple(self) -> tuple:
        return (
            self.indicator_id,
            self.period_start,
            self.period_end,
            self.value,
            json.dumps(self.breakdown, separators=(",", ":")),
            self.narrative,
        )


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(raw) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw).strip()
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError_(_("Write the date as YYYY-MM-DD, e.g. 2025-01-01.")) from None


class RowContext:
    """Everything the rows are checked against, loaded in a fixed number of queries."""

    def __init__(self, partnership: Partnership, *, indicator_ids: Iterable[int] | None = None):
        indicators = Indicator.objects.for_partnership(partnership).prefetch_related(
            "disaggregations", "custom_periods"
        )
        if indicator_ids is not None:
            indicators = indicators.filter(pk__in=list(indicator_ids))
        self.indicators = list(indicators)
        self.by_code = {i.code.lower(): i for i in self.indicators}
        self.by_uuid = {str(i.uuid): i for i in self.indicators}
        self.categories = {
            i.pk: {d.name: list(d.values) for d in i.disaggregations.all()} for i in self.indicators
        }
        self.custom = {
            i.pk: [(p.start, p.end) for p in i.custom_periods.all()] for i in self.indicators
        }
        self.locks = list(
            PeriodLock.objects.for_partnership(partnership).values_list("start", "end")
        )
        reviewed = Measurement.objects.for_partnership(partnership).exclude(
            status__in=[MeasurementStatus.DRAFT, MeasurementStatus.RETURNED]
        )
        self.reviewed = {
            (indicator_id, start): status
            for indicator_id, start, status in reviewed.values_list(
                "indicator_id", "period_start", "status"
            )
        }

    def locked(self, start: datetime.date, end: datetime.date) -> bool:
        return any(lock_start <= end and lock_end >= start for lock_start, lock_end in self.locks)

    def indicator_for(self, ref: str) -> Indicator | None:
        text = str(ref).strip()
        try:
            return self.by_uuid.get(str(uuid_module.UUID(text)))
        except ValueError:
            return self.by_code.get(text.lower())


def validate_rows(
    partnership: Partnership,
    rows: Iterable[InputRow],
    *,
    context: RowContext | None = None,
    allow_reviewed: bool = False,
) -> tuple[list[CleanRow], list[RowError]]:
    context = context or RowContext(partnership)
    clean: list[CleanRow] = []
    errors: list[RowError] = []
    first_seen: dict[tuple[int, datetime.date, str], int] = {}
    for raw in rows:
        row_errors: list[RowError] = []

        def fail(column: str, message: str, row=raw.row, bucket=row_errors) -> None:
            bucket.append(RowError(row, column, message))

        indicator = context.indicator_for(raw.indicator) if not _is_blank(raw.indicator) else None
        if _is_blank(raw.indicator):
            fail("indicator", _("Give the indicator."))
        elif indicator is None:
            fail(
                "indicator",
                _("“%(ref)s” is not an indicator of this partnership.") % {"ref": raw.indicator},
            )
        start = end = None
        if _is_blank(raw.period_start):
            fail("period_start", _("Give the start of the period."))
        else:
            try:
                start = parse_date(raw.period_start)
            except ValueError_ as error:
                fail("period_start", str(error))
        if start is not None and _is_blank(raw.period_end) and indicator is not None:
            if indicator.frequency != Frequency.CUSTOM:
                end = period_containing(indicator.frequency, start)[1]
            else:
                fail("period_end", _("Give the end of the period."))
        elif not _is_blank(raw.period_end):
            try:
                end = parse_date(raw.period_end)
            except ValueError_ as error:
                fail("period_end", str(error))
        if indicator is not None and start is not None and end is not None:
            problem = period_error(
                indicator.frequency, start, end, context.custom.get(indicator.pk, ())
            )
            if problem:
                fail("period_start", problem)
            elif context.locked(start, end):
                fail("period_start", _("This period is locked: ask a leader or MEL officer."))

        value = target = None
        has_value, has_target = not _is_blank(raw.value), not _is_blank(raw.target)
        if not has_value and not has_target:
            fail("value", _("Give a value (or a target)."))
        if indicator is not None and has_value:
            try:
                value = parse_value(indicator.unit, raw.value)
            except ValueError_ as error:
                fail("value", str(error))
        if indicator is not None and has_target:
            try:
                target = parse_value(indicator.unit, raw.target)
            except ValueError_ as error:
                fail("target", str(error))
        breakdown: dict = {}
        if indicator is not None and raw.breakdown:
            if not has_value:
                fail("value", _("Disaggregated values need the total value."))
            elif value is not None:
                breakdown, problems = check_breakdown(
                    unit=indicator.unit,
                    total=value,
                    categories=context.categories[indicator.pk],
                    must_sum=indicator.disaggregations_sum_to_total,
                    breakdown=raw.breakdown,
                )
                for column, message in problems:
                    fail(column, message)
        if indicator is not None and start is not None and has_value and not allow_reviewed:
            status = context.reviewed.get((indicator.pk, start))
            if status:
                fail(
                    "value",
                    _(
                        "The value for this period is already %(status)s; change it on "
                        "the indicator page, giving a reason."
                    )
                    % {"status": MeasurementStatus(status).label.lower()},
                )
        if indicator is not None and start is not None:
            for kind, present in (("value", has_value), ("target", has_target)):
                if not present:
                    continue
                key = (indicator.pk, start, kind)
                if key in first_seen:
                    message = (
                        _("Row %(row)s already gives the value of this indicator for this period.")
                        if kind == "value"
                        else _(
                            "Row %(row)s already gives the target of this indicator for this "
                            "period."
                        )
                    )
                    fail("period_start", message % {"row": first_seen[key]})
                else:
                    first_seen[key] = raw.row
        if row_errors:
            errors.extend(row_errors)
            continue
        clean.append(
            CleanRow(
                row=raw.row,
                indicator_id=indicator.pk,
                period_start=start,
                period_end=end,
                value=value,
                target=target,
                breakdown=breakdown,
                narrative=(raw.narrative or "").strip(),
            )
        )
    return clean, errors


def existing_targets(partnership: Partnership) -> dict[tuple[int, datetime.date], Decimal]:
    return {
        (i, s): v
        for i, s, v in Target.objects.for_partnership(partnership).values_list(
            "indicator_id", "period_start", "value"
        )
    }


def group_by_indicator(rows: Iterable[CleanRow]) -> dict[int, list[CleanRow]]:
    grouped: dict[int, list[CleanRow]] = defaultdict(list)
    for row in rows:
        grouped[row.indicator_id].append(row)
    return grouped
