"""A bulk import of targets and measurements: the uploaded file and its outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import UUIDModel
from partnerships.tenancy import TenantModel


def import_path(instance: ImportBatch, filename: str) -> str:
    return f"mel/imports/{instance.partnership_id}/{instance.uuid}/{filename}"


class ImportBatch(TenantModel, UUIDModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        FAILED = "failed", _("Refused: see the errors")
        DONE = "done", _("Imported")

    file = models.FileField(_("file"), upload_to=import_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    submit = models.BooleanField(_("submit the values for approval"), default=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    measurement_count = models.PositiveIntegerField(_("measurements written"), default=0)
    target_count = models.PositiveIntegerField(_("targets written"), default=0)
    # [{"row": 3, "column": "value", "message": "..."}, ...] (the first 5,000)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    job = models.ForeignKey(
        "hub.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
