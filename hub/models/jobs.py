from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models.base import UUIDModel


class Job(UUIDModel):
    """User-visible background work: a report, an export, an import, a batch.

    The Celery task named in ``task_name`` receives the job id, reports progress on
    this row and attaches its result file; the UI polls the row.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    # The partnership the work belongs to, when it belongs to one (set by services).
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="jobs",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    task_name = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    result_file = models.FileField(_("result"), upload_to="jobs/%Y/%m/", blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class IdempotencyRecord(models.Model):
    """The first response to an API write sent with an ``Idempotency-Key`` header; a retry
    with the same key (from the same caller) gets it again instead of writing twice."""

    caller = models.CharField(max_length=80)  # "key:<api key uuid>" or "user:<id>"
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    body_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.BinaryField(null=True, blank=True)
    response_headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["caller", "key"], name="idempotency_key_per_caller"),
        ]

    def __str__(self) -> str:
        return f"{self.caller} · {self.key}"
