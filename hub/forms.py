from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    """allauth's signup form plus the person's name and language."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial="en"
    )

    field_order = ["full_name", "email", "password1", "password2", "preferred_language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = (translation.get_language() or "").split("-")[0]
        if current in dict(settings.LANGUAGES):
            self.fields["preferred_language"].initial = current

    def clean_full_name(self) -> str:
        return self.cleaned_data["full_name"].strip()


class ApplicationErrorFormMixin:
    """Shows a service's refusal (``ApplicationError``) on the form: on its field when
    the form has that field, else as a form-wide error."""

    def add_application_error(self, error) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)
