"""Writes for stories and the knowledge library.

Who may do what (docs/adr/0012-stories-and-library.md):

- Stories: members with ``PartnershipPerm.EDIT_CONTENT`` write their partnership's
  stories and submit them for review; hub staff publish them or return them with a
  note. Hub staff also write hub stories and publish them directly.
- Library: hub staff publish resources directly; members with EDIT_CONTENT propose a
  resource for their partnership, and hub staff approve or decline it. The proposer is
  notified of the decision.

Uploads are checked for size and type before anything reads them; rich text goes
through nh3. Every write is atomic: a refusal leaves nothing saved.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from hub.models import User
from hub.notifications import kinds
from hub.notifications.services import notify
from hub.services import ApplicationError
from landscapes.models import Landscape
from landscapes.models_content import Resource, Story
from partnerships.models import Partnership
from partnerships.roles import PartnershipPerm
from partnerships.services.governance import DOCUMENT_TYPES, upload_check
from partnerships.services.profile import rich_text_clean

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}

LIBRARY_FILE_TYPES: dict[str, set[str]] = {
    **DOCUMENT_TYPES,
    ".zip": {"application/zip", "application/x-zip-compressed"},
    ".json": {"application/json"},
    ".geojson": {"application/geo+json", "application/json"},
}
MAX_TAGS = 10
TAG_MAX_LENGTH = 40


# ---------------------------------------------------------------- checks and helpers


def story_image_check(file: UploadedFile) -> str:
    """Refuse an image by its size, then by its content as Pillow identifies it from
    the header (the name and declared type are not trusted), before it is decoded.
    Returns the extension for that content."""
    if file.size is None or file.size > IMAGE_MAX_BYTES:
        raise ApplicationError(_("The image must be at most 5 MB."), field="image")
    file.seek(0)
    try:
        with Image.open(file, formats=list(IMAGE_FORMATS)) as image:
            image_format = image.format
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise ApplicationError(_("The image has too many pixels."), field="image")
            image.verify()
    except UnidentifiedImageError:
        raise ApplicationError(
            _("The image must be a PNG, JPEG or WebP file."), field="image"
        ) from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ApplicationError(_("This file is not a readable image."), field="image") from None
    finally:
        file.seek(0)
    return IMAGE_FORMATS[image_format]


def story_body_clean(text: str) -> str:
    """Paragraphs, headings, lists, emphasis, quotes and safe links; no scripts,
    event handlers, styles or embedded media."""
    return rich_text_clean(text)


def tags_normalize(tags: Iterable[str] | str) -> list[str]:
    """Lower-case, trimmed, unique tags in the order given ("Soil, water" → two tags)."""
    if isinstance(tags, str):
        tags = tags.split(",")
    result: list[str] = []
    for tag in tags:
        tag = re.sub(r"\s+", " ", (tag or "").strip().lower())
        if not tag:
            continue
        if len(tag) > TAG_MAX_LENGTH:
            raise ApplicationError(
                _("A tag may be at most %(n)d characters long.") % {"n": TAG_MAX_LENGTH},
                field="tags",
            )
        if tag not in result:
            result.append(tag)
    if len(result) > MAX_TAGS:
        raise ApplicationError(_("Give at most %(n)d tags.") % {"n": MAX_TAGS}, field="tags")
    return result


def _require_staff(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied


def _require_edit_content(actor: User, partnership: Partnership) -> None:
    if not actor.has_perm(PartnershipPerm.EDIT_CONTENT, partnership):
        raise PermissionDenied


def _can_edit_story(actor: User, story: Story) -> bool:
    if actor.is_staff:
        return True
    return story.partnership_id is not None and actor.has_perm(
        PartnershipPerm.EDIT_CONTENT, story.partnership
    )


def _check_landscapes(
    partnership: Partnership | None, landscapes: Iterable[Landscape]
) -> list[Landscape]:
    """A partnership links its own landscapes; hub staff may link any landscape."""
    landscapes = list(landscapes or [])
    if partnership is not None:
        foreign = [ls for ls in landscapes if ls.partnership_id != partnership.pk]
        if foreign:
            raise ApplicationError(
                _("Choose landscapes of this partnership only."), field="landscapes"
            )
    return landscapes


def _staff_users() -> list[User]:
    return list(User.objects.filter(is_staff=True, is_active=True))


# ---------------------------------------------------------------------------- stories

STORY_FIELDS = {"title", "summary", "body", "language", "image_alt", "image_caption"}


@transaction.atomic
def story_create(
    *,
    actor: User,
    partnership: Partnership | None,
    title: str,
    summary: str,
    body: str,
    language: str = "en",
    landscapes: Iterable[Landscape] = (),
    image: UploadedFile | None = None,
    image_alt: str = "",
    image_caption: str = "",
) -> Story:
    """A new draft: a partnership's (EDIT_CONTENT) or, with ``partnership=None``, the
    hub's (staff only)."""
    if partnership is None:
        _require_staff(actor)
    else:
        _require_edit_content(actor, partnership)
    landscapes = _check_landscapes(partnership, landscapes)
    extension = story_image_check(image) if image else None
    story = Story(
        partnership=partnership,
        title=title.strip(),
        summary=summary.strip(),
        body=story_body_clean(body),
        language=language,
        image_alt=image_alt.strip(),
        image_caption=image_caption.strip(),
        author=actor,
    )
    if image:
        story.image.name = f"pending{extension}"  # lets clean() see an image is coming
    if not story.body:
        raise ApplicationError(_("Write the text of the story."), field="body")
    story.full_clean(exclude=["image"])
    if image:
        story.image.save(f"{story.uuid}{extension}", image, save=False)
    story.save()
    story.landscapes.set(landscapes)
    return story


