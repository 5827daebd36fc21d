"""Reading import files (CSV and XLSX) into rows, writing the downloadable template and
the error report. Files are checked for type and size before they are parsed."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import zipfile
from collections.abc import Iterator, Sequence

from django.utils.translation import gettext as _

from hub.jobs.tasks import csv_safe
from mel.models import Frequency, Indicator
from mel.periods import period_label, periods_for
from mel.services.rows import InputRow, RowError

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ROWS = 200_000
INLINE_ROWS = 2_000
IMPORT_TYPES = {
    ".csv": {"text/csv", "text/plain", "application/vnd.ms-excel", "application/csv"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
}
KNOWN = {
    "indicator": "indicator",
    "indicator_code": "indicator",
    "code": "indicator",
    "period_start": "period_start",
    "period_end": "period_end",
    "value": "value",
    "actual": "value",
    "target": "target",
    "narrative": "narrative",
}
INFORMATION = {"indicator_name", "unit", "period", "frequency"}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says what to do."""


def _header_key(cell) -> str:
    return str(cell or "").strip().lower().replace(" ", "_")


def _rows_csv(file) -> Iterator[Sequence]:
    raw = file.read()
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportFileError(_("Save the CSV file as UTF-8 and upload it again.")) from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _rows_xlsx(file) -> Iterator[Sequence]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(file) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise ImportFileError(_("The spreadsheet is too large once unpacked."))
        file.seek(0)
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError):
        raise ImportFileError(_("This is not an XLSX spreadsheet: save it as .xlsx.")) from None
    try:
        sheet = workbook["Data"] if "Data" in workbook.sheetnames else workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def read_rows(file, name: str) -> tuple[list[InputRow], list[RowError]]:
    """All rows of the file (row numbers as the spreadsheet shows them), or the header
    errors. Raises ImportFileError when the file cannot be read at all."""
    extension = os.path.splitext(name)[1].lower()
    reader = _rows_xlsx(file) if extension == ".xlsx" else _rows_csv(file)
    header = next(reader, None)
    if not header or not any(header):
        raise ImportFileError(_("The file is empty: start from the template."))
    columns: list[tuple[str, str | None, str | None]] = []
    errors: list[RowError] = []
    for cell in header:
        label = str(cell or "").strip()
        key = _header_key(cell)
        if not key or key in INFORMATION:
            columns.append(("skip", None, None))
        elif key in KNOWN:
            columns.append((KNOWN[key], None, None))
        elif "=" in label:
            category, _sep, value = label.partition("=")
            columns.append(("breakdown", category.strip(), value.strip()))
        else:
            errors.append(RowError(1, label, _("Unknown column: use the template's columns.")))
            columns.append(("skip", None, None))
    present = {kind for kind, *_rest in columns}
    for required in ("indicator", "period_start"):
        if required not in present:
            errors.append(RowError(1, required, _("The column is missing.")))
    if "value" not in present and "target" not in present:
        errors.append(RowError(1, "value", _("Add a value or a target column.")))
    if errors:
        return [], errors
    rows: list[InputRow] = []
    for number, cells in enumerate(reader, start=2):
        if not cells or all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        row = InputRow(row=number, indicator="")
        for (kind, category, value_name), cell in zip(columns, cells, strict=False):
            if kind == "skip" or cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            if kind == "breakdown":
                row.breakdown.setdefault(category, {})[value_name] = cell
            elif kind == "indicator":
                row.indicator = str(cell).strip()
            elif kind == "narrative":
                row.narrative = str(cell)
            else:
                setattr(row, kind, cell)
        # A row with only the template's indicator and period (nothing filled in) is skipped.
        if row.value is None and row.target is None and not row.breakdown and not row.narrative:
            continue
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(count)s rows: split it.") % {"count": MAX_ROWS}
            )
    return rows, []


def count_rows(file, name: str) -> int:
    """A quick upper bound of the data rows, to decide between now and a job."""
    extension = os.path.splitext(name)[1].lower()
    if extension == ".csv":
        count = file.read().count(b"\n")
        file.seek(0)
        return count
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True)
        sheet = workbook["Data"] if "Data" in workbook.sheetnames else workbook.worksheets[0]
        count = sheet.max_row or INLINE_ROWS + 1
        workbook.close()
    except Exception:
        count = 0
    file.seek(0)
    return count


# --- template and error report -------------------------------------------------------


def template_columns(indicators: Sequence[Indicator]) -> list[str]:
    categories: list[str] = []
    for indicator in indicators:
        for disaggregation in indicator.disaggregations.all():
            for value in disaggregation.values:
                column = f"{disaggregation.name}={value}"
                if column not in categories:
                    categories.append(column)
    return [
        "indicator",
        "indicator_name",
        "unit",
        "period",
        "period_start",
        "period_end",
        "target",
        "value",
        "narrative",
        *categories,
    ]


def template_rows(
    indicators: Sequence[Indicator], first: datetime.date, last: datetime.date
) -> Iterator[list]:
    for indicator in indicators:
        custom = [(p.start, p.end) for p in indicator.custom_periods.all()]
        for start, end in periods_for(indicator.frequency, first, last, custom):
            yield [
                indicator.code,
                indicator.name,
                indicator.unit_label or indicator.get_unit_display(),
                period_label(indicator.frequency, start, end),
                start,
                end,
            ]


def template_xlsx(
    indicators: Sequence[Indicator], first: datetime.date, last: datetime.date
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "Data"
    columns = template_columns(indicators)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        if cell.value in ("indicator_name", "unit", "period"):
            cell.fill = PatternFill("solid", fgColor="EEEEEE")
    for row in template_rows(indicators, first, last):
        sheet.append(row)
    for column_cells in sheet.columns:
        letter = column_cells[0].column_letter
        sheet.column_dimensions[letter].width = 14
    sheet.column_dimensions["B"].width = 36
    for cell in sheet["E"][1:] + sheet["F"][1:]:
        cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "E2"
    about = workbook.create_sheet("Indicators")
    about.append(
        [
            _("Code"),
            _("Name"),
            _("Unit"),
            _("Frequency"),
            _("Disaggregations"),
            _("Disaggregations add up to the total"),
        ]
    )
    for indicator in indicators:
        about.append(
            [
                indicator.code,
                indicator.name,
                indicator.unit_label or str(indicator.get_unit_display()),
                str(Frequency(indicator.frequency).label),
                "; ".join(
                    f"{d.name}: {', '.join(d.values)}" for d in indicator.disaggregations.all()
                ),
                _("yes") if indicator.disaggregations_sum_to_total else _("no"),
            ]
        )
    help_sheet = workbook.create_sheet("Help")
    for line in (
        _(
            "Fill in the value (and/or the target) of each row; leave rows you have no data for empty."
        ),
        _("Grey columns are for reading only. Dates are YYYY-MM-DD."),
        _(
            "Disaggregated values go in the Category=Value columns; where the indicator says so they must add up to the value."
        ),
        _("Yes/no indicators take yes or no. Numbers of people are whole numbers."),
    ):
        help_sheet.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(indicators: Sequence[Indicator], first: datetime.date, last: datetime.date) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(template_columns(indicators))
    for row in template_rows(indicators, first, last):
        writer.writerow(
            [
                csv_safe(cell.isoformat() if isinstance(cell, datetime.date) else cell)
                for cell in row
            ]
        )
    return buffer.getvalue()


def error_report_csv(errors: Sequence[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Row"), _("Column"), _("Error")])
    for error in errors:
        writer.writerow([error["row"], csv_safe(error["column"]), csv_safe(error["message"])])
    return buffer.getvalue()
