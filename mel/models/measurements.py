"""Targets, measurements (with their workflow and revisions), evidence and period locks."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import UUIDModel
from mel.models.choices import MeasurementStatus
from mel.models.indicators import Indicator
from partnerships.tenancy import TenantModel


class PeriodRange(models.Model):
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))

    class Meta:
        abstract = True


def statement_trackers() -> tuple:
    return (
        pghistory.InsertEvent(level=pghistory.Statement),
        pghistory.UpdateEvent(level=pghistory.Statement),
        pghistory.DeleteEvent(level=pghistory.Statement),
    )


@pghistory.track(*statement_trackers())
class Target(TenantModel, UUIDModel, PeriodRange):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="mel_target_period_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="mel_target_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_start}: {self.value}"


# Statement-level triggers: a bulk import of 100,000 rows records its history in one
# INSERT … SELECT from the transition table instead of 100,000 trigger calls.
@pghistory.track(*statement_trackers())
class Measurement(TenantModel, UUIDModel, PeriodRange):
    # No index of its own: the unique (indicator, period_start) constraint serves lookups
    # by indicator (and the cascade), so imports maintain one index less.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", db_index=False
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    # {"<disaggregation uuid>": {"<value>": number, ...}, ...}
    breakdown = models.JSONField(_("disaggregated values"), default=dict, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeasurementStatus.choices,
        default=MeasurementStatus.DRAFT,
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    import_batch = models.ForeignKey(
        "mel.ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "period_start"]
        indexes = [
            models.Index(fields=["partnership", "status"]),
            models.Index(fields=["partnership", "period_start"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="mel_measurement_period_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="mel_measurement_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_start}: {self.value}"

    @property
    def is_editable(self) -> bool:
        return self.status in (MeasurementStatus.DRAFT, MeasurementStatus.RETURNED)


class MeasurementRevision(TenantModel):
    """A change to an approved value, with the reason the person gave."""

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="revisions")
    old_value = models.DecimalField(max_digits=20, decimal_places=4)
    new_value = models.DecimalField(max_digits=20, decimal_places=4)
    old_breakdown = models.JSONField(default=dict, blank=True)
    new_breakdown = models.JSONField(default=dict, blank=True)
    change_reason = models.TextField(_("reason for the change"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("measurement revision")
        verbose_name_plural = _("measurement revisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.old_value} → {self.new_value}"


def evidence_path(instance: MeasurementEvidence, filename: str) -> str:
    return f"mel/evidence/{instance.partnership_id}/{instance.uuid}/{filename}"


@pghistory.track()
class MeasurementEvidence(TenantModel, UUIDModel):
    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    title = models.CharField(_("title"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


@pghistory.track()
class PeriodLock(TenantModel, UUIDModel):
    """No measurement or target of a period inside [start, end] may be written."""

    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("locked period")
        verbose_name_plural = _("locked periods")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="mel_lock_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start} – {self.end}"