@transaction.atomic
def story_update(
    *,
    story: Story,
    actor: User,
    landscapes: Iterable[Landscape] | None = None,
    image: UploadedFile | bool | None = False,
    **fields,
) -> Story:
    """Change the fields given. Partnership members edit drafts only; hub staff edit
    any story. ``image``: a new upload, None to remove it, False to keep it."""
    refused = sorted(set(fields) - STORY_FIELDS)
    if refused:
        raise ApplicationError(_("This field cannot be changed."), field=refused[0])
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not _can_edit_story(actor, story):
        raise PermissionDenied
    if not actor.is_staff and story.status != Story.Status.DRAFT:
        raise ApplicationError(
            _("Only drafts can be edited. Ask hub staff to return the story to you first.")
        )
    if "body" in fields:
        fields["body"] = story_body_clean(fields["body"])
        if not fields["body"]:
            raise ApplicationError(_("Write the text of the story."), field="body")
    for name, value in fields.items():
        setattr(story, name, value.strip() if isinstance(value, str) else value)
    if landscapes is not None:
        landscapes = _check_landscapes(story.partnership, landscapes)
    extension = None
    old_image = story.image.name if image is not False else ""
    if image is None:
        story.image = ""
    elif image is not False:
        extension = story_image_check(image)
        story.image.name = f"pending{extension}"
    story.full_clean(exclude=["image"])
    if extension:
        story.image.save(f"{story.uuid}{extension}", image, save=False)
    story.save()
    if landscapes is not None:
        story.landscapes.set(landscapes)
    if old_image and old_image != story.image.name:
        storage = Story._meta.get_field("image").storage
        transaction.on_commit(lambda: storage.delete(old_image))
    return story


def _story_workspace_url(story: Story) -> str:
    if story.partnership_id is None:
        return reverse("stories:review")
    return reverse("content:story-detail", args=[story.partnership.slug, story.uuid])


