"""The partnership's portfolio page (/p/<slug>/finance/): summary, table, map, charts and
pipeline; and its settings."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from finance import forms
from finance.models.choices import Stage
from finance.selectors import portfolio as selectors
from finance.services import portfolio as services
from hub.views import ServiceFormMixin
from landscapes.views import map_settings
from partnerships.mixins import PartnershipMixin
from partnerships.roles import FinancePerm

VIEWS = ("table", "map", "charts")


class FinanceMixin(PartnershipMixin):
    section = "finance"
    required_perm = FinancePerm.VIEW

    def url(self, name: str, *args) -> str:
        return reverse(f"finance:{name}", args=[self.partnership.slug, *args])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage=self.has_perm(FinancePerm.MANAGE),
            can_share=self.has_perm(FinancePerm.SHARE),
            **kwargs,
        )


def _feature(point: selectors.InvestmentPoint, url: str) -> dict | None:
    if point.location:
        geometry = point.location
    elif point.point is not None:
        geometry = {"type": "Point", "coordinates": list(point.point)}
    else:
        return None
    stage = Stage(point.stage).label if point.stage in Stage.values else point.stage
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"name": f"{point.name} · {stage}", "url": url},
    }


def _chart(slices, *, amounts: bool = True) -> dict:
    return {
        "labels": [s.label for s in slices],
        "values": [float(s.amount) if amounts else s.count for s in slices],
        "counts": [s.count for s in slices],
    }


class PortfolioView(FinanceMixin, TemplateView):
    """Summary cards, then the investments as a table (``PAGE_SIZE`` a page,
    ``?page=``), a map or charts (``?view=``), filtered by stage, sector, type,
    landscape, risk and a search (GET). The cards, totals, map and charts cover every
    matching investment."""

    template_name = "finance/portfolio/portfolio.html"

    def get_context_data(self, **kwargs):
        portfolio = selectors.portfolio_get(partnership=self.partnership)
        if portfolio is None and self.has_perm(FinancePerm.MANAGE):
            portfolio = services.portfolio_get_or_create(partnership=self.partnership)
        view = self.request.GET.get("view", "table")
        view = view if view in VIEWS else "table"
        filter_form = forms.InvestmentFilterForm(self.request.GET or None)
        filters = selectors.InvestmentFilters()
        if filter_form.is_bound and filter_form.is_valid():
            data = filter_form.cleaned_data
            filters = selectors.InvestmentFilters(
                **{key: data.get(key) or "" for key in ("stage", "sector", "kind", "landscape",
                                                         "risk", "q")}
            )  # fmt: skip
        overview = selectors.portfolio_overview(
            partnership=self.partnership, portfolio=portfolio, filters=filters,
            page=self.request.GET.get("page") if view == "table" else 1,
            shapes=view == "map",
        )  # fmt: skip
        filter_form.set_landscapes(overview.landscapes)
        query = self.request.GET.copy()
        query.pop("view", None)
        query.pop("page", None)
        context = super().get_context_data(
            portfolio=portfolio,
            overview=overview,
            filters=filters,
            filter_form=filter_form,
            view=view,
            filter_query=query.urlencode(),
            **kwargs,
        )
        if view == "map":
            blank = str(uuid.UUID(int=0))
            detail = reverse("finance:investment-detail", args=[self.partnership.slug, blank])
            features = [
                _feature(point, detail.replace(blank, str(point.uuid)))
                for point in selectors.investment_points(
                    partnership=self.partnership, filters=filters
                )
            ]
            context["map_data"] = {
                "type": "FeatureCollection",
                "features": [f for f in features if f],
                "boundary": {"type": "FeatureCollection", "features": overview.shapes},
            }
            context["unplaced"] = sum(1 for f in features if f is None)
            context["map_settings"] = map_settings()
        if view == "charts":
            context["charts"] = {
                "currency": overview.currency,
                "instrument": _chart(overview.by_instrument),
                "source_type": _chart(overview.by_source_type),
                "sector": _chart(overview.by_sector),
                "stage": _chart(overview.by_stage),
                "labels": {
                    "amount": _("Amount (%(currency)s)") % {"currency": overview.currency},
                    "count": _("Investments"),
                },
            }
        return context


class PortfolioSettingsView(FinanceMixin, ServiceFormMixin, FormView):
    required_perm = FinancePerm.MANAGE
    template_name = "finance/portfolio/settings.html"
    form_class = forms.PortfolioForm
    success_message = ""

    @cached_property
    def portfolio(self):
        return services.portfolio_get_or_create(partnership=self.partnership)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.portfolio}

    def perform(self, data: dict):
        return services.portfolio_update(
            portfolio=self.portfolio,
            title=data["title"],
            description=data.get("description") or "",
            reporting_currency=data["reporting_currency"],
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:
            messages.success(self.request, _("The portfolio settings were saved."))
        return response

    def get_success_url(self, result=None) -> str:
        return self.url("portfolio")

    def get_context_data(self, **kwargs):
        return super().get_context_data(portfolio=self.portfolio, **kwargs)
