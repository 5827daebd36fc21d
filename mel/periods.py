"""Reporting periods: calendar months, quarters, semesters and years, or an
indicator's own custom periods. A period is a (start, end) pair of dates, both
inclusive."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

from mel.models.choices import Frequency

Period = tuple[datetime.date, datetime.date]

_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.SEMESTER: 6,
    Frequency.ANNUAL: 12,
}


def _months(frequency: str) -> int:
    return _MONTHS[Frequency(frequency)]


def period_containing(frequency: str, day: datetime.date) -> Period:
    """The calendar period of ``frequency`` that contains ``day``."""
    months = _months(frequency)
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    start = datetime.date(day.year, first_month, 1)
    end = datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return start, end


def is_calendar_period(frequency: str, start: datetime.date, end: datetime.date) -> bool:
    return period_containing(frequency, start) == (start, end)


def periods_between(frequency: str, first: datetime.date, last: datetime.date) -> list[Period]:
    """Every calendar period of ``frequency`` that overlaps [first, last]."""
    periods = []
    if last < first:
        return periods
    start, end = period_containing(frequency, first)
    while start <= last:
        periods.append((start, end))
        start, end = period_containing(frequency, end + datetime.timedelta(days=1))
    return periods


def period_label(frequency: str, start: datetime.date, end: datetime.date) -> str:
    if frequency == Frequency.QUARTERLY and is_calendar_period(frequency, start, end):
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    if frequency == Frequency.SEMESTER and is_calendar_period(frequency, start, end):
        return f"{start.year} S{(start.month - 1) // 6 + 1}"
    if frequency == Frequency.ANNUAL and is_calendar_period(frequency, start, end):
        return str(start.year)
    if frequency == Frequency.MONTHLY and is_calendar_period(frequency, start, end):
        return start.strftime("%Y-%m")
    return f"{start.isoformat()} – {end.isoformat()}"


def period_error(
    frequency: str,
    start: datetime.date,
    end: datetime.date,
    custom_periods: Iterable[Period] = (),
) -> str | None:
    """Why (start, end) is not a period of an indicator with ``frequency``; None if it is."""
    if end < start:
        return _("The period ends before it starts.")
    if frequency == Frequency.CUSTOM:
        if (start, end) in set(custom_periods):
            return None
        return _("%(start)s – %(end)s is not one of this indicator's reporting periods.") % {
            "start": start.isoformat(),
            "end": end.isoformat(),
        }
    if is_calendar_period(frequency, start, end):
        return None
    expected_start, expected_end = period_containing(frequency, start)
    return _(
        "This indicator reports %(frequency)s: the period starting %(start)s should run "
        "%(expected_start)s – %(expected_end)s."
    ) % {
        "frequency": Frequency(frequency).label.lower(),
        "start": start.isoformat(),
        "expected_start": expected_start.isoformat(),
        "expected_end": expected_end.isoformat(),
    }


def periods_for(
    frequency: str,
    first: datetime.date,
    last: datetime.date,
    custom_periods: Iterable[Period] = (),
) -> list[Period]:
    if frequency == Frequency.CUSTOM:
        return sorted(p for p in custom_periods if p[1] >= first and p[0] <= last)
    return periods_between(frequency, first, last)
