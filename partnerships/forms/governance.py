from django import forms
from django.utils.translation import gettext_lazy as _

from hub.models import Organization
from partnerships.forms import DateInput, DateTimeInput, PartnershipForm
from partnerships.models import (
    ActionItem,
    BodyMember,
    Decision,
    GovernanceBody,
    Meeting,
)
from partnerships.selectors.governance import member_users

RICH_TEXT_HELP = _(
    "Basic formatting is kept (paragraphs, lists, bold, links); everything else is removed."
)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class BodyForm(PartnershipForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=GovernanceBody.Kind.choices)
    mandate = forms.CharField(
        label=_("Mandate"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class BodyMemberForm(PartnershipForm):
    user = UserChoiceField(
        label=_("Member of the partnership"),
        queryset=None,
        required=False,
        help_text=_("Or leave empty and name a person without an account below."),
    )
    name = forms.CharField(label=_("Name (no account)"), max_length=200, required=False)
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.order_by("name"), required=False
    )
    position = forms.ChoiceField(
        label=_("Position"), choices=BodyMember.Position.choices, initial=BodyMember.Position.MEMBER
    )
    since = forms.DateField(label=_("Since"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = member_users(partnership=self.partnership)


class MeetingForm(PartnershipForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.ModelChoiceField(label=_("Body"), queryset=None, required=False)
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput)
    location = forms.CharField(label=_("Location or link"), max_length=300, required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=RICH_TEXT_HELP,
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=RICH_TEXT_HELP,
    )
    attendees = UserMultipleChoiceField(
        label=_("Attendees"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_attendees = forms.CharField(
        label=_("Other attendees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("People without an account, one per line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = GovernanceBody.objects.for_partnership(
            self.partnership
        ).order_by("name")
        self.fields["attendees"].queryset = member_users(partnership=self.partnership)


class AttachmentForm(PartnershipForm):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, office documents, text or images; at most 10 MB."),
    )


class DecisionForm(PartnershipForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    text = forms.CharField(
        label=_("Decision"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    body = forms.ModelChoiceField(label=_("Body"), queryset=None, required=False)
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = GovernanceBody.objects.for_partnership(
            self.partnership
        ).order_by("name")
        self.fields["meeting"].queryset = Meeting.objects.for_partnership(
            self.partnership
        ).order_by("-starts_at")


class ActionItemForm(PartnershipForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    owner = UserChoiceField(label=_("Owner"), queryset=None, required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput)
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionItem.Status.choices, initial=ActionItem.Status.OPEN
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None, required=False)
    decision = forms.ModelChoiceField(label=_("Decision"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = member_users(partnership=self.partnership)
        self.fields["owner"].error_messages["invalid_choice"] = _(
            "The owner must be a member of the partnership."
        )
        self.fields["meeting"].queryset = Meeting.objects.for_partnership(
            self.partnership
        ).order_by("-starts_at")
        self.fields["decision"].queryset = Decision.objects.for_partnership(
            self.partnership
        ).order_by("-decided_on")


class ActionStatusForm(PartnershipForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
