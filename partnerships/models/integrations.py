"""What partner systems use besides the API itself: webhooks, usage counts, export links."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import TimeStampedModel, UUIDModel
from partnerships.tenancy import TenantModel


@pghistory.track(exclude=["secret", "previous_secret"])
class WebhookEndpoint(TenantModel, UUIDModel):
    """A URL a partnership's leaders subscribed to some events.

    Deliveries are signed with ``secret``; after a rotation the previous secret also
    signs (a second signature) until ``previous_secret_expires_at``, so receivers can
    switch without downtime."""

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = ArrayField(models.CharField(max_length=60), verbose_name=_("events"))
    secret = models.CharField(max_length=80, editable=False)
    previous_secret = models.CharField(max_length=80, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True, editable=False)
    disabled_reason = models.CharField(max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(TenantModel, UUIDModel):
    """One event for one endpoint, with every attempt's outcome. ``sequence`` orders the
    deliveries of one object for one endpoint: a delivery waits for the earlier ones."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField()
    event_type = models.CharField(max_length=60)
    object_uuid = models.UUIDField()
    sequence = models.PositiveBigIntegerField()
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    redelivery_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"],
                condition=models.Q(redelivery_of__isnull=True),
                name="webhook_one_delivery_per_event",
            ),
        ]
        indexes = [
            models.Index(fields=["endpoint", "object_uuid", "sequence"], name="webhook_order_idx"),
            models.Index(fields=["status", "next_attempt_at"], name="webhook_due_idx"),
        ]


class AllowedWebhookHost(TimeStampedModel):
    """A private, loopback or link-local host that hub staff allow webhooks to reach."""

    host = models.CharField(_("host or IP address"), max_length=255, unique=True)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("allowed webhook host")
        verbose_name_plural = _("allowed webhook hosts")
        ordering = ["host"]

    def __str__(self) -> str:
        return self.host


class ApiKeyDailyUsage(TenantModel):
    """Requests and errors (status ≥ 400) of one API key on one day (UTC)."""

    api_key = models.ForeignKey(
        "partnerships.ApiKey", on_delete=models.CASCADE, related_name="daily_usage"
    )
    day = models.DateField()
    requests = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("API key usage")
        verbose_name_plural = _("API key usage")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["api_key", "day"], name="api_key_usage_per_day"),
        ]


@pghistory.track(exclude=["token_hash"])
class ExportLink(TenantModel, UUIDModel):
    """A tokenised, revocable read-only link to a CSV or JSON dataset, for spreadsheets and
    BI tools. It sees what its creator may see, checked on every request."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"

    name = models.CharField(_("name"), max_length=120)
    dataset = models.CharField(_("data"), max_length=60)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    token_prefix = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_links"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("export link")
        verbose_name_plural = _("export links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
