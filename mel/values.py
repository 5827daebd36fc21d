"""Typed values: parsing a value for an indicator's unit, and checking disaggregated
values against the indicator's categories."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from mel.models.choices import Unit

MAX_ABS = Decimal("1e16")
YES = {"yes", "y", "true", "1", "sí", "si", "oui", "sim"}
NO = {"no", "n", "false", "0", "non", "não", "nao"}


class ValueError_(Exception):
    """A value that does not fit the unit; the message says what to write instead."""


def parse_value(unit: str, raw) -> Decimal:
    """The value of ``raw`` (text, number or bool) for ``unit``, or ValueError_."""
    if unit == Unit.YES_NO:
        if isinstance(raw, bool):
            return Decimal(int(raw))
        text = str(raw).strip().lower()
        if text in YES:
            return Decimal(1)
        if text in NO:
            return Decimal(0)
        raise ValueError_(_("Write yes or no."))
    if isinstance(raw, bool):
        raise ValueError_(_("Write a number."))
    if isinstance(raw, float):
        raw = repr(raw)
    text = str(raw).strip().replace(",", "") if not isinstance(raw, Decimal | int) else raw
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError, TypeError):
        raise ValueError_(_("Write a number, e.g. 1250 or 12.5.")) from None
    if not value.is_finite() or abs(value) >= MAX_ABS:
        raise ValueError_(_("This number is too large."))
    if value != value.quantize(Decimal("0.0001")):
        raise ValueError_(_("Use at most four decimal places."))
    if unit == Unit.PEOPLE:
        if value != value.to_integral_value():
            raise ValueError_(_("A number of people is a whole number."))
        if value < 0:
            raise ValueError_(_("A number of people cannot be negative."))
    elif unit == Unit.PERCENTAGE:
        if not Decimal(0) <= value <= Decimal(100):
            raise ValueError_(_("A percentage is between 0 and 100."))
    elif unit == Unit.CURRENCY:
        if value != value.quantize(Decimal("0.01")):
            raise ValueError_(_("An amount of money has at most two decimal places."))
        if value < 0:
            raise ValueError_(_("An amount of money cannot be negative here."))
    elif unit in (Unit.HECTARES, Unit.TONNES) and value < 0:
        raise ValueError_(_("This quantity cannot be negative."))
    return value


def check_breakdown(
    *,
    unit: str,
    total: Decimal,
    categories: dict[str, list[str]],
    must_sum: bool,
    breakdown: dict,
) -> tuple[dict[str, dict[str, str]], list[tuple[str, str]]]:
    """Normalize ``{"Sex": {"Female": 12, "Male": 10}}`` against the indicator's
    ``categories`` (name → allowed values). Returns (breakdown with values as decimal
    strings, [(column, message), ...])."""
    errors: list[tuple[str, str]] = []
    clean: dict[str, dict[str, str]] = {}
    if not isinstance(breakdown, dict):
        return {}, [("disaggregations", _("Give an object of categories and their values."))]
    by_lower = {name.lower(): name for name in categories}
    for raw_name, raw_values in breakdown.items():
        name = by_lower.get(str(raw_name).strip().lower())
        if name is None:
            errors.append(
                (
                    str(raw_name),
                    _("“%(name)s” is not a disaggregation of this indicator.") % {"name": raw_name},
                )
            )
            continue
        if not isinstance(raw_values, dict):
            errors.append(
                (
                    name,
                    _("Give the value for each of: %(values)s.")
                    % {"values": ", ".join(categories[name])},
                )
            )
            continue
        allowed = {value.lower(): value for value in categories[name]}
        values: dict[str, Decimal] = {}
        for raw_key, raw_value in raw_values.items():
            key = allowed.get(str(raw_key).strip().lower())
            column = f"{name}={raw_key}"
            if key is None:
                errors.append(
                    (
                        column,
                        _("“%(value)s” is not a value of %(name)s (use %(allowed)s).")
                        % {"value": raw_key, "name": name, "allowed": ", ".join(categories[name])},
                    )
                )
                continue
            try:
                values[key] = parse_value(unit, raw_value)
            except ValueError_ as error:
                errors.append((column, str(error)))
        if must_sum and values and not errors:
            missing = [value for value in categories[name] if value not in values]
            subtotal = sum(values.values(), Decimal(0))
            if missing or subtotal != total:
                errors.append(
                    (
                        name,
                        _("The values of %(name)s add up to %(sum)s, not to the total %(total)s.")
                        % {"name": name, "sum": _fmt(subtotal), "total": _fmt(total)},
                    )
                )
        clean[name] = {key: _fmt(value) for key, value in values.items()}
    return clean, errors


def _fmt(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")


def format_value(value: Decimal | None, unit: str) -> str:
    """A value for people to read: yes/no, or the number with digit grouping."""
    from django.utils.formats import number_format

    if value is None:
        return ""
    if unit == Unit.YES_NO:
        return _("yes") if value else _("no")
    value = Decimal(value).normalize()
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
