"""The participation workbook (XLSX): a summary of the figures and one row per
enrollment. People who withdrew consent appear as "Participant withdrawn" with no
personal data (no email, organization, community, role, gender or age group)."""

from __future__ import annotations

import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from capacity.models.participants import AgeGroup, Gender
from capacity.selectors.participation import participation_figures, participation_rows

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """Text that spreadsheet programs show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def participation_workbook(
    *, partnership, period_start: datetime.date, period_end: datetime.date
) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    bold = Font(bold=True)
    summary.append(
        [cell(str(partnership)), f"{period_start.isoformat()} – {period_end.isoformat()}"]
    )
    summary["A1"].font = bold
    for completed_only, heading in (
        (False, _("People who took part")),
        (True, _("People trained (completed)")),
    ):
        figures = participation_figures(
            partnership=partnership,
            period_start=period_start,
            period_end=period_end,
            completed_only=completed_only,
        )
        summary.append([])
        summary.append([heading, figures.total])
        summary.cell(row=summary.max_row, column=1).font = bold
        for code, count in figures.by_gender.items():
            summary.append([f"{_('Gender')}: {Gender(code).label}", count])
        for code, count in figures.by_age_group.items():
            summary.append([f"{_('Age group')}: {AgeGroup(code).label}", count])
    summary.column_dimensions["A"].width = 40

    sheet = workbook.create_sheet(_("Participants")[:31])
    header = [
        _("Program"), _("Cohort"), _("Name"), _("Email"), _("Gender"), _("Age group"),
        _("Organization"), _("Role in the landscape"), _("Community"), _("Status"),
        _("Joined on"), _("Completed on"),
    ]  # fmt: skip
    sheet.append(header)
    for column in range(1, len(header) + 1):
        sheet.cell(row=1, column=column).font = bold
    for enrollment in participation_rows(
        partnership=partnership, period_start=period_start, period_end=period_end
    ):
        person = enrollment.participant
        withdrawn = person.is_withdrawn
        sheet.append(
            [
                cell(enrollment.cohort.program.title),
                cell(enrollment.cohort.name),
                cell(str(person.display_name)),
                cell(person.shown_email),
                "" if withdrawn else person.get_gender_display(),
                "" if withdrawn else person.get_age_group_display(),
                cell(person.shown_organization),
                cell(person.shown_role),
                cell(person.shown_community),
                enrollment.get_status_display(),
                enrollment.enrolled_on,
                enrollment.completed_on,
            ]
        )
    for letter, width in zip(
        "ABCDEFGHIJKL", (30, 24, 26, 28, 14, 12, 26, 24, 20, 12, 12, 12), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
