from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from partnerships.forms.profile import RICH_TEXT_HELP, working_language_choices
from partnerships.models import Partnership


class PartnershipProposeForm(forms.Form):
    """What a person tells hub staff about the partnership they propose. The slug,
    approval and proposer are set by the service, never by this form."""

    name = forms.CharField(label=_("Name"), max_length=200)
    short_description = forms.CharField(
        label=_("Short description"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
        help_text=_("One or two sentences: who works together, where, and on what."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=RICH_TEXT_HELP,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        required=False,
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )
    contact_email = forms.EmailField(label=_("Contact email"))
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    year_established = forms.IntegerField(
        label=_("Year established"), required=False, min_value=1900, max_value=2100
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Partnership.Visibility.choices,
        initial=Partnership.Visibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_(
            "A public partnership has a profile anyone can read; a private one is seen "
            "by its members only."
        ),
    )
    join_policy = forms.ChoiceField(
        label=_("Who can join"),
        choices=Partnership.JoinPolicy.choices,
        initial=Partnership.JoinPolicy.REQUEST,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = list(countries)
        self.fields["working_languages"].choices = working_language_choices()


class ProposalDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the proposer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
