import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import UUIDModel


@pghistory.track()
class LearningResource(UUIDModel):
    """A document or link in the hub's learning library."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        LINK = "link", _("Link")

    class Format(models.TextChoices):
        GUIDE = "guide", _("Guide")
        TOOLKIT = "toolkit", _("Toolkit")
        CASE_STUDY = "case_study", _("Case study")
        VIDEO = "video", _("Video")
        COURSE = "course", _("Online course")
        SLIDES = "slides", _("Slides")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("document"), upload_to="capacity/resources/", blank=True)
    competencies = models.ManyToManyField(
        "capacity.Competency", blank=True, related_name="resources", verbose_name=_("competencies")
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("learning resource")
        verbose_name_plural = _("learning resources")
        ordering = ["title"]
        indexes = [
            GinIndex(
                SearchVector("title", "description", config="simple"),
                name="learning_resource_search_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.kind == self.Kind.LINK and not self.url:
            raise ValidationError({"url": _("A link needs its address.")})
        if self.kind == self.Kind.DOCUMENT and not self.file:
            raise ValidationError({"file": _("A document needs its file.")})
