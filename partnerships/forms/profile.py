import re
from html import unescape

from django import forms
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hub.services import ApplicationError
from partnerships.forms import PartnershipForm
from partnerships.models import Partnership
from partnerships.services.profile import logo_check

# Languages partnerships work in that Django's own table does not name.
EXTRA_LANGUAGES = {
    "am": _("Amharic"),
    "ay": _("Aymara"),
    "bm": _("Bambara"),
    "dyu": _("Dioula"),
    "ff": _("Fula"),
    "fil": _("Filipino"),
    "gn": _("Guarani"),
    "ha": _("Hausa"),
    "ht": _("Haitian Creole"),
    "ki": _("Kikuyu"),
    "kln": _("Kalenjin"),
    "lg": _("Luganda"),
    "ln": _("Lingala"),
    "lo": _("Lao"),
    "luo": _("Dholuo"),
    "mas": _("Maasai"),
    "mg": _("Malagasy"),
    "mos": _("Mooré"),
    "ny": _("Chichewa"),
    "om": _("Oromo"),
    "ps": _("Pashto"),
    "qu": _("Quechua"),
    "rw": _("Kinyarwanda"),
    "si": _("Sinhala"),
    "sn": _("Shona"),
    "so": _("Somali"),
    "ti": _("Tigrinya"),
    "wo": _("Wolof"),
    "xh": _("Xhosa"),
    "yo": _("Yoruba"),
    "zh": _("Chinese"),
    "zu": _("Zulu"),
}


def language_name(code: str) -> str:
    """The language's name in the current language; the code itself when unknown."""
    if code in EXTRA_LANGUAGES:
        return str(EXTRA_LANGUAGES[code])
    if code in LANG_INFO and "name" in LANG_INFO[code]:
        return get_language_info(code)["name_translated"]
    return code


_TAG = re.compile(r"</?([a-zA-Z0-9]+)[^>]*>")


def description_for_editing(html: str) -> str:
    """Stored descriptions made only of paragraphs and line breaks are edited as plain
    text (a blank line between paragraphs); richer HTML is edited as it is."""
    if not html or {t.lower() for t in _TAG.findall(html)} - {"p", "br"}:
        return html or ""
    text = re.sub(r"</p>\s*<p[^>]*>", "\n\n", html.strip())
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = _TAG.sub("", text)
    return unescape(text).strip()


def chosen_first(choices, chosen) -> list[tuple[str, str]]:
    """Put the chosen options at the top of a long list, so they are seen at once."""
    chosen = [str(c) for c in chosen or []]
    first = [c for c in choices if c[0] in chosen]
    return first + [c for c in choices if c[0] not in chosen]


def working_language_choices() -> list[tuple[str, str]]:
    codes = {c for c, info in LANG_INFO.items() if "-" not in c and "name" in info}
    codes |= set(EXTRA_LANGUAGES)
    return sorted(((c, language_name(c)) for c in codes), key=lambda item: item[1].casefold())


RICH_TEXT_HELP = _(
    "Write plain text (a blank line starts a new paragraph) or basic HTML: paragraphs, "
    "headings, lists, bold, italics and links are kept; everything else is removed."
)


class PartnershipProfileForm(PartnershipForm):
    """The profile fields leaders may change. Slug, approval and who proposed the
    partnership are not fields here, so posting them changes nothing."""

    name = forms.CharField(label=_("Name"), max_length=200)
    short_description = forms.CharField(
        label=_("Short description"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
        help_text=_("One or two sentences, shown in lists and at the top of the profile."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=RICH_TEXT_HELP,
    )
    shared_vision = forms.CharField(
        label=_("Shared vision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The future the partners work towards together."),
    )
    year_established = forms.IntegerField(
        label=_("Year established"), required=False, min_value=1900, max_value=2100
    )
    status = forms.ChoiceField(label=_("Status"), choices=Partnership.Status.choices)
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Partnership.Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "A public partnership has a profile anyone can read; a private one is seen "
            "by its members only."
        ),
    )
    join_policy = forms.ChoiceField(
        label=_("Who can join"), choices=Partnership.JoinPolicy.choices, widget=forms.RadioSelect
    )
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("On a computer, hold Ctrl (or ⌘) to choose more than one."),
    )
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        required=False,
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("On a computer, hold Ctrl (or ⌘) to choose more than one."),
    )
    logo = forms.FileField(
        label=_("Upload a new logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        help_text=_("PNG, JPEG or WebP, at most 2 MB. A square image looks best."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        p = self.partnership
        self.fields["countries"].choices = chosen_first(
            list(countries), [c.code for c in p.countries]
        )
        self.fields["working_languages"].choices = chosen_first(
            working_language_choices(), p.working_languages
        )
        if not self.is_bound:
            self.initial = {
                "name": p.name,
                "short_description": p.short_description,
                "description": description_for_editing(p.description),
                "shared_vision": p.shared_vision,
                "year_established": p.year_established,
                "status": p.status,
                "visibility": p.visibility,
                "join_policy": p.join_policy,
                "contact_email": p.contact_email,
                "website": p.website,
                "countries": [c.code for c in p.countries],
                "working_languages": list(p.working_languages or []),
                **self.initial,
            }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            try:
                logo_check(logo)
            except ApplicationError as error:
                raise forms.ValidationError(error.message) from None
        return logo

    def add_validation_error(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)

    def changes(self) -> dict:
        """Only the fields whose value changed, ready for ``partnership_update``."""
        changed = {}
        for name in self.changed_data:
            if name in ("logo", "remove_logo"):
                continue
            changed[name] = self.cleaned_data.get(name)
        upload = self.cleaned_data.get("logo")
        if isinstance(upload, UploadedFile):
            changed["logo"] = upload
        elif self.cleaned_data.get("remove_logo") and self.partnership.logo:
            changed["logo"] = None
        return changed


class ShortDescriptionForm(PartnershipForm):
    short_description = forms.CharField(
        label=_("Short description"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
    )
