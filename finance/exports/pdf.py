"""The portfolio summary for funders as PDF (WeasyPrint: HTML and CSS to PDF)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from finance.selectors.exports import PortfolioExport


def portfolio_pdf(data: PortfolioExport) -> bytes:
    from weasyprint import HTML

    html = render_to_string("finance/exports/portfolio_pdf.html", {"export": data})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
