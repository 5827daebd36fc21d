"""Writes for the hub's exchange-rate table: one rate, or a CSV import of many.

Rates are units of a currency per unit of ``settings.FINANCE_BASE_CURRENCY`` (USD) on a
date (see docs/adr/0009). Only hub staff maintain them. An import is all-or-nothing:
every row is checked first, and one bad row writes nothing; existing (currency, date)
rows are updated. Row history (django-pghistory) records every change, imports included.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from finance.currencies import CURRENCY_CODES
from finance.models import ExchangeRate
from hub.models import User
from hub.services import ApplicationError
from mel.services.measurements import check_upload
from mel.services.rows import RowError

# A rate below or above these is a typing mistake, not a market rate: the strongest
# currency (KWD) buys about 0.3 per USD, the weakest a few hundred thousand.
MIN_RATE = Decimal("0.0001")
MAX_RATE = Decimal("10000000")
RATE_PLACES = Decimal("0.00000001")
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 50_000
IMPORT_TYPES = {
    ".csv": {"text/csv", "text/plain", "application/vnd.ms-excel", "application/csv"},
}
COLUMNS = ("currency", "date", "rate", "source")
REQUIRED_COLUMNS = ("currency", "date", "rate")


def _require_staff(actor: User) -> None:
    if not (actor and actor.is_authenticated and actor.is_staff):
        raise ApplicationError(_("Only hub staff maintain exchange rates."))


def _check_currency(code: str) -> str:
    code = (code or "").strip().upper()
    if code == settings.FINANCE_BASE_CURRENCY:
        raise ApplicationError(
            _("%(code)s is the base currency: its rate is always 1.") % {"code": code},
            field="currency",
        )
    if code not in CURRENCY_CODES:
        raise ApplicationError(
            _("%(code)s is not an ISO 4217 currency code.") % {"code": code or "''"},
            field="currency",
        )
    return code


def _check_rate(value) -> Decimal:
    try:
        rate = Decimal(str(value).strip().replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise ApplicationError(
            _("The rate must be a number, such as 129.5."), field="rate"
        ) from None
    if not rate.is_finite() or rate <= 0:
        raise ApplicationError(_("The rate must be greater than zero."), field="rate")
    if rate < MIN_RATE or rate > MAX_RATE:
        raise ApplicationError(
            _(
                "A rate of %(rate)s units per %(base)s is not plausible "
                "(expected between %(min)s and %(max)s)."
            )
            % {
                "rate": rate,
                "base": settings.FINANCE_BASE_CURRENCY,
                "min": MIN_RATE,
                "max": f"{MAX_RATE:,.0f}",
            },
            field="rate",
        )
    return rate.quantize(RATE_PLACES, rounding=ROUND_HALF_EVEN)


def _check_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ApplicationError(
                _("Write the date as YYYY-MM-DD, such as 2026-01-31."), field="date"
            ) from None
    if value > timezone.localdate():
        raise ApplicationError(_("A rate cannot be dated in the future."), field="date")
    return value


@transaction.atomic
def rate_set(
    *,
    actor: User,
    currency: str,
    date: datetime.date,
    rate: Decimal | str,
    source: str = "",
) -> ExchangeRate:
    """Add the rate of ``currency`` on ``date``, or replace the one recorded for that day."""
    _require_staff(actor)
    code = _check_currency(currency)
    on = _check_date(date)
    value = _check_rate(rate)
    row = ExchangeRate.objects.select_for_update().filter(currency=code, date=on).first()
    if row is None:
        row = ExchangeRate(currency=code, date=on)
    row.rate, row.source = value, (source or "").strip()[:120]
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def rate_delete(*, actor: User, rate: ExchangeRate) -> None:
    _require_staff(actor)
    rate.delete()


# --- CSV import ----------------------------------------------------------------------


@dataclass
class RateImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.created + self.updated


class RateImportRefused(ApplicationError):
    """The file was read but some rows are wrong: nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(
            ngettext(
                "Nothing was imported: %(count)s problem in the file. "
                "Correct the rows listed and upload the whole file again.",
                "Nothing was imported: %(count)s problems in the file. "
                "Correct the rows listed and upload the whole file again.",
                len(errors),
            )
            % {"count": len(errors)},
            field="file",
        )


