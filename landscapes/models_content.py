"""Stories and the knowledge library: content written by partnerships or by hub staff,
linked to partnerships and their landscapes, and shown to the public once published.

Neither is owned by exactly one partnership (hub staff write stories and publish
resources of their own; a resource may be about several partnerships), so both are
global models with an optional ``partnership`` (the author or proposer) and are read
through ``landscapes.selectors_content``. See docs/adr/0012-stories-and-library.md.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import UUIDModel
from hub.search.postgres import search_document_field

# Global search (landscapes/search.py) and its GIN indexes. A story is searched in its
# own language; a resource's ``languages`` say what it is available in, not what its
# description is written in, so it is searched in every language.
STORY_SEARCH_FIELDS = (("title", "A"), ("summary", "B"), ("body", "C"))
RESOURCE_SEARCH_FIELDS = (("title", "A"), ("description", "B"))


def _public_partnership_q(prefix: str = "partnership") -> models.Q:
    from partnerships.models import Partnership

    return models.Q(**{f"{prefix}__isnull": True}) | models.Q(
        **{
            f"{prefix}__visibility": Partnership.Visibility.PUBLIC,
            f"{prefix}__approval": Partnership.Approval.APPROVED,
        }
    )


class StoryQuerySet(models.QuerySet):
    def for_partnership(self, partnership) -> StoryQuerySet:
        return self.filter(partnership=partnership)

    def public(self) -> StoryQuerySet:
        """Published stories of the hub and of public, approved partnerships."""
        return self.filter(_public_partnership_q(), status=Story.Status.PUBLISHED)


@pghistory.track(exclude=["search_document"])
class Story(UUIDModel):
    """A story about a landscape partnership's work, with one lead image."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for stories written by hub staff."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("text"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    image = models.ImageField(_("image"), upload_to="stories/%Y/", blank=True)
    image_alt = models.CharField(_("image description (alt text)"), max_length=250, blank=True)
    image_caption = models.CharField(_("image caption or credit"), max_length=250, blank=True)
    landscapes = models.ManyToManyField(
        "landscapes.Landscape", verbose_name=_("landscapes"), blank=True, related_name="stories"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_note = models.TextField(_("note from the reviewer"), blank=True)
    search_document = search_document_field(STORY_SEARCH_FIELDS, language_field="language")

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="story_status_pub_idx"),
            GinIndex(fields=["search_document"], name="story_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="story_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )

    @property
    def is_public(self) -> bool:
        if self.status != self.Status.PUBLISHED:
            return False
        return self.partnership_id is None or self.partnership.is_public


class ResourceQuerySet(models.QuerySet):
    def for_partnership(self, partnership) -> ResourceQuerySet:
        """Resources this partnership proposed."""
        return self.filter(partnership=partnership)

    def public(self) -> ResourceQuerySet:
        return self.filter(status=Resource.Status.PUBLISHED)


@pghistory.track(exclude=["search_document"])
class Resource(UUIDModel):
    """A guide, case study, tool or dataset of the knowledge library: a file or a link."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        CASE_STUDY = "case_study", _("Case study")
        TOOL = "tool", _("Tool")
        DATASET = "dataset", _("Dataset")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Declined")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="library/%Y/", blank=True)
    tags = ArrayField(
        models.CharField(max_length=40), verbose_name=_("tags"), default=list, blank=True
    )
    languages = ArrayField(
        models.CharField(max_length=8, choices=settings.LANGUAGES),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("proposed by partnership"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for resources published by hub staff."),
    )
    partnerships = models.ManyToManyField(
        "partnerships.Partnership",
        verbose_name=_("partnerships"),
        blank=True,
        related_name="library_resources",
    )
    landscapes = models.ManyToManyField(
        "landscapes.Landscape",
        verbose_name=_("landscapes"),
        blank=True,
        related_name="library_resources",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    search_document = search_document_field(RESOURCE_SEARCH_FIELDS)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("library resource")
        verbose_name_plural = _("library resources")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            GinIndex(
                SearchVector("title", "description", config="simple"),
                name="library_resource_search_idx",
            ),
            GinIndex(fields=["tags"], name="library_resource_tags_idx"),
            models.Index(fields=["status", "-published_at"], name="library_status_pub_idx"),
            GinIndex(fields=["search_document"], name="library_resource_global_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="library_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.url and self.file:
            raise ValidationError({"url": _("Give either a file or a link, not both.")})
        if not self.url and not self.file:
            raise ValidationError({"file": _("Upload a file or give a link.")})
        if self.status == self.Status.DECLINED and not self.decline_reason.strip():
            raise ValidationError({"decline_reason": _("Say why the resource is declined.")})
