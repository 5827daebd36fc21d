from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.roles import Role
from partnerships.services.membership import (
    INVITATION_DAYS,
    INVITATION_MAX_DAYS,
    MESSAGE_MAX_LENGTH,
)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)
    message = forms.CharField(
        label=_("Personal message"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional; included in the invitation email."),
    )
    expires_in_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=INVITATION_MAX_DAYS,
        initial=INVITATION_DAYS,
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the leaders"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: who you are and why you would like to join."),
    )


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or email"), required=False, max_length=200)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
