"""Writes to the partnership's own profile (the tenant row), shared by the settings
pages, the workspace's inline edits and the API."""

from __future__ import annotations

import re

import nh3
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from hub.models import User
from hub.services import ApplicationError
from partnerships.models import Partnership
from partnerships.roles import PartnershipPerm

# What leaders may change. Never the slug, the approval or who proposed it: those are
# set by hub staff and services only.
EDITABLE_FIELDS = frozenset(
    {
        "name",
        "short_description",
        "description",
        "shared_vision",
        "year_established",
        "status",
        "visibility",
        "join_policy",
        "contact_email",
        "website",
        "countries",
        "working_languages",
        "logo",
    }
)

RICH_TEXT_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "a",
    "h2", "h3", "h4", "blockquote",
}  # fmt: skip
_HAS_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_BLANK_LINE = re.compile(r"\n\s*\n")

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 25_000_000
LOGO_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}


def rich_text_clean(text: str) -> str:
    """Basic HTML keeps paragraphs, headings, lists, emphasis and safe links; plain
    text becomes paragraphs (a blank line starts a new one)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if text and not _HAS_TAG.search(text):
        text = "".join(
            "<p>{}</p>".format(escape(part.strip()).replace("\n", "<br>"))
            for part in _BLANK_LINE.split(text)
            if part.strip()
        )
    return nh3.clean(
        text,
        tags=RICH_TEXT_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def logo_check(file: UploadedFile) -> str:
    """Refuse a logo by its size, then by its content as Pillow identifies it from the
    header (PNG, JPEG or WebP; the file name and declared type are not trusted),
    before the image is read any further. Returns the extension for that content."""
    if file.size is None or file.size > LOGO_MAX_BYTES:
        raise ApplicationError(_("The logo must be at most 2 MB."), field="logo")
    file.seek(0)
    try:
        with Image.open(file, formats=list(LOGO_FORMATS)) as image:
            image_format = image.format
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise ApplicationError(_("The logo has too many pixels."), field="logo")
            image.verify()
    except UnidentifiedImageError:
        raise ApplicationError(
            _("The logo must be a PNG, JPEG or WebP image."), field="logo"
        ) from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ApplicationError(_("This file is not a readable image."), field="logo") from None
    finally:
        file.seek(0)
    return LOGO_FORMATS[image_format]


@transaction.atomic
def partnership_update(*, partnership: Partnership, actor: User, **fields) -> Partnership:
    """Change the profile fields given. A field outside EDITABLE_FIELDS is refused and
    nothing changes; values the model does not accept raise ValidationError.
    ``logo``: an uploaded image, or None to remove the logo."""
    refused = sorted(set(fields) - EDITABLE_FIELDS)
    if refused:
        raise ApplicationError(_("This field cannot be changed."), field=refused[0])
    if not actor.has_perm(PartnershipPerm.CHANGE, partnership):
        raise PermissionDenied
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if "description" in fields:
        fields["description"] = rich_text_clean(fields["description"])
    logo = fields.pop("logo", False)
    old_logo = partnership.logo.name if partnership.logo else ""
    for name, value in fields.items():
        setattr(partnership, name, value)
    update_fields = list(fields)
    if logo is None:
        partnership.logo = ""
        update_fields.append("logo")
    elif logo is not False:
        extension = logo_check(logo)
        partnership.logo.save(f"{partnership.slug}{extension}", logo, save=False)
        update_fields.append("logo")
    partnership.full_clean()
    if update_fields:
        partnership.save(update_fields=[*update_fields, "updated_at"])
    if "logo" in update_fields and old_logo:
        storage = partnership.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return partnership
