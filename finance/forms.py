"""Forms of the portfolio pages. They read and type the input; the services validate and
save (``_post_clean`` is skipped so model validation runs once, in the service)."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.models import Budget, FundingSource, Investment, InvestmentDocument, Portfolio
from finance.models import Transaction as TransactionRow
from hub.forms import ApplicationErrorFormMixin
from hub.models import Organization
from landscapes.forms import GeoJSONField
from landscapes.models import Landscape, Site
from mel.models import Indicator, Result

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AMOUNT = forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})


class ServiceModelForm(ApplicationErrorFormMixin, forms.ModelForm):
    def _post_clean(self):
        pass


class PortfolioForm(ServiceModelForm):
    class Meta:
        model = Portfolio
        fields = ["title", "description", "reporting_currency"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "reporting_currency": _(
                "Totals, gaps and charts are converted to this currency at the hub's "
                "exchange rates."
            )
        }


class InvestmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    # A slug; the choices are set once the page has loaded the landscapes.
    landscape = forms.CharField(label=_("Landscape"), required=False, widget=forms.Select)
    risk = forms.ChoiceField(label=_("Risk"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from finance.models.choices import InvestmentKind, RiskLevel, Sector, Stage

        anything = [("", _("All"))]
        self.fields["stage"].choices = anything + list(Stage.choices)
        self.fields["sector"].choices = anything + list(Sector.choices)
        self.fields["kind"].choices = anything + list(InvestmentKind.choices)
        self.fields["risk"].choices = anything + list(RiskLevel.choices)

    def set_landscapes(self, landscapes) -> None:
        choices = [("", _("All"))] + [(ls.slug, ls.name) for ls in landscapes]
        self.fields["landscape"].widget.choices = choices


class InvestmentForm(ServiceModelForm):
    location = GeoJSONField(widget=forms.HiddenInput, required=False, label=_("Location"))
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180, required=False)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, required=False)
    clear_location = forms.BooleanField(
        label=_("Remove the drawn location (use the site or landscape)"), required=False
    )

    class Meta:
        model = Investment
        fields = [
            "name",
            "summary",
            "kind",
            "sector",
            "stage",
            "risk_level",
            "total_cost",
            "currency",
            "start_date",
            "end_date",
            "lead_organization",
            "implementing_partners",
            "landscape",
            "site",
            "results",
            "indicators",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "start_date": DATE,
            "end_date": DATE,
            "total_cost": AMOUNT,
            "implementing_partners": forms.SelectMultiple(attrs={"size": 6}),
            "results": forms.SelectMultiple(attrs={"size": 6}),
            "indicators": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "implementing_partners": _("Hold Ctrl (or ⌘) to choose several."),
            "results": _("Results of the partnership's MEL framework this investment serves."),
            "site": _("Optional: a site of the landscape; or draw the location on the map."),
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["landscape"].queryset = Landscape.objects.for_partnership(partnership).only(
            "pk", "name", "partnership_id"
        )
        self.fields["landscape"].empty_label = None
        self.fields["site"].queryset = (
            Site.objects.for_partnership(partnership)
            .select_related("landscape")
            .only("pk", "name", "landscape__name", "partnership_id")
            .order_by("landscape__name", "name")
        )
        self.fields["site"].label_from_instance = lambda s: f"{s.name} ({s.landscape.name})"
        organizations = Organization.objects.only("pk", "name").order_by("name")
        self.fields["lead_organization"].queryset = organizations
        self.fields["implementing_partners"].queryset = organizations
        self.fields["results"].queryset = (
            Result.objects.for_partnership(partnership)
            .select_related("framework")
            .order_by("framework__name", "code")
        )
        self.fields["results"].label_from_instance = lambda r: f"{r.code} {r.title}".strip()
        self.fields["indicators"].queryset = Indicator.objects.for_partnership(
            partnership
        ).order_by("name")
        investment = self.instance
        if investment.pk and not self.is_bound and investment.location:
            self.initial["location"] = json.dumps(investment.location)
            if investment.location.get("type") == "Point":
                self.initial["lon"], self.initial["lat"] = investment.location["coordinates"]

    def clean(self):
        data = super().clean()
        location = data.get("location")
        lon, lat = data.get("lon"), data.get("lat")
        if data.get("clear_location"):
            location = None
        elif (location is None or location.get("type") == "Point") and None not in (lon, lat):
            location = {"type": "Point", "coordinates": [lon, lat]}  # typed coordinates win
        elif (lon is None) != (lat is None):
            self.add_error("lon" if lon is None else "lat", _("Give both longitude and latitude."))
        data["location"] = location
        return data


class FundingSourceForm(ServiceModelForm):
    class Meta:
        model = FundingSource
        fields = [
            "funder",
            "source_type",
            "instrument",
            "amount",
            "currency",
            "status",
            "pledged_on",
            "committed_on",
            "disbursed_on",
            "notes",
        ]
        widgets = {
            "amount": AMOUNT,
            "pledged_on": DATE,
            "committed_on": DATE,
            "disbursed_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Organization.objects.only("pk", "name").order_by("name")


class TransactionForm(ServiceModelForm):
    class Meta:
        model = TransactionRow
        fields = [
            "type",
            "date",
            "amount",
            "currency",
            "funding_source",
            "description",
            "provider",
            "receiver",
        ]
        widgets = {"date": DATE, "amount": AMOUNT}

    def __init__(self, *args, investment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_source"].queryset = (
            FundingSource.objects.for_partnership(investment.partnership)
            .filter(investment=investment)
            .select_related("funder")
        )
        organizations = Organization.objects.only("pk", "name").order_by("name")
        self.fields["provider"].queryset = organizations
        self.fields["receiver"].queryset = organizations


class BudgetForm(ServiceModelForm):
    class Meta:
        model = Budget
        fields = ["period_start", "period_end", "amount", "currency", "type", "status"]
        widgets = {"period_start": DATE, "period_end": DATE, "amount": AMOUNT}


class DocumentForm(ServiceModelForm):
    class Meta:
        model = InvestmentDocument
        fields = ["title", "file", "shared_with_funders"]
        widgets = {
            "file": forms.ClearableFileInput(
                attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.pptx,.odt,.ods,.png,.jpg,.jpeg,.webp"}
            )
        }
        help_texts = {
            "file": _("PDF, Word, Excel, PowerPoint, OpenDocument or an image; at most 20 MB.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty to use the file name.")
