"""A partnership's results framework: a tree of results (goal → outcomes → outputs)."""

from __future__ import annotations

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import UUIDModel
from partnerships.tenancy import TenantModel

MAX_LEVELS = 6


def default_level_names() -> list[str]:
    return ["Goal", "Outcome", "Output"]


@pghistory.track()
class Framework(TenantModel, UUIDModel):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    level_names = ArrayField(
        models.CharField(max_length=60),
        verbose_name=_("level names"),
        default=default_level_names,
        help_text=_("From the top of the tree down, e.g. Goal, Outcome, Output (at most six)."),
    )
    start_date = models.DateField(_("start of the partnership period"), null=True, blank=True)
    end_date = models.DateField(_("end of the partnership period"), null=True, blank=True)

    class Meta:
        verbose_name = _("results framework")
        verbose_name_plural = _("results frameworks")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="mel_framework_name_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="mel_framework_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        names = [name.strip() for name in self.level_names or []]
        if not 1 <= len(names) <= MAX_LEVELS:
            raise ValidationError({"level_names": _("Name between one and six levels.")})
        if any(not name for name in names):
            raise ValidationError({"level_names": _("A level name cannot be empty.")})
        self.level_names = names

    def level_name(self, depth: int) -> str:
        if 0 <= depth < len(self.level_names):
            return self.level_names[depth]
        return str(_("Level %(number)s") % {"number": depth + 1})


@pghistory.track()
class Result(TenantModel, UUIDModel):
    """A node of the framework; ``depth`` (0 = top) is kept by the services."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="results")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(_("level"), default=0, editable=False)
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    landscape = models.ForeignKey(
        "landscapes.Landscape",
        verbose_name=_("landscape"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mel_results",
    )
    landscape_goals = models.ManyToManyField(
        "landscapes.LandscapeGoal",
        verbose_name=_("landscape goals"),
        blank=True,
        related_name="mel_results",
    )

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["framework", "depth", "position", "pk"]
        indexes = [models.Index(fields=["framework", "parent", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(depth__lt=MAX_LEVELS), name="mel_result_depth_at_most_6"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def level_name(self) -> str:
        return self.framework.level_name(self.depth)
