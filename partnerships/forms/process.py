from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.forms import DateInput, PartnershipForm
from partnerships.models import StageProgress
from partnerships.selectors.process import stage_list


class StageOpenForm(PartnershipForm):
    stage = forms.ModelChoiceField(queryset=None, to_field_name="key")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stage_list()


class StageProgressForm(PartnershipForm):
    status = forms.ChoiceField(label=_("Status"), choices=StageProgress.Status.choices)
    started_on = forms.DateField(label=_("Started on"), required=False, widget=DateInput)
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DateInput)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class EvidenceForm(PartnershipForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_("PDF, office documents, text or images; at most 10 MB."),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("url") and not data.get("file"):
            self.add_error("url", _("Add a link or a file."))
        return data