def _read_csv(upload) -> list[list[str]]:
    raw = upload.read()
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApplicationError(
            _("Save the CSV file as UTF-8 and upload it again."), field="file"
        ) from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise ApplicationError(_("The file is not a readable CSV file."), field="file") from None


def _columns(header: list[str]) -> tuple[dict[str, int], list[RowError]]:
    errors: list[RowError] = []
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = (cell or "").strip().lower()
        if not key:
            continue
        if key not in COLUMNS:
            errors.append(
                RowError(
                    1, cell, _("Unknown column: the columns are currency, date, rate and source.")
                )
            )
        elif key in positions:
            errors.append(RowError(1, key, _("The column appears twice.")))
        else:
            positions[key] = index
    for required in REQUIRED_COLUMNS:
        if required not in positions:
            errors.append(RowError(1, required, _("The column is missing.")))
    return positions, errors


def rates_import(*, actor: User, upload) -> RateImportResult:
    """Import rates from a CSV file with the columns currency, date, rate[, source].

    Raises ``ApplicationError`` when the file itself is refused (type, size, encoding)
    and ``RateImportRefused`` (with the row errors) when any row is wrong; in both cases
    nothing is written."""
    _require_staff(actor)
    check_upload(upload, allowed=IMPORT_TYPES, max_bytes=MAX_IMPORT_BYTES)
    rows = _read_csv(upload)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ApplicationError(
            _("The file is empty: its first line names the columns currency, date, rate."),
            field="file",
        )
    positions, errors = _columns(rows[0])
    if errors:
        raise RateImportRefused(errors)
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        raise ApplicationError(
            _("The file has more than %(count)s rows: split it.") % {"count": MAX_IMPORT_ROWS},
            field="file",
        )

    def cell(cells: list[str], name: str) -> str:
        index = positions.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    parsed: dict[tuple[str, datetime.date], tuple[Decimal, str]] = {}
    first_row: dict[tuple[str, datetime.date], int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        values = {}
        for name, check in (
            ("currency", _check_currency),
            ("date", _check_date),
            ("rate", _check_rate),
        ):
            try:
                values[name] = check(cell(cells, name))
            except ApplicationError as error:
                errors.append(RowError(number, name, error.message))
        if len(values) < 3:
            continue
        key = (values["currency"], values["date"])
        if key in first_row:
            errors.append(
                RowError(
                    number,
                    "date",
                    _("%(code)s on %(date)s is already on row %(row)s.")
                    % {"code": key[0], "date": key[1].isoformat(), "row": first_row[key]},
                )
            )
            continue
        first_row[key] = number
        parsed[key] = (values["rate"], cell(cells, "source")[:120])
    if errors:
        raise RateImportRefused(errors)
    if not parsed:
        raise ApplicationError(_("The file has no rates below its header."), field="file")
    return _write_rates(parsed)


@transaction.atomic
def _write_rates(parsed: dict[tuple[str, datetime.date], tuple[Decimal, str]]) -> RateImportResult:
    currencies = {code for code, _date in parsed}
    dates = [date for _code, date in parsed]
    existing = set(
        ExchangeRate.objects.filter(
            currency__in=currencies, date__gte=min(dates), date__lte=max(dates)
        ).values_list("currency", "date")
    )
    now = timezone.now()
    ExchangeRate.objects.bulk_create(
        [
            ExchangeRate(
                currency=code, date=date, rate=rate, source=source, created_at=now, updated_at=now
            )
            for (code, date), (rate, source) in parsed.items()
        ],
        update_conflicts=True,
        unique_fields=["currency", "date"],
        update_fields=["rate", "source", "updated_at"],
        batch_size=2000,
    )
    updated = len(existing & set(parsed))
    return RateImportResult(created=len(parsed) - updated, updated=updated)


def rates_template_csv() -> str:
    """The file staff start an import from."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerow(["KES", timezone.localdate().isoformat(), "129.50", "Central Bank of Kenya"])
    return buffer.getvalue()
