"""Indicators, their disaggregations and custom periods; adopting library indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from hub.models import User
from hub.services import ApplicationError
from mel.models import (
    Disaggregation,
    Frequency,
    Indicator,
    IndicatorPeriod,
    LibraryIndicator,
    Measurement,
    Result,
)
from mel.services.framework import _clean
from partnerships.models import Membership, Partnership

REFERENCE_FIELDS = (
    "name",
    "definition",
    "unit",
    "currency",
    "indicator_type",
    "direction",
    "aggregation",
    "frequency",
    "auto_source",
    "disaggregations_sum_to_total",
    "data_source",
    "collection_method",
    "quality_checks",
    "baseline_value",
    "baseline_date",
    "end_target",
    "pillars",
    "sdg_targets",
)


@transaction.atomic
def disaggregation_create(
    *, partnership: Partnership, name: str, values: list[str]
) -> Disaggregation:
    name = name.strip()
    if Disaggregation.objects.for_partnership(partnership).filter(name__iexact=name).exists():
        raise ApplicationError(_("There is already a disaggregation with this name."), field="name")
    row = Disaggregation(partnership=partnership, name=name, values=list(values))
    _clean(row)
    row.save()
    return row


@transaction.atomic
def disaggregation_update(
    *, disaggregation: Disaggregation, name: str, values: list[str]
) -> Disaggregation:
    used = Measurement.objects.filter(indicator__disaggregations=disaggregation).exclude(
        breakdown={}
    )
    old_values = set(disaggregation.values)
    if used.exists() and (
        name.strip() != disaggregation.name or not old_values <= {v.strip() for v in values}
    ):
        raise ApplicationError(
            _(
                "Measurements use this disaggregation: you can add values, not rename or remove them."
            ),
            field="values",
        )
    disaggregation.name, disaggregation.values = name.strip(), list(values)
    _clean(disaggregation)
    disaggregation.save()
    return disaggregation


def _check_member(partnership: Partnership, user: User | None) -> None:
    if (
        user is not None
        and not Membership.objects.filter(partnership=partnership, user=user).exists()
    ):
        raise ApplicationError(
            _("The responsible person must be a member of the partnership."), field="responsible"
        )


def _check_code(partnership: Partnership, code: str, exclude_pk=None) -> str:
    code = code.strip()
    clash = Indicator.objects.for_partnership(partnership).filter(code__iexact=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ApplicationError(_("Another indicator already has this code."), field="code")
    return code


def _check_disaggregations(partnership: Partnership, disaggregations) -> list[Disaggregation]:
    rows = list(disaggregations)
    if any(row.partnership_id != partnership.pk for row in rows):
        raise ApplicationError(
            _("Choose disaggregations of this partnership."), field="disaggregations"
        )
    return rows


@transaction.atomic
def indicator_create(
    *,
    partnership: Partnership,
    result: Result,
    code: str,
    name: str,
    responsible: User | None = None,
    disaggregations=(),
    library_indicator: LibraryIndicator | None = None,
    **reference,
) -> Indicator:
    if result.partnership_id != partnership.pk:
        raise ApplicationError(_("Choose a result of this partnership."), field="result")
    _check_member(partnership, responsible)
    unknown = set(reference) - set(REFERENCE_FIELDS)
    if unknown:
        raise TypeError(f"indicator_create() got unexpected fields {sorted(unknown)}")
    indicator = Indicator(
        partnership=partnership,
        result=result,
        code=_check_code(partnership, code),
        name=name.strip(),
        responsible=responsible,
        library_indicator=library_indicator,
        **reference,
    )
    _clean(indicator)
    indicator.save()
    indicator.disaggregations.set(_check_disaggregations(partnership, disaggregations))
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    result: Result,
    code: str,
    name: str,
    responsible: User | None = None,
    disaggregations=(),
    **reference,
) -> Indicator:
    partnership = indicator.partnership
    if result.partnership_id != partnership.pk:
        raise ApplicationError(_("Choose a result of this partnership."), field="result")
    _check_member(partnership, responsible)
    has_data = indicator.measurements.exists()
    for field in ("unit", "frequency"):
        if field in reference and reference[field] != getattr(indicator, field) and has_data:
            raise ApplicationError(
                _("This indicator has measurements: its unit and frequency can no longer change."),
                field=field,
            )
    indicator.result, indicator.name, indicator.responsible = result, name.strip(), responsible
    indicator.code = _check_code(partnership, code, exclude_pk=indicator.pk)
    for field, value in reference.items():
        if field not in REFERENCE_FIELDS:
            raise TypeError(f"indicator_update() got an unexpected field {field!r}")
        setattr(indicator, field, value)
    _clean(indicator)
    indicator.save()
    indicator.disaggregations.set(_check_disaggregations(partnership, disaggregations))
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    if indicator.measurements.exists():
        raise ApplicationError(_("This indicator has measurements and cannot be deleted."))
    indicator.delete()


@transaction.atomic
def library_adopt(
    *,
    partnership: Partnership,
    library_indicator: LibraryIndicator,
    result: Result,
    code: str | None = None,
    frequency: str = Frequency.QUARTERLY,
    responsible: User | None = None,
    baseline_value: Decimal | None = None,
    end_target: Decimal | None = None,
) -> Indicator:
    """A partnership indicator from a published library indicator, keeping the link
    so that the hub can aggregate it across partnerships."""
    if not library_indicator.is_published:
        raise ApplicationError(_("This library indicator is not published."))
    already = Indicator.objects.for_partnership(partnership).filter(
        library_indicator=library_indicator
    )
    if already.exists():
        raise ApplicationError(
            _("This partnership already uses “%(name)s”.") % {"name": library_indicator.name}
        )
    disaggregations = []
    for spec in library_indicator.disaggregations:
        existing = (
            Disaggregation.objects.for_partnership(partnership)
            .filter(name__iexact=spec["name"])
            .first()
        )
        if existing is None:
            existing = disaggregation_create(
                partnership=partnership, name=spec["name"], values=spec["values"]
            )
        elif {v.lower() for v in spec["values"]} - {v.lower() for v in existing.values}:
            missing = [
                v for v in spec["values"] if v.lower() not in {e.lower() for e in existing.values}
            ]
            existing = disaggregation_update(
                disaggregation=existing, name=existing.name, values=[*existing.values, *missing]
            )
        disaggregations.append(existing)
    return indicator_create(
        partnership=partnership,
        result=result,
        code=code or library_indicator.code,
        name=library_indicator.name,
        responsible=responsible,
        disaggregations=disaggregations,
        library_indicator=library_indicator,
        definition=library_indicator.definition or library_indicator.guidance,
        unit=library_indicator.unit,
        currency=library_indicator.currency,
        indicator_type=library_indicator.indicator_type,
        direction=library_indicator.direction,
        aggregation=library_indicator.aggregation,
        pillars=list(library_indicator.pillars),
        sdg_targets=list(library_indicator.sdg_targets),
        frequency=frequency,
        baseline_value=baseline_value,
        end_target=end_target,
    )


@transaction.atomic
def custom_period_add(
    *, indicator: Indicator, start: datetime.date, end: datetime.date, label: str = ""
) -> IndicatorPeriod:
    if indicator.frequency != Frequency.CUSTOM:
        raise ApplicationError(_("Only an indicator with custom periods takes periods."))
    if end < start:
        raise ApplicationError(_("The period ends before it starts."), field="end")
    overlap = indicator.custom_periods.filter(start__lte=end, end__gte=start)
    if overlap.exists():
        raise ApplicationError(_("This period overlaps another period of the indicator."))
    period = IndicatorPeriod(
        partnership=indicator.partnership, indicator=indicator, start=start, end=end, label=label
    )
    _clean(period)
    period.save()
    return period
