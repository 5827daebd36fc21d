"""The portfolio's exports page and downloads under /p/<slug>/finance/exports/: XLSX,
CSV and IATI XML straight away, the summary PDF as a Job (POST)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from finance.exports.csv import investments_csv
from finance.exports.iati import portfolio_iati
from finance.exports.services import portfolio_pdf_start
from finance.exports.xlsx import portfolio_xlsx
from finance.selectors.exports import export_portfolio_get, portfolio_export
from hub.models import Job
from partnerships.mixins import PartnershipMixin
from partnerships.roles import FinancePerm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_JOBS = 5


class ExportMixin(PartnershipMixin):
    required_perm = FinancePerm.VIEW
    section = "finance"

    def exports_url(self) -> str:
        return reverse("finance:exports", args=[self.partnership.slug])

    def no_portfolio(self):
        messages.info(self.request, _("There is no portfolio to export yet."))
        return HttpResponseRedirect(self.exports_url())

    def filename(self, extension: str) -> str:
        return f"portfolio-{self.partnership.slug}-{timezone.localdate().isoformat()}.{extension}"


class ExportsView(ExportMixin, TemplateView):
    template_name = "finance/exports/exports.html"

    def get_context_data(self, **kwargs):
        portfolio = export_portfolio_get(partnership=self.partnership)
        jobs = (
            Job.objects.filter(
                owner=self.request.user,
                partnership=self.partnership,
                kind="finance_portfolio_pdf",
            ).order_by("-created_at")[:RECENT_JOBS]
            if self.request.user.is_authenticated
            else []
        )
        return super().get_context_data(
            portfolio=portfolio,
            investment_count=portfolio.investments.count() if portfolio else 0,
            jobs=list(jobs),
            **kwargs,
        )


class _DownloadView(ExportMixin, View):
    extension = ""
    content_type = ""

    def render(self, data) -> bytes | str:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        portfolio = export_portfolio_get(partnership=self.partnership)
        if portfolio is None:
            return self.no_portfolio()
        response = HttpResponse(
            self.render(portfolio_export(portfolio=portfolio)), content_type=self.content_type
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename(self.extension)}"'
        return response


class PortfolioXlsxView(_DownloadView):
    extension, content_type = "xlsx", XLSX

    def render(self, data):
        return portfolio_xlsx(data)


class PortfolioCsvView(_DownloadView):
    extension, content_type = "csv", "text/csv; charset=utf-8"

    def render(self, data):
        # A byte-order mark so that spreadsheet programs read the file as UTF-8.
        return "\ufeff" + investments_csv(data)


class PortfolioIatiView(_DownloadView):
    extension, content_type = "xml", "application/xml; charset=utf-8"

    def render(self, data):
        return portfolio_iati(data)

    def filename(self, extension: str) -> str:
        return f"iati-activities-{self.partnership.slug}-{timezone.localdate().isoformat()}.xml"


class PortfolioPdfStartView(ExportMixin, View):
    """POST: queue the summary PDF and open its job page (progress, then download)."""

    def post(self, request, *args, **kwargs):
        portfolio = export_portfolio_get(partnership=self.partnership)
        if portfolio is None:
            return self.no_portfolio()
        job = portfolio_pdf_start(portfolio=portfolio, actor=request.user)
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.uuid]))
