"""Forms for stories and the knowledge library. File fields are plain ``FileField``s:
the services check size and type before anything reads the content."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hub.forms import ApplicationErrorFormMixin
from landscapes.models import Landscape
from landscapes.models_content import Resource, Story
from partnerships.models import Partnership

IMAGE_ACCEPT = "image/png,image/jpeg,image/webp"


class StoryForm(ApplicationErrorFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences shown in the story list and the feeds."),
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Leave a blank line between paragraphs. Basic HTML is kept (headings, lists, "
            "bold, italics, quotes, links); anything else is removed."
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    landscapes = forms.ModelMultipleChoiceField(
        label=_("Landscapes"),
        queryset=Landscape.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("PNG, JPEG or WebP, at most 5 MB."),
    )
    image_alt = forms.CharField(
        label=_("Image description (alt text)"),
        max_length=250,
        required=False,
        help_text=_("Required with an image: what the image shows, for people who cannot see it."),
    )
    image_caption = forms.CharField(label=_("Caption or credit"), max_length=250, required=False)

    def __init__(self, *args, landscapes=None, story: Story | None = None, many=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.story = story
        self.fields["landscapes"].queryset = (
            landscapes if landscapes is not None else Landscape.objects.none()
        )
        if many:
            # Hub staff choose among every landscape: a compact multi-select.
            self.fields["landscapes"].widget = forms.SelectMultiple(attrs={"size": 8})
        if story is not None and story.image:
            self.fields["image"].widget = forms.FileInput(attrs={"accept": IMAGE_ACCEPT})
            self.fields["remove_image"] = forms.BooleanField(
                label=_("Remove the current image"), required=False
            )

    def clean(self):
        data = super().clean()
        has_image = bool(data.get("image")) or bool(
            self.story and self.story.image and not data.get("remove_image")
        )
        if has_image and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return data


class ReturnStoryForm(ApplicationErrorFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What should the authors change?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ResourceForm(ApplicationErrorFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Resource.Kind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    url = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Give a link or upload a file."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, office documents, CSV, JSON/GeoJSON, ZIP or images, at most 10 MB."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate tags with commas, e.g. soil, water, gender."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    landscapes = forms.ModelMultipleChoiceField(
        label=_("Landscapes"),
        queryset=Landscape.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args,
        landscapes=None,
        partnerships=None,
        resource: Resource | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.resource = resource
        if landscapes is None:
            # Hub staff choose from every landscape: a searchable multi-select.
            self.fields["landscapes"].widget = forms.SelectMultiple(attrs={"size": 6})
            self.fields["landscapes"].queryset = Landscape.objects.select_related(
                "partnership"
            ).order_by("name")
        else:
            self.fields["landscapes"].queryset = landscapes
        if partnerships is not None:
            self.fields["partnerships"] = forms.ModelMultipleChoiceField(
                label=_("Partnerships"),
                queryset=partnerships,
                required=False,
                widget=forms.SelectMultiple(attrs={"size": 6}),
            )
        if resource is not None and resource.file:
            self.fields["remove_file"] = forms.BooleanField(
                label=_("Remove the current file"), required=False
            )

    def clean(self):
        data = super().clean()
        has_file = bool(data.get("file")) or bool(
            self.resource and self.resource.file and not data.get("remove_file")
        )
        if "url" in data and "file" in data:
            if data.get("url") and has_file:
                self.add_error("url", _("Give either a file or a link, not both."))
            elif not data.get("url") and not has_file:
                self.add_error("file", _("Upload a file or give a link."))
        return data


class DeclineResourceForm(ApplicationErrorFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is it declined?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The proposer sees this."),
    )


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All")), *Resource.Kind.choices]
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=40)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *settings.LANGUAGES]
    )


def partnership_choices():
    return Partnership.objects.order_by("name")