@transaction.atomic
def story_submit(*, story: Story, actor: User) -> Story:
    """A partnership's draft goes to hub staff for review."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.partnership_id is None:
        raise ApplicationError(_("Hub stories are published directly."))
    _require_edit_content(actor, story.partnership)
    if story.status != Story.Status.DRAFT:
        raise ApplicationError(_("Only drafts can be submitted for review."))
    story.status = Story.Status.IN_REVIEW
    story.submitted_at = timezone.now()
    story.full_clean(exclude=["image"])
    story.save(update_fields=["status", "submitted_at", "updated_at"])
    notify(
        recipients=_staff_users(),
        kind=kinds.CONTENT,
        title=gettext_lazy("A story is waiting for review"),
        body=story.title,
        url=reverse("stories:review"),
        dedup_key=f"story-submitted:{story.uuid}:{story.submitted_at.isoformat()}",
    )
    return story


@transaction.atomic
def story_publish(*, story: Story, actor: User) -> Story:
    """Hub staff publish a story in review, or a hub story from its draft."""
    _require_staff(actor)
    story = Story.objects.select_for_update().get(pk=story.pk)
    allowed = {Story.Status.IN_REVIEW}
    if story.partnership_id is None:
        allowed.add(Story.Status.DRAFT)
    if story.status not in allowed:
        raise ApplicationError(_("This story cannot be published from its current state."))
    story.status = Story.Status.PUBLISHED
    story.published_at = timezone.now()
    story.published_by = actor
    story.review_note = ""
    story.full_clean(exclude=["image"])
    story.save(
        update_fields=["status", "published_at", "published_by", "review_note", "updated_at"]
    )
    if story.author_id and story.author_id != actor.pk:
        notify(
            recipients=[story.author],
            kind=kinds.CONTENT,
            title=gettext_lazy("Your story is published"),
            body=story.title,
            url=reverse("stories:detail", args=[story.uuid]),
            dedup_key=f"story-published:{story.uuid}:{story.published_at.isoformat()}",
        )
    return story


@transaction.atomic
def story_return(*, story: Story, actor: User, note: str) -> Story:
    """Hub staff send a story in review back to its authors as a draft, with a note."""
    _require_staff(actor)
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.status != Story.Status.IN_REVIEW:
        raise ApplicationError(_("Only stories in review can be returned."))
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("Tell the authors what to change."), field="note")
    story.status = Story.Status.DRAFT
    story.review_note = note
    story.full_clean(exclude=["image"])
    story.save(update_fields=["status", "review_note", "updated_at"])
    if story.author_id:
        notify(
            recipients=[story.author],
            kind=kinds.CONTENT,
            title=gettext_lazy("Your story was returned with comments"),
            body=note,
            url=_story_workspace_url(story),
            dedup_key=f"story-returned:{story.uuid}:{story.updated_at.isoformat()}",
        )
    return story


@transaction.atomic
def story_unpublish(*, story: Story, actor: User) -> Story:
    """Hub staff take a published story off the public pages (back to draft)."""
    _require_staff(actor)
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.status != Story.Status.PUBLISHED:
        raise ApplicationError(_("Only published stories can be unpublished."))
    story.status = Story.Status.DRAFT
    story.published_at = None
    story.published_by = None
    story.full_clean(exclude=["image"])
    story.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return story


@transaction.atomic
def story_delete(*, story: Story, actor: User) -> None:
    """Members delete their partnership's unpublished stories; hub staff any story."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not _can_edit_story(actor, story):
        raise PermissionDenied
    if not actor.is_staff and story.status == Story.Status.PUBLISHED:
        raise ApplicationError(_("A published story can only be removed by hub staff."))
    image = story.image.name
    story.delete()
    if image:
        storage = Story._meta.get_field("image").storage
        transaction.on_commit(lambda: storage.delete(image))


# ---------------------------------------------------------------------------- library


def _resource_file_check(file: UploadedFile) -> None:
    upload_check(file, field="file", allowed=LIBRARY_FILE_TYPES)


def _resource_build(
    resource: Resource,
    *,
    title: str,
    description: str,
    kind: str,
    url: str,
    file: UploadedFile | None,
    tags,
    languages: Iterable[str],
) -> None:
    if file:
        _resource_file_check(file)
    resource.title = title.strip()
    resource.description = (description or "").strip()
    resource.kind = kind
    resource.url = (url or "").strip()
    resource.tags = tags_normalize(tags)
    resource.languages = list(dict.fromkeys(languages or []))
    if file:
        resource.file.name = os.path.basename(file.name)  # validated below, stored on save


def _resource_save(resource: Resource, file: UploadedFile | None) -> None:
    resource.full_clean(exclude=["file"] if file else None)
    if file:
        name = os.path.basename(file.name or "file")
        resource.file.save(name, file, save=False)
    resource.save()


@transaction.atomic
def resource_create(
    *,
    actor: User,
    title: str,
    kind: str,
    description: str = "",
    url: str = "",
    file: UploadedFile | None = None,
    tags: Iterable[str] | str = (),
    languages: Iterable[str] = (),
    partnerships: Iterable[Partnership] = (),
    landscapes: Iterable[Landscape] = (),
) -> Resource:
    """Hub staff publish a resource directly."""
    _require_staff(actor)
    now = timezone.now()
    resource = Resource(
        status=Resource.Status.PUBLISHED,
        proposed_by=actor,
        decided_by=actor,
        decided_at=now,
        published_at=now,
    )
    _resource_build(
        resource,
        title=title,
        description=description,
        kind=kind,
        url=url,
        file=file,
        tags=tags,
        languages=languages,
    )
    _resource_save(resource, file)
    resource.partnerships.set(list(partnerships))
    resource.landscapes.set(list(landscapes))
    return resource


