"""Forms of the MEL pages: they validate input and offer only rows of the current
partnership; the services do the writing and the domain checks."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from landscapes.models import Landscape, LandscapeGoal
from mel.imports import IMPORT_TYPES
from mel.models import (
    Aggregation,
    Direction,
    Disaggregation,
    Frequency,
    Indicator,
    IndicatorType,
    LibraryIndicator,
    Pillar,
    Result,
    Unit,
)
from mel.models.framework import MAX_LEVELS
from mel.models.indicators import AutoSource
from mel.periods import period_label, periods_for
from partnerships.forms import DateInput, PartnershipForm
from partnerships.forms.governance import UserChoiceField
from partnerships.selectors.governance import member_users


class CommaListField(forms.CharField):
    def __init__(self, *, min_items=0, max_items=None, **kwargs):
        self.min_items, self.max_items = min_items, max_items
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def clean(self, value):
        text = super().clean(value)
        items = [
            item.strip() for item in (text or "").replace("\n", ",").split(",") if item.strip()
        ]
        if len(items) < self.min_items:
            raise forms.ValidationError(
                _("Give at least %(count)s, separated by commas.") % {"count": self.min_items}
            )
        if self.max_items and len(items) > self.max_items:
            raise forms.ValidationError(_("Give at most %(count)s.") % {"count": self.max_items})
        return items


class FrameworkForm(PartnershipForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    level_names = CommaListField(
        label=_("Level names"),
        min_items=1,
        max_items=MAX_LEVELS,
        initial="Goal, Outcome, Output",
        help_text=_("From the top down, separated by commas (at most six)."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    start_date = forms.DateField(
        label=_("Start of the partnership period"), required=False, widget=DateInput
    )
    end_date = forms.DateField(
        label=_("End of the partnership period"), required=False, widget=DateInput
    )


class ResultForm(PartnershipForm):
    title = forms.CharField(label=_("Title"), max_length=250)
    code = forms.CharField(label=_("Code"), max_length=20, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    landscape = forms.ModelChoiceField(label=_("Landscape"), queryset=None, required=False)
    landscape_goals = forms.ModelMultipleChoiceField(
        label=_("Landscape goals"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["landscape"].queryset = Landscape.objects.for_partnership(self.partnership)
        self.fields["landscape_goals"].queryset = LandscapeGoal.objects.for_partnership(
            self.partnership
        ).select_related("landscape")
        self.fields["landscape_goals"].label_from_instance = lambda g: (
            f"{g.landscape.name}: {g.title}"
        )


class ResultMoveForm(PartnershipForm):
    parent = forms.ModelChoiceField(
        label=_("Under"), queryset=None, required=False, empty_label=_("(top level)")
    )
    step = forms.TypedChoiceField(choices=[("-1", "up"), ("1", "down")], coerce=int, required=False)

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = framework.results.all()


class IndicatorForm(PartnershipForm):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=250)
    result = forms.ModelChoiceField(label=_("Result it measures"), queryset=None)
    definition = forms.CharField(
        label=_("Definition"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    currency = forms.CharField(
        label=_("Currency (ISO 4217, for money)"), max_length=3, required=False
    )
    indicator_type = forms.ChoiceField(label=_("Type"), choices=IndicatorType.choices)
    direction = forms.ChoiceField(label=_("Direction of change"), choices=Direction.choices)
    aggregation = forms.ChoiceField(label=_("Aggregation over time"), choices=Aggregation.choices)
    frequency = forms.ChoiceField(label=_("Reporting frequency"), choices=Frequency.choices)
    auto_source = forms.ChoiceField(
        label=_("Values come from"),
        choices=AutoSource.choices,
        required=False,
        help_text=_("Capacity records can fill in draft values of an indicator counted in people."),
    )
    disaggregations = forms.ModelMultipleChoiceField(
        label=_("Disaggregations"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    disaggregations_sum_to_total = forms.BooleanField(
        label=_("Disaggregated values add up to the total"), required=False, initial=True
    )
    baseline_value = forms.DecimalField(
        label=_("Baseline"), required=False, max_digits=20, decimal_places=4
    )
    baseline_date = forms.DateField(label=_("Baseline date"), required=False, widget=DateInput)
    end_target = forms.DecimalField(
        label=_("End-of-partnership target"), required=False, max_digits=20, decimal_places=4
    )
    data_source = forms.CharField(label=_("Data source"), max_length=250, required=False)
    collection_method = forms.CharField(
        label=_("Collection method"), max_length=250, required=False
    )
    quality_checks = forms.CharField(
        label=_("Quality checks"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = UserChoiceField(label=_("Responsible member"), queryset=None, required=False)
    pillars = forms.MultipleChoiceField(
        label=_("LandScale pillars"),
        choices=Pillar.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_targets = CommaListField(
        label=_("SDG targets"), required=False, help_text=_("e.g. 15.3, 6.6")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].queryset = Result.objects.for_partnership(
            self.partnership
        ).select_related("framework")
        self.fields["result"].label_from_instance = lambda r: (
            f"{r.framework.level_name(r.depth)} · {r}"
        )
        self.fields["disaggregations"].queryset = Disaggregation.objects.for_partnership(
            self.partnership
        )
        self.fields["responsible"].queryset = member_users(partnership=self.partnership)

    @staticmethod
    def initial_for(indicator: Indicator) -> dict:
        fields = [name for name in IndicatorForm.base_fields if name != "disaggregations"]
        data = {name: getattr(indicator, name) for name in fields}
        data["disaggregations"] = list(indicator.disaggregations.all())
        return data


class DisaggregationForm(PartnershipForm):
    name = forms.CharField(label=_("Category"), max_length=80, help_text=_("e.g. Sex, Age group"))
    values = CommaListField(
        label=_("Values"), min_items=2, help_text=_("Separated by commas, e.g. Female, Male")
    )


class AdoptForm(PartnershipForm):
    library_indicator = forms.ModelChoiceField(
        queryset=LibraryIndicator.objects.filter(is_published=True),
        to_field_name="uuid",
        widget=forms.HiddenInput,
    )
    result = forms.ModelChoiceField(label=_("Result it measures"), queryset=None)
    code = forms.CharField(label=_("Code"), max_length=30, required=False)
    frequency = forms.ChoiceField(
        label=_("Reporting frequency"), choices=Frequency.choices, initial=Frequency.QUARTERLY
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].queryset = Result.objects.for_partnership(
            self.partnership
        ).select_related("framework")
        self.fields["result"].label_from_instance = lambda r: (
            f"{r.framework.level_name(r.depth)} · {r}"
        )


def period_choices(
    indicator: Indicator, *, years_back: int = 3, years_ahead: int = 1
) -> list[tuple[str, str]]:
    today = timezone.localdate()
    first = datetime.date(today.year - years_back, 1, 1)
    last = datetime.date(today.year + years_ahead, 12, 31)
    framework = indicator.result.framework
    if framework.start_date:
        first = min(first, framework.start_date)
    if framework.end_date:
        last = max(last, framework.end_date)
    custom = [(p.start, p.end) for p in indicator.custom_periods.all()]
    return [
        (f"{s.isoformat()}|{e.isoformat()}", period_label(indicator.frequency, s, e))
        for s, e in reversed(periods_for(indicator.frequency, first, last, custom))
    ]


class PeriodField(forms.ChoiceField):
    def clean(self, value):
        value = super().clean(value)
        start, _sep, end = value.partition("|")
        return datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)


class TargetForm(PartnershipForm):
    period = PeriodField(label=_("Period"))
    value = forms.CharField(label=_("Target"), max_length=40)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(indicator)


class MeasurementForm(PartnershipForm):
    """The period (new values only), the value, one field per disaggregated value."""

    period = PeriodField(label=_("Period"))
    value = forms.CharField(label=_("Value"), max_length=40)
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    change_reason = forms.CharField(
        label=_("Reason for changing an approved value"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    submit_for_review = forms.BooleanField(label=_("Submit for approval"), required=False)

    def __init__(self, *args, indicator: Indicator, measurement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if measurement is None:
            choices = period_choices(indicator)
            self.fields["period"].choices = choices
            today = timezone.localdate().isoformat()
            ended = [value for value, _label in choices if value.split("|")[1] < today]
            if ended and not self.is_bound:
                self.initial.setdefault("period", ended[0])
            del self.fields["change_reason"]
        else:
            del self.fields["period"]
            if measurement.status != "approved":
                del self.fields["change_reason"]
            else:
                self.fields["change_reason"].required = True
                del self.fields["submit_for_review"]
        if indicator.unit == Unit.YES_NO:
            self.fields["value"] = forms.ChoiceField(
                label=_("Value"), choices=[("yes", _("Yes")), ("no", _("No"))]
            )
        self.breakdown_fields = []
        for disaggregation in indicator.disaggregations.all():
            for value in disaggregation.values:
                name = f"bd::{disaggregation.name}::{value}"
                self.fields[name] = forms.CharField(
                    label=f"{disaggregation.name}: {value}", required=False, max_length=40
                )
                self.breakdown_fields.append(name)

    def breakdown(self) -> dict:
        data: dict = {}
        for name in self.breakdown_fields:
            raw = self.cleaned_data.get(name)
            if raw not in (None, ""):
                _prefix, category, value = name.split("::", 2)
                data.setdefault(category, {})[value] = raw
        return data

    def add_application_error(self, error) -> None:
        field = error.field if error.field in self.fields else None
        if error.field == "disaggregations" or (field is None and self.breakdown_fields):
            field = None
        if error.field == "period_start" and "period" in self.fields:
            field = "period"
        self.add_error(field, error.message)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"), help_text=_("PDF, image, spreadsheet or document, up to 10 MB.")
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


class LockForm(PartnershipForm):
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Start from the template. Up to 20 MB; larger files: split them."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_TYPES)}),
    )
    submit = forms.BooleanField(label=_("Submit the values for approval"), required=False)


class TrackingFilterForm(PartnershipForm):
    framework = forms.ModelChoiceField(
        label=_("Framework"), queryset=None, required=False, to_field_name="uuid"
    )
    result = forms.ModelChoiceField(
        label=_("Result"), queryset=None, required=False, to_field_name="uuid"
    )
    level = forms.TypedChoiceField(label=_("Level"), required=False, coerce=int, empty_value=None)
    pillar = forms.ChoiceField(
        label=_("Pillar"), choices=[("", _("All pillars")), *Pillar.choices], required=False
    )
    by = forms.ChoiceField(
        label=_("Columns"),
        choices=[("quarter", _("Quarters")), ("year", _("Years")), ("month", _("Months"))],
        required=False,
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)
    unapproved = forms.BooleanField(label=_("Include values not yet approved"), required=False)

    def __init__(self, *args, levels: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        from mel.models import Framework

        self.fields["framework"].queryset = Framework.objects.for_partnership(self.partnership)
        self.fields["framework"].empty_label = _("All frameworks")
        self.fields["result"].empty_label = _("All results")
        self.fields["result"].queryset = Result.objects.for_partnership(self.partnership).order_by(
            "depth", "position"
        )
        self.fields["level"].choices = [("", _("All levels")), *levels]
