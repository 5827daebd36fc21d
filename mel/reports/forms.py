from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hub.models import User
from mel.models import ReportFormat, ReportSchedule


class ReportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)


class ScheduleForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Send the report"), choices=ReportSchedule.Frequency.choices
    )
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)
    recipients = forms.ModelMultipleChoiceField(
        label=_("Recipients"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = User.objects.filter(
            memberships__partnership=partnership, is_active=True
        ).order_by("full_name", "email")


def _years():
    this_year = datetime.date.today().year
    return [("", _("All years"))] + [(str(y), str(y)) for y in range(this_year, 2014, -1)]


class ScorecardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), choices=_years, coerce=int, required=False)
    country = forms.ChoiceField(
        label=_("Country"),
        choices=lambda: [("", _("All countries")), *countries],
        required=False,
    )


class ScorecardPublishForm(ScorecardFilterForm):
    title = forms.CharField(label=_("Title"), max_length=200)
