from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.forms import DateInput, PartnershipForm
from partnerships.models import PartnerOrganization
from partnerships.selectors.partners import organization_choices


class PartnerForm(PartnershipForm):
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=None,
        help_text=_("Organizations are registered once for the whole hub."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=PartnerOrganization.Role.choices)
    joined_on = forms.DateField(label=_("Partner since"), required=False, widget=DateInput)
    left_on = forms.DateField(label=_("Partner until"), required=False, widget=DateInput)
    contribution = forms.CharField(
        label=_("Contribution"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the organization brings: funds, expertise, land, people…"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organization_choices()

    def clean(self):
        data = super().clean()
        joined, left = data.get("joined_on"), data.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("The end date must be on or after the start date."))
        return data


class PartnerEndForm(PartnershipForm):
    left_on = forms.DateField(label=_("Partner until"), widget=DateInput)


class PartnerContactForm(PartnershipForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
