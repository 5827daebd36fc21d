"""An investment's pages: detail with its funding, transactions, budgets and documents;
the forms that create, edit and delete them (finance officers and leaders)."""

from __future__ import annotations

import os

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from finance import forms
from finance.models import Budget, FundingSource, Investment, InvestmentDocument, Transaction
from finance.selectors import portfolio as selectors
from finance.services import funding as funding_services
from finance.services import portfolio as services
from finance.views.portfolio import FinanceMixin
from hub.services import ApplicationError
from hub.views import ServiceFormMixin
from landscapes.models import Landscape, Site
from landscapes.views import map_settings, site_feature
from partnerships.roles import FinancePerm


class InvestmentMixin(FinanceMixin):
    """Resolves ``self.investment`` from <investment_uuid> (404 for another partnership's)."""

    def get_investment(self) -> Investment:
        if not hasattr(self, "_investment"):
            try:
                self._investment = selectors.investment_get(
                    partnership=self.partnership, uuid=self.kwargs["investment_uuid"]
                )
            except Investment.DoesNotExist:
                raise Http404 from None
        return self._investment

    @property
    def investment(self) -> Investment:
        return self.get_investment()

    def detail_url(self) -> str:
        return self.url("investment-detail", self.investment.uuid)

    def get_context_data(self, **kwargs):
        return super().get_context_data(investment=self.investment, **kwargs)

    def warn_if_over_disbursed(self) -> None:
        money = selectors.over_disbursement(investment=self.investment)
        if money is not None:
            messages.warning(
                self.request,
                _(
                    "Disbursements (%(disbursed)s %(currency)s) are more than the committed "
                    "funding (%(committed)s %(currency)s). Check the transactions or record "
                    "the funding commitment."
                )
                % {
                    "disbursed": number_format(money.disbursed.amount, 2, force_grouping=True),
                    "committed": number_format(money.committed.amount, 2, force_grouping=True),
                    "currency": money.currency,
                },
            )


def _location_map(investment: Investment) -> dict:
    landscape = investment.landscape
    features = []
    if investment.location:
        features.append(
            {
                "type": "Feature",
                "geometry": investment.location,
                "properties": {"name": investment.name, "kind": _("Investment location")},
            }
        )
    elif investment.site is not None and investment.site.geometry:
        features.append(site_feature(investment.site))
    return {
        "boundary": landscape.display_geometry or landscape.boundary,
        "sites": {"type": "FeatureCollection", "features": features},
    }


class InvestmentDetailView(InvestmentMixin, TemplateView):
    template_name = "finance/portfolio/investment_detail.html"

    def get_context_data(self, **kwargs):
        investment = self.investment
        money = selectors.investment_money(investment=investment)
        return super().get_context_data(
            money=money,
            partners=list(investment.implementing_partners.only("name", "uuid")),
            results=list(investment.results.select_related("framework").order_by("code")),
            indicators=list(investment.indicators.select_related("result").order_by("name")),
            map_data=_location_map(investment),
            map_settings=map_settings(),
            **kwargs,
        )


# --- create / edit / delete an investment ----------------------------------------------


