from django import forms

from hub.notifications.kinds import KINDS


class EmailPreferencesForm(forms.Form):
    """One "send me email" checkbox per notification kind."""

    def __init__(self, *args, initial_by_kind: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for key, kind in KINDS.items():
            self.fields[key] = forms.BooleanField(
                label=kind.label,
                help_text=kind.description,
                required=False,
                initial=initial_by_kind.get(key, True),
            )

    def email_by_kind(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data.get(key)) for key in KINDS}