@transaction.atomic
def resource_update(
    *,
    resource: Resource,
    actor: User,
    title: str,
    kind: str,
    description: str = "",
    url: str = "",
    file: UploadedFile | None = None,
    keep_file: bool = True,
    tags: Iterable[str] | str = (),
    languages: Iterable[str] = (),
    partnerships: Iterable[Partnership] | None = None,
    landscapes: Iterable[Landscape] | None = None,
) -> Resource:
    """Hub staff edit any resource. A new ``file`` replaces the old one; with
    ``keep_file=False`` and no new file, the file is removed (a link is then needed)."""
    _require_staff(actor)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if not file and not keep_file:
        resource.file = ""
    _resource_build(
        resource,
        title=title,
        description=description,
        kind=kind,
        url=url,
        file=file,
        tags=tags,
        languages=languages,
    )
    _resource_save(resource, file)
    if partnerships is not None:
        resource.partnerships.set(list(partnerships))
    if landscapes is not None:
        resource.landscapes.set(list(landscapes))
    return resource


@transaction.atomic
def resource_propose(
    *,
    actor: User,
    partnership: Partnership,
    title: str,
    kind: str,
    description: str = "",
    url: str = "",
    file: UploadedFile | None = None,
    tags: Iterable[str] | str = (),
    languages: Iterable[str] = (),
    landscapes: Iterable[Landscape] = (),
) -> Resource:
    """A partnership proposes a resource; hub staff decide on it."""
    _require_edit_content(actor, partnership)
    landscapes = _check_landscapes(partnership, landscapes)
    resource = Resource(status=Resource.Status.PROPOSED, partnership=partnership, proposed_by=actor)
    _resource_build(
        resource,
        title=title,
        description=description,
        kind=kind,
        url=url,
        file=file,
        tags=tags,
        languages=languages,
    )
    _resource_save(resource, file)
    resource.partnerships.set([partnership])
    resource.landscapes.set(landscapes)
    notify(
        recipients=_staff_users(),
        kind=kinds.CONTENT,
        title=gettext_lazy("A resource was proposed for the library"),
        body=resource.title,
        url=reverse("library:review"),
        dedup_key=f"resource-proposed:{resource.uuid}",
    )
    return resource


def _notify_proposer(resource: Resource, title, body: str, event: str) -> None:
    if resource.proposed_by_id is None or resource.proposed_by_id == resource.decided_by_id:
        return
    url = (
        reverse("library:detail", args=[resource.uuid])
        if resource.status == Resource.Status.PUBLISHED
        else reverse("content:resource-list", args=[resource.partnership.slug])
        if resource.partnership_id
        else ""
    )
    notify(
        recipients=[resource.proposed_by],
        kind=kinds.CONTENT,
        title=title,
        body=body,
        url=url,
        dedup_key=f"resource-{event}:{resource.uuid}:{resource.decided_at.isoformat()}",
    )


@transaction.atomic
def resource_approve(*, resource: Resource, actor: User) -> Resource:
    _require_staff(actor)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.status != Resource.Status.PROPOSED:
        raise ApplicationError(_("Only proposed resources can be approved."))
    now = timezone.now()
    resource.status = Resource.Status.PUBLISHED
    resource.decided_by, resource.decided_at, resource.published_at = actor, now, now
    resource.decline_reason = ""
    resource.full_clean()
    resource.save()
    _notify_proposer(
        resource,
        gettext_lazy("Your resource is published in the library"),
        resource.title,
        "approved",
    )
    return resource


@transaction.atomic
def resource_decline(*, resource: Resource, actor: User, reason: str) -> Resource:
    _require_staff(actor)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.status != Resource.Status.PROPOSED:
        raise ApplicationError(_("Only proposed resources can be declined."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the resource is declined."), field="reason")
    resource.status = Resource.Status.DECLINED
    resource.decided_by, resource.decided_at = actor, timezone.now()
    resource.decline_reason = reason
    resource.full_clean()
    resource.save()
    _notify_proposer(
        resource,
        gettext_lazy("Your proposed resource was declined"),
        f"{resource.title}: {reason}",
        "declined",
    )
    return resource


@transaction.atomic
def resource_withdraw(*, resource: Resource, actor: User) -> None:
    """A partnership withdraws its proposal before hub staff decide on it."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.partnership_id is None:
        raise PermissionDenied
    _require_edit_content(actor, resource.partnership)
    if resource.status != Resource.Status.PROPOSED:
        raise ApplicationError(_("Only proposals still waiting for a decision can be withdrawn."))
    _resource_delete(resource)


@transaction.atomic
def resource_delete(*, resource: Resource, actor: User) -> None:
    _require_staff(actor)
    _resource_delete(Resource.objects.select_for_update().get(pk=resource.pk))


def _resource_delete(resource: Resource) -> None:
    name = resource.file.name
    resource.delete()
    if name:
        storage = Resource._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(name))
