"""The partnership MEL report as PDF (WeasyPrint: HTML and CSS to PDF)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from mel.reports.data import ReportData


def report_pdf(data: ReportData) -> bytes:
    from weasyprint import HTML

    html = render_to_string("mel/reports/report_pdf.html", {"report": data})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
