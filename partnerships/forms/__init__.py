"""Forms of the partnerships app, one module per area. Forms validate input and
offer only rows of the current partnership; services do the writing."""

from django import forms

from hub.forms import ApplicationErrorFormMixin


class PartnershipForm(ApplicationErrorFormMixin, forms.Form):
    """A form bound to one partnership: choice fields list only its rows."""

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
