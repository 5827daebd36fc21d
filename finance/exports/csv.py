"""The investments table of a portfolio as CSV (one row per investment)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from finance.selectors.exports import Figure, PortfolioExport
from hub.jobs.tasks import csv_safe


def _amount(figure: Figure) -> str:
    return "" if figure.amount is None else f"{figure.amount:.2f}"


def investments_csv(data: PortfolioExport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    code = data.currency
    writer.writerow(
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
            _("Total cost (%(code)s)") % {"code": code},
            _("Committed (%(code)s)") % {"code": code},
            _("Disbursed (%(code)s)") % {"code": code},
            _("Funding gap (%(code)s)") % {"code": code},
            _("Rate date"),
            _("Note"),
            _("IATI identifier"),
        ]
    )
    for row in data.investments:
        investment = row.investment
        writer.writerow(
            [
                csv_safe(investment.name),
                investment.get_kind_display(),
                investment.get_sector_display(),
                investment.get_stage_display(),
                investment.get_risk_level_display(),
                csv_safe(investment.landscape.name),
                csv_safe(investment.lead_organization.name if investment.lead_organization else ""),
                investment.start_date.isoformat() if investment.start_date else "",
                investment.end_date.isoformat() if investment.end_date else "",
                f"{investment.total_cost:.2f}",
                investment.currency,
                _amount(row.cost),
                _amount(row.committed),
                _amount(row.disbursed),
                _amount(row.gap),
                row.rate_date.isoformat() if row.rate_date else "",
                csv_safe(row.cost.problem or row.committed.problem),
                csv_safe(investment.iati_identifier),
            ]
        )
    return buffer.getvalue()
