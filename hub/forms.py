from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Extra fields on allauth's signup form."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial="en"
    )

    field_order = ["full_name", "email", "password1", "password2", "preferred_language"]

    def signup(self, request, user):
        """allauth calls this after the user is saved; the adapter already set the fields."""
