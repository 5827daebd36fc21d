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


# --- resource mobilization (hub staff) --------------------------------------------------


class ProspectForm(ApplicationErrorFormMixin, forms.Form):
    """A donor prospect: the organization is chosen once, when the prospect is added."""

    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        help_text=_("An organization already known to the hub (add new ones in the admin)."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=[], initial="active")
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"),
        required=False,
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("On a computer, hold Ctrl (or ⌘) to choose more than one."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries it funds in"),
        required=False,
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("On a computer, hold Ctrl (or ⌘) to choose more than one."),
    )
    grant_min = forms.DecimalField(
        label=_("Typical grant from"), required=False, max_digits=14, decimal_places=2,
        widget=AMOUNT,
    )  # fmt: skip
    grant_max = forms.DecimalField(
        label=_("Typical grant up to"), required=False, max_digits=14, decimal_places=2,
        widget=AMOUNT,
    )  # fmt: skip
    grant_currency = forms.ChoiceField(label=_("Grant currency"), choices=[], initial="USD")
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    relationship_owner = forms.ModelChoiceField(
        label=_("Relationship owner"),
        queryset=None,
        required=False,
        help_text=_("The hub staff member partnerships talk to before approaching this donor."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, prospect=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django_countries import countries

        from finance.currencies import CURRENCY_CHOICES
        from finance.models import ProspectStatus, Sector
        from hub.models import User

        self.fields["status"].choices = ProspectStatus.choices
        self.fields["focus_areas"].choices = Sector.choices
        self.fields["countries"].choices = list(countries)
        self.fields["grant_currency"].choices = CURRENCY_CHOICES
        self.fields["relationship_owner"].queryset = User.objects.filter(
            is_staff=True, is_active=True
        ).order_by("full_name", "email")
        if prospect is None:
            self.fields["organization"].queryset = (
                Organization.objects.filter(donor_prospect__isnull=True)
                .only("pk", "name", "acronym")
                .order_by("name")
            )
        else:
            del self.fields["organization"]
            if not self.is_bound:
                self.initial = {
                    field: getattr(prospect, field)
                    for field in (
                        "status", "focus_areas", "grant_min", "grant_max", "grant_currency",
                        "contact_name", "contact_email", "relationship_owner", "notes",
                    )
                }  # fmt: skip
                self.initial["countries"] = [c.code for c in prospect.countries]


class ProposalForm(ApplicationErrorFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    donor = forms.ModelChoiceField(label=_("Donor"), queryset=None)
    amount = forms.DecimalField(
        label=_("Amount requested"), max_digits=14, decimal_places=2, widget=AMOUNT
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=[], initial="USD")
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=None, help_text=_("Gets the deadline reminders.")
    )
    submission_deadline = forms.DateField(
        label=_("Submission deadline"), required=False, widget=DATE
    )
    decision_expected = forms.DateField(label=_("Decision expected"), required=False, widget=DATE)
    partnerships = forms.ModelMultipleChoiceField(
        label=_("Partnerships that would benefit"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "Their leaders and finance officers see this proposal in their workspace. "
            "On a computer, hold Ctrl (or ⌘) to choose more than one."
        ),
    )
    link = forms.URLField(
        label=_("Link to the documents"), required=False, max_length=500, assume_scheme="https"
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        from finance.currencies import CURRENCY_CHOICES
        from finance.models import DonorProspect, ProspectStatus
        from hub.models import User
        from partnerships.models import Partnership

        donors = Q(status=ProspectStatus.ACTIVE)
        owners = Q(is_staff=True, is_active=True)
        if proposal is not None:
            donors |= Q(pk=proposal.donor_id)
            owners |= Q(pk=proposal.owner_id)
        self.fields["donor"].queryset = (
            DonorProspect.objects.filter(donors).select_related("organization")
        ).order_by("organization__name")
        self.fields["owner"].queryset = User.objects.filter(owners).order_by("full_name", "email")
        self.fields["currency"].choices = CURRENCY_CHOICES
        self.fields["partnerships"].queryset = Partnership.objects.filter(
            approval=Partnership.Approval.APPROVED
        ).order_by("name")
        if proposal is not None and not self.is_bound:
            self.initial = {
                field: getattr(proposal, field)
                for field in (
                    "title", "donor", "amount", "currency", "owner", "submission_deadline",
                    "decision_expected", "link", "notes",
                )
            }  # fmt: skip
            self.initial["partnerships"] = [p.pk for p in proposal.partnerships.all()]


class ProposalTransitionForm(ApplicationErrorFormMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"), choices=[])
    reason = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        from finance.models import ProposalStatus

        self.fields["to_status"].choices = [(s, ProposalStatus(s).label) for s in allowed]
        self.fields["to_status"].widget = forms.RadioSelect(
            choices=self.fields["to_status"].choices
        )


class ProposalReopenForm(ApplicationErrorFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is it reopened?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("It goes back to “submitted”; the reason stays in its history."),
    )


class ProposalDeadlineForm(ApplicationErrorFormMixin, forms.Form):
    name = forms.CharField(label=_("Deadline"), max_length=120)
    date = forms.DateField(label=_("Date"), widget=DATE)