class InvestmentFormView(FinanceMixin, ServiceFormMixin, FormView):
    required_perm = FinancePerm.MANAGE
    template_name = "finance/portfolio/investment_form.html"
    form_class = forms.InvestmentForm

    def get_instance(self) -> Investment | None:
        return None

    @cached_property
    def instance(self) -> Investment | None:
        return self.get_instance()

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "partnership": self.partnership}
        if self.instance is not None:
            kwargs["instance"] = self.instance
        else:
            portfolio = selectors.portfolio_get(partnership=self.partnership)
            kwargs["initial"] = {
                "currency": portfolio.reporting_currency if portfolio else "USD",
                **kwargs.get("initial", {}),
            }
        return kwargs

    def get_context_data(self, **kwargs):
        landscapes = list(Landscape.objects.for_partnership(self.partnership).order_by("name"))
        sites = Site.objects.for_partnership(self.partnership).filter(landscape__in=landscapes)
        return super().get_context_data(
            instance=self.instance,
            has_landscapes=bool(landscapes),
            map_data={
                "boundary": {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "geometry": ls.display_geometry or ls.boundary,
                            "properties": {"name": ls.name},
                        }
                        for ls in landscapes
                        if ls.boundary
                    ],
                },
                "sites": {
                    "type": "FeatureCollection",
                    "features": [site_feature(s) for s in sites],
                },
            },
            map_settings=map_settings(),
            **kwargs,
        )

    def perform(self, data: dict):
        kwargs = {key: data.get(key) for key in forms.InvestmentForm.Meta.fields}
        kwargs["location"] = data.get("location")
        kwargs["summary"] = kwargs["summary"] or ""
        kwargs["implementing_partners"] = list(kwargs["implementing_partners"] or [])
        kwargs["results"] = list(kwargs["results"] or [])
        kwargs["indicators"] = list(kwargs["indicators"] or [])
        if self.instance is None:
            return services.investment_create(
                partnership=self.partnership, actor=self.request.user, **kwargs
            )
        return services.investment_update(investment=self.instance, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:
            messages.success(self.request, _("The investment was saved."))
        return response

    def get_success_url(self, result=None) -> str:
        return self.url("investment-detail", result.uuid)


class InvestmentCreateView(InvestmentFormView):
    pass


class InvestmentEditView(InvestmentMixin, InvestmentFormView):
    def get_instance(self) -> Investment:
        return self.investment


class ConfirmDeleteView(InvestmentMixin, TemplateView):
    """GET asks to confirm; POST deletes through ``delete()`` and goes back."""

    required_perm = FinancePerm.MANAGE
    template_name = "finance/portfolio/confirm_delete.html"
    question = ""

    def get_object(self):
        raise NotImplementedError

    def delete(self, obj) -> None:
        raise NotImplementedError

    def label(self, obj) -> str:
        return str(obj)

    def success_url(self) -> str:
        return self.detail_url()

    def get_context_data(self, **kwargs):
        obj = self.get_object()
        return super().get_context_data(
            question=self.question, object_label=self.label(obj), cancel_url=self.detail_url(),
            **kwargs,
        )  # fmt: skip

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            self.delete(obj)
        except ApplicationError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.detail_url())
        messages.success(request, _("Deleted."))
        return HttpResponseRedirect(self.success_url())


class InvestmentDeleteView(ConfirmDeleteView):
    question = gettext_lazy(
        "Delete this investment with its funding sources, transactions, budgets and documents?"
    )

    def get_object(self):
        return self.investment

    def delete(self, obj) -> None:
        services.investment_delete(investment=obj)

    def success_url(self) -> str:
        return self.url("portfolio")


# --- funding sources, transactions, budgets ---------------------------------------------


class ChildFormView(InvestmentMixin, ServiceFormMixin, FormView):
    """Create (no ``object_kwarg`` in the URL) or edit one row of the investment."""

    required_perm = FinancePerm.MANAGE
    template_name = "finance/portfolio/child_form.html"
    model = None
    object_kwarg = ""
    title_new = ""
    title_edit = ""
    warn_disbursement = False

    @cached_property
    def object(self):
        if self.object_kwarg not in self.kwargs:
            return None
        return self.get_tenant_object(
            self.model.objects.filter(investment=self.investment),
            uuid=self.kwargs[self.object_kwarg],
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.object is not None:
            kwargs["instance"] = self.object
        else:
            kwargs["initial"] = {"currency": self.investment.currency}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            form_title=self.title_edit if self.object is not None else self.title_new,
            **kwargs,
        )

    def create(self, data: dict):
        raise NotImplementedError

    def update(self, data: dict):
        raise NotImplementedError

    def perform(self, data: dict):
        data = {key: data.get(key) for key in self.form_class.Meta.fields}
        for key in ("notes", "description"):
            if key in data and data[key] is None:
                data[key] = ""
        return self.create(data) if self.object is None else self.update(data)

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:
            messages.success(self.request, _("Saved."))
            if self.warn_disbursement:
                self.warn_if_over_disbursed()
        return response

    def get_success_url(self, result=None) -> str:
        return self.detail_url()


