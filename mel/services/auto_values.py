"""Draft values filled in from another app's records, e.g. "people trained" from
capacity. MEL reads capacity's selector; capacity never imports MEL (ADR 0008)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity.models.participants import AgeGroup, Gender
from capacity.selectors.participation import ParticipationFigures, participation_figures
from hub.models import User
from hub.services import ApplicationError
from mel.models import Framework, Indicator
from mel.models.indicators import AutoSource
from mel.periods import Period, periods_for
from mel.services.measurements import measurement_create, measurement_update
from mel.services.rows import InputRow, RowContext, validate_rows
from partnerships.models import Partnership

GENDER_SYNONYMS = {
    "female": Gender.WOMAN,
    "women": Gender.WOMAN,
    "male": Gender.MAN,
    "men": Gender.MAN,
}


@dataclass
class PullResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


def _first_day(indicator: Indicator, today: datetime.date) -> datetime.date:
    start = (
        Framework.objects.filter(pk=indicator.result.framework_id)
        .values_list("start_date", flat=True)
        .first()
    )
    return start or datetime.date(today.year - 1, 1, 1)


def _category_breakdown(values: list[str], counts: dict[str, int], choices) -> dict | None:
    """Counts keyed by the category's own values, when every counted capacity value
    maps onto one of them (by code, label or a common synonym); None otherwise."""
    lookup = {}
    for value in values:
        key = value.strip().lower()
        for choice in choices:
            if key in (choice.value.lower(), str(choice.label).lower()):
                lookup[choice.value] = value
        if choices is Gender and key in GENDER_SYNONYMS:
            lookup[GENDER_SYNONYMS[key].value] = value
    if not lookup or any(n and code not in lookup for code, n in counts.items()):
        return None
    breakdown = dict.fromkeys(values, 0)
    for code, n in counts.items():
        if code in lookup:
            breakdown[lookup[code]] += n
    return breakdown


def _breakdown(indicator: Indicator, figures: ParticipationFigures) -> dict:
    breakdown = {}
    for category in indicator.disaggregations.all():
        for counts, choices in ((figures.by_gender, Gender), (figures.by_age_group, AgeGroup)):
            values = _category_breakdown(category.values, counts, choices)
            if values is not None:
                breakdown[category.name] = values
                break
    return breakdown


def _periods(indicator: Indicator, today: datetime.date) -> list[Period]:
    custom = [(p.start, p.end) for p in indicator.custom_periods.all()]
    return [
        (start, end)
        for start, end in periods_for(
            indicator.frequency, _first_day(indicator, today), today, custom
        )
        if start <= today
    ]


@transaction.atomic
def indicator_pull_auto_values(
    *, indicator: Indicator, actor: User | None, today: datetime.date | None = None
) -> PullResult:
    """For each reporting period up to ``today`` that is not locked and has no
    submitted or approved value, create or update the draft with the figure from the
    indicator's automatic source. Running it again changes nothing more."""
    if indicator.auto_source != AutoSource.CAPACITY_PEOPLE_TRAINED:
        raise ApplicationError(_("This indicator's values are entered by hand."))
    today = today or timezone.localdate()
    partnership: Partnership = indicator.partnership
    context = RowContext(partnership, indicator_ids=[indicator.pk])
    existing = {m.period_start: m for m in indicator.measurements.all()}
    result = PullResult()
    for start, end in _periods(indicator, today):
        measurement = existing.get(start)
        if context.locked(start, end) or (measurement is not None and not measurement.is_editable):
            result.skipped += 1
            continue
        figures = participation_figures(
            partnership=partnership, period_start=start, period_end=end, completed_only=True
        )
        if measurement is None and not figures.total:
            continue
        narrative = _("From capacity attendance records: %(count)s participants completed.") % {
            "count": figures.total
        }
        data = {
            "value": figures.total,
            "breakdown": _breakdown(indicator, figures),
            "narrative": narrative,
        }
        if measurement is None:
            measurement_create(
                indicator=indicator, period_start=start, period_end=end, actor=actor, **data
            )
            result.created += 1
            continue
        clean, errors = validate_rows(
            partnership,
            [
                InputRow(
                    row=1, indicator=str(indicator.uuid), period_start=start, period_end=end, **data
                )
            ],
            context=context,
            allow_reviewed=True,
        )
        if not errors and (
            clean[0].value == measurement.value
            and clean[0].breakdown == measurement.breakdown
            and clean[0].narrative == measurement.narrative
        ):
            result.unchanged += 1
            continue
        measurement_update(measurement=measurement, actor=actor, **data)
        result.updated += 1
    return result


def auto_values_pull_all(*, today: datetime.date | None = None) -> int:
    """Pull for every auto-sourced indicator of approved partnerships; returns the
    values created or updated. One indicator's refusal does not stop the others."""
    written = 0
    indicators = (
        Indicator.objects.exclude(auto_source=AutoSource.MANUAL)
        .filter(partnership__approval=Partnership.Approval.APPROVED)
        .select_related("partnership", "result")
        .prefetch_related("custom_periods", "disaggregations")
        .order_by("pk")
    )
    for indicator in indicators:
        try:
            result = indicator_pull_auto_values(indicator=indicator, actor=None, today=today)
        except ApplicationError:
            continue
        written += result.created + result.updated
    return written
