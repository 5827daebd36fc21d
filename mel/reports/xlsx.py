"""The partnership MEL report and the hub scorecard as XLSX workbooks."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from mel.models import Aggregation, Measurement, MeasurementStatus
from mel.reports.data import ReportData

FILLS = {"good": "C6EFCE", "warn": "FFEB9C", "bad": "FFC7CE"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _num(value):
    return None if value is None else float(value)


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_xlsx(data: ReportData) -> bytes:
    """A tracking table sheet and a sheet of the period's measurements."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tracking")[:31]
    top, head = ["", "", "", ""], [_("Code"), _("Indicator"), _("Unit"), _("Baseline")]
    for _start, _end, label in data.table.columns:
        top += [label, "", ""]
        head += [_("Target"), _("Actual"), "%"]
    top += [_("Whole period"), "", ""]
    head += [_("End target"), _("Actual"), "%"]
    sheet.append(top)
    sheet.append(head)
    for row in data.table.rows:
        i = row.indicator
        line = [i.code, i.name, i.unit_label, _num(i.baseline_value)]
        for cell in [*row.cells, row.total]:
            line += [
                _num(cell.target),
                _num(cell.actual),
                None if cell.percent is None else round(float(cell.percent), 1),
            ]
        sheet.append(line)
        for index, cell in enumerate([*row.cells, row.total]):
            if cell.status in FILLS:
                sheet.cell(row=sheet.max_row, column=5 + index * 3 + 2).fill = PatternFill(
                    "solid", fgColor=FILLS[cell.status]
                )
    for cell in sheet[1] + sheet[2]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "E3"

    values = workbook.create_sheet(_("Measurements")[:31])
    values.append(
        [
            _("Code"),
            _("Indicator"),
            _("Period start"),
            _("Period end"),
            _("Value"),
            _("Status"),
            _("Narrative"),
        ]
    )
    for cell in values[1]:
        cell.font = Font(bold=True)
    rows = (
        Measurement.objects.for_partnership(data.partnership)
        .filter(period_end__gte=data.first, period_end__lte=data.last)
        .order_by("indicator__code", "period_start")
        .values_list(
            "indicator__code",
            "indicator__name",
            "period_start",
            "period_end",
            "value",
            "status",
            "narrative",
        )
    )
    labels = dict(MeasurementStatus.choices)
    for code, name, start, end, value, status, narrative in rows.iterator(chunk_size=5000):
        values.append([code, name, start, end, float(value), str(labels[status]), narrative])
    values.column_dimensions["B"].width = 40
    values.freeze_panes = "A2"
    return _save(workbook)


def scorecard_xlsx(rows, *, period: str = "", country: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Scorecard")[:31]
    sheet.append([_("Hub scorecard"), period, country])
    sheet.append(
        [
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Aggregation"),
            _("Value"),
            _("Partnerships"),
            _("How it is combined"),
        ]
    )
    for cell in sheet[1] + sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        library = row.library
        sheet.append(
            [
                library.code,
                library.name,
                library.unit_label,
                str(Aggregation(library.aggregation).label),
                _num(row.value),
                row.partnerships,
                row.rule_note,
            ]
        )
    detail = workbook.create_sheet(_("By partnership")[:31])
    detail.append([_("Code"), _("Partnership"), _("Value")])
    for cell in detail[1]:
        cell.font = Font(bold=True)
    for row in rows:
        for name, value in row.contributions:
            detail.append([row.library.code, name, _num(value)])
    sheet.column_dimensions["B"].width = 40
    detail.column_dimensions["B"].width = 40
    return _save(workbook)