class FundingFormView(ChildFormView):
    model = FundingSource
    form_class = forms.FundingSourceForm
    object_kwarg = "funding_uuid"
    title_new = gettext_lazy("Add a funding source")
    title_edit = gettext_lazy("Edit the funding source")
    warn_disbursement = True

    def create(self, data):
        return funding_services.funding_source_create(investment=self.investment, **data)

    def update(self, data):
        return funding_services.funding_source_update(funding_source=self.object, **data)


class TransactionFormView(ChildFormView):
    model = Transaction
    form_class = forms.TransactionForm
    object_kwarg = "transaction_uuid"
    title_new = gettext_lazy("Add a transaction")
    title_edit = gettext_lazy("Edit the transaction")
    warn_disbursement = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "investment": self.investment}

    def create(self, data):
        return funding_services.transaction_create(
            investment=self.investment, actor=self.request.user, **data
        )

    def update(self, data):
        return funding_services.transaction_update(transaction_row=self.object, **data)


class BudgetFormView(ChildFormView):
    model = Budget
    form_class = forms.BudgetForm
    object_kwarg = "budget_uuid"
    title_new = gettext_lazy("Add a budget")
    title_edit = gettext_lazy("Edit the budget")

    def create(self, data):
        return funding_services.budget_create(investment=self.investment, **data)

    def update(self, data):
        return funding_services.budget_update(budget=self.object, **data)


class ChildDeleteView(ConfirmDeleteView):
    model = None
    object_kwarg = ""

    def get_object(self):
        return self.get_tenant_object(
            self.model.objects.filter(investment=self.investment),
            uuid=self.kwargs[self.object_kwarg],
        )


class FundingDeleteView(ChildDeleteView):
    model = FundingSource
    object_kwarg = "funding_uuid"
    question = gettext_lazy("Delete this funding source? Its transactions are kept.")

    def delete(self, obj):
        funding_services.funding_source_delete(funding_source=obj)


class TransactionDeleteView(ChildDeleteView):
    model = Transaction
    object_kwarg = "transaction_uuid"
    question = gettext_lazy("Delete this transaction?")

    def delete(self, obj):
        funding_services.transaction_delete(transaction_row=obj)


class BudgetDeleteView(ChildDeleteView):
    model = Budget
    object_kwarg = "budget_uuid"
    question = gettext_lazy("Delete this budget?")

    def delete(self, obj):
        funding_services.budget_delete(budget=obj)


# --- documents --------------------------------------------------------------------------


class DocumentUploadView(InvestmentMixin, ServiceFormMixin, FormView):
    required_perm = FinancePerm.MANAGE
    template_name = "finance/portfolio/child_form.html"
    form_class = forms.DocumentForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(form_title=_("Add a document"), multipart=True, **kwargs)

    def perform(self, data: dict):
        return services.document_add(
            investment=self.investment,
            title=data.get("title") or "",
            file=data["file"],
            shared_with_funders=bool(data.get("shared_with_funders")),
            actor=self.request.user,
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:
            messages.success(self.request, _("The document was added."))
        return response

    def get_success_url(self, result=None) -> str:
        return self.detail_url()


class DocumentDownloadView(InvestmentMixin, TemplateView):
    """Streams the file through the tenancy check (media URLs are not public)."""

    def get(self, request, *args, **kwargs):
        document = self.get_tenant_object(
            InvestmentDocument.objects.filter(investment=self.investment),
            uuid=self.kwargs["document_uuid"],
        )
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        extension = os.path.splitext(document.file.name)[1].lower()
        return FileResponse(
            handle, as_attachment=True, filename=f"{document.title[:100]}{extension}"
        )


class DocumentDeleteView(ChildDeleteView):
    model = InvestmentDocument
    object_kwarg = "document_uuid"
    question = gettext_lazy("Delete this document?")

    def delete(self, obj):
        services.document_delete(document=obj)
