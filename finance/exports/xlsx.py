"""The portfolio workbook: investments, funding sources, transactions and budgets, each
with its figures converted to the reporting currency and the rate date used."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from finance.selectors.exports import Figure, PortfolioExport

MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"


def _text(value: object) -> str:
    """Cell text that a spreadsheet shows as text, never runs as a formula (and without
    the control characters XLSX cannot hold)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = "" if value is None else ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def _figure(figure: Figure) -> list:
    return [figure.amount, figure.rate_date, figure.problem]


def _sheet(workbook, title: str, header: list[str], rows, money: set[int], dates: set[int]):
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index in range(1, len(header) + 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 16 if index > 1 else 34
        if index in money or index in dates:
            for cell in sheet[letter][1:]:
                cell.number_format = MONEY if index in money else DATE
    sheet.freeze_panes = "B2"
    return sheet


def portfolio_xlsx(data: PortfolioExport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    code = data.currency
    in_code = _("(%(code)s)") % {"code": code}
    workbook = Workbook()
    about = workbook.active
    about.title = _("Portfolio")
    about.append([_text(data.portfolio.title)])
    about["A1"].font = Font(bold=True, size=14)
    for label, value in (
        (_("Partnership"), _text(data.partnership.name)),
        (_("Reporting currency"), code),
        (_("Exported on"), data.on),
        (_("Investments"), len(data.investments)),
        (_("Total cost") + " " + in_code, data.cost.amount),
        (_("Committed") + " " + in_code, data.committed.amount),
        (_("Disbursed") + " " + in_code, data.disbursed.amount),
        (_("Funding gap") + " " + in_code, data.gap.amount),
    ):
        about.append([label, value])
    about["B4"].number_format = DATE
    for row in range(6, 10):
        about[f"B{row}"].number_format = MONEY
    about.append([])
    about.append(
        [
            _(
                "Summary figures use the latest rate on or before the export date; transactions "
                "the rate of their date; budgets the rate of their period start. Rates are units "
                "per 1 USD, rounded half to even to cents."
            )
        ]
    )
    about.append([])
    about.append([_("Currency"), _("Units per 1 USD"), _("Rate date")])
    for cell in about[about.max_row]:
        cell.font = Font(bold=True)
    for currency, rate, date in data.rates_used:
        about.append([currency, rate, date])
        about.cell(row=about.max_row, column=3).number_format = DATE
    for problem in data.problems:
        about.append([_text(problem)])
    about.column_dimensions["A"].width = 34
    about.column_dimensions["B"].width = 22
    about.column_dimensions["C"].width = 14

    _sheet(
        workbook,
        _("Investments"),
        [
            _("Investment"),
            _("Type"),
            _("Sector"),
            _("Stage"),
            _("Risk level"),
            _("Landscape"),
            _("Lead organization"),
            _("Start"),
            _("End"),
            _("Total cost"),
            _("Currency"),
            _("Total cost") + " " + in_code,
            _("Rate date"),
            _("Committed") + " " + in_code,
            _("Disbursed") + " " + in_code,
            _("Funding gap") + " " + in_code,
            _("Note"),
        ],
        (
            [
                _text(row.investment.name),
                row.investment.get_kind_display(),
                row.investment.get_sector_display(),
                row.investment.get_stage_display(),
                row.investment.get_risk_level_display(),
                _text(row.investment.landscape.name),
                _text(
                    row.investment.lead_organization.name
                    if row.investment.lead_organization
                    else ""
                ),
                row.investment.start_date,
                row.investment.end_date,
                row.investment.total_cost,
                row.investment.currency,
                row.cost.amount,
                row.rate_date,
                row.committed.amount,
                row.disbursed.amount,
                row.gap.amount,
                _text(row.cost.problem or row.committed.problem),
            ]
            for row in data.investments
        ),
        money={10, 12, 14, 15, 16},
        dates={8, 9, 13},
    )
    _sheet(
        workbook,
        _("Funding sources"),
        [
            _("Investment"),
            _("Funder"),
            _("Source type"),
            _("Instrument"),
            _("Status"),
            _("Amount"),
            _("Currency"),
            _("Amount") + " " + in_code,
            _("Rate date"),
            _("Note"),
            _("Pledged on"),
            _("Committed on"),
            _("Disbursed on"),
        ],
        (
            [
                _text(source.investment.name),
                _text(source.funder.name),
                source.get_source_type_display(),
                source.get_instrument_display(),
                source.get_status_display(),
                source.amount,
                source.currency,
                *_figure(data.convert(source.amount, source.currency)),
                source.pledged_on,
                source.committed_on,
                source.disbursed_on,
            ]
            for source in _with_investment(data, "funding_sources")
        ),
        money={6, 8},
        dates={9, 11, 12, 13},
    )
    _sheet(
        workbook,
        _("Transactions"),
        [
            _("Investment"),
            _("Date"),
            _("IATI type"),
            _("Type"),
            _("Amount"),
            _("Currency"),
            _("Amount") + " " + in_code,
            _("Rate date"),
            _("Note"),
            _("Provider"),
            _("Receiver"),
            _("Description"),
        ],
        (
            [
                _text(tx.investment.name),
                tx.date,
                int(tx.type),
                tx.get_type_display(),
                tx.amount,
                tx.currency,
                *_figure(data.convert(tx.amount, tx.currency, tx.date)),
                _text(tx.provider.name if tx.provider else ""),
                _text(tx.receiver.name if tx.receiver else ""),
                _text(tx.description),
            ]
            for tx in _with_investment(data, "transactions")
        ),
        money={5, 7},
        dates={2, 8},
    )
    _sheet(
        workbook,
        _("Budgets"),
        [
            _("Investment"),
            _("Period start"),
            _("Period end"),
            _("Type"),
            _("Status"),
            _("Amount"),
            _("Currency"),
            _("Amount") + " " + in_code,
            _("Rate date"),
            _("Note"),
        ],
        (
            [
                _text(budget.investment.name),
                budget.period_start,
                budget.period_end,
                budget.get_type_display(),
                budget.get_status_display(),
                budget.amount,
                budget.currency,
                *_figure(data.convert(budget.amount, budget.currency, budget.period_start)),
            ]
            for budget in _with_investment(data, "budgets")
        ),
        money={6, 8},
        dates={2, 3, 9},
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_investment(data: PortfolioExport, relation: str):
    """Child rows with ``.investment`` set from the prefetched parent (no extra queries)."""
    for row in data.investments:
        for child in getattr(row.investment, relation).all():
            child.investment = row.investment
            yield child
