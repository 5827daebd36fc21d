"""Hub staff pages for the exchange-rate table at /finance/rates/: the latest rate of
each currency with a form to add one, and the CSV import. Anyone else gets a 404."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from finance.currencies import CURRENCY_CHOICES
from finance.models import ExchangeRate
from finance.selectors.rates import rate_history, rate_latest_list
from finance.services.rates import (
    MAX_IMPORT_BYTES,
    RateImportRefused,
    rate_delete,
    rate_set,
    rates_import,
    rates_template_csv,
)
from hub.forms import ApplicationErrorFormMixin
from hub.services import ApplicationError
from hub.views import ServiceFormMixin, StaffOnlyMixin


class RateForm(ApplicationErrorFormMixin, forms.Form):
    currency = forms.ChoiceField(
        label=gettext_lazy("Currency"),
        choices=[("", "—")] + [c for c in CURRENCY_CHOICES if c[0] != "USD"],
    )
    date = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    rate = forms.DecimalField(
        label=gettext_lazy("Units per 1 USD"),
        max_digits=20,
        decimal_places=8,
        help_text=gettext_lazy("How many units of the currency one US dollar buys that day."),
    )
    source = forms.CharField(label=gettext_lazy("Source"), max_length=120, required=False)


class RateImportForm(ApplicationErrorFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns currency, date (YYYY-MM-DD), rate (units per 1 USD) and optionally "
            "source; at most %(size)s MB."
        )
        % {"size": MAX_IMPORT_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class RateListView(StaffOnlyMixin, ServiceFormMixin, FormView):
    """The latest rate of each currency and a form to add (or correct) one."""

    template_name = "finance/rates/rate_list.html"
    form_class = RateForm
    success_message = gettext_lazy("The rate is saved.")

    def get_initial(self):
        return {"date": timezone.localdate(), "currency": self.request.GET.get("currency", "")}

    def perform(self, data: dict) -> ExchangeRate:
        return rate_set(
            actor=self.request.user,
            currency=data["currency"],
            date=data["date"],
            rate=data["rate"],
            source=data["source"],
        )

    def get_success_url(self, result=None) -> str:
        return (
            f"{reverse('rates:list')}?currency={result.currency}"
            if result
            else reverse("rates:list")
        )

    def get_context_data(self, **kwargs):
        latest = list(rate_latest_list())
        today = timezone.localdate()
        currency = self.request.GET.get("currency", "").upper()
        history = list(rate_history(currency=currency)) if currency else []
        return super().get_context_data(
            latest=latest,
            today=today,
            stale_before=today - datetime.timedelta(days=31),
            currency=currency,
            history=history,
            base_currency="USD",
            **kwargs,
        )


class RateDeleteView(StaffOnlyMixin, View):
    """POST currency and date: delete that day's rate."""

    def post(self, request, *args, **kwargs):
        try:
            on = datetime.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            raise Http404 from None
        rate = get_object_or_404(
            ExchangeRate, currency=request.POST.get("currency", "").upper(), date=on
        )
        currency = rate.currency
        rate_delete(actor=request.user, rate=rate)
        messages.success(request, _("The rate is deleted."))
        return HttpResponseRedirect(f"{reverse('rates:list')}?currency={currency}")


class RateImportView(StaffOnlyMixin, FormView):
    """Upload a CSV of rates: all rows are written, or none and the row errors are shown."""

    template_name = "finance/rates/rate_import.html"
    form_class = RateImportForm
    success_url = reverse_lazy("rates:list")

    def form_valid(self, form):
        try:
            result = rates_import(actor=self.request.user, upload=form.cleaned_data["file"])
        except RateImportRefused as refused:
            form.add_application_error(refused)
            return self._invalid(form, row_errors=refused.errors)
        except ApplicationError as error:
            form.add_application_error(error)
            return self._invalid(form)
        messages.success(
            self.request,
            _("%(created)s rate(s) added and %(updated)s updated.")
            % {"created": result.created, "updated": result.updated},
        )
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        return self._invalid(form)

    def _invalid(self, form, row_errors=None):
        response = self.render_to_response(
            self.get_context_data(form=form, row_errors=row_errors or [])
        )
        response.status_code = 400
        return response


class RateTemplateView(StaffOnlyMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(rates_template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="exchange-rates.csv"'
        return response
