import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import TimeStampedModel, UUIDModel, in_language
from partnerships.tenancy import TenantModel


class ProcessStage(TimeStampedModel):
    """A stage of the integrated landscape management process, configured by hub staff
    for all partnerships (global)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_pt = models.TextField(_("description (Portuguese)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("process stage")
        verbose_name_plural = _("process stages")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_language(self, "name", english="name")

    @property
    def description_text(self) -> str:
        return in_language(self, "description", english="description")


@pghistory.track()
class StageProgress(TenantModel, UUIDModel):
    """Where a partnership stands on one stage, with its evidence."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    stage = models.ForeignKey(ProcessStage, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("stage progress")
        verbose_name_plural = _("stage progress")
        ordering = ["stage__order"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "stage"], name="stage_progress_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.get_status_display()}"


@pghistory.track()
class StageEvidence(TenantModel, UUIDModel):
    progress = models.ForeignKey(StageProgress, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="process/evidence/%Y/", blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
