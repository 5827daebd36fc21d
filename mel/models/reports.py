"""Scheduled reports, published scorecard figures and the reminders already sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import UUIDModel
from mel.models.indicators import Indicator
from partnerships.tenancy import TenantModel


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel (XLSX)")


class ReportSchedule(TenantModel, UUIDModel):
    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    format = models.CharField(
        _("format"), max_length=4, choices=ReportFormat.choices, default=ReportFormat.PDF
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("recipients"), related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} · {self.get_format_display()}"


class ReportRun(TenantModel, UUIDModel):
    """One scheduled report of one period: created once, whatever the retries of the beat."""

    schedule = models.ForeignKey(ReportSchedule, on_delete=models.CASCADE, related_name="runs")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    job = models.ForeignKey(
        "hub.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set in the transaction that queues the emails, after the job was committed as
    # succeeded: a second run of the task (or a redelivery) emails nobody again.
    notified_at = models.DateTimeField(_("recipients notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled report")
        verbose_name_plural = _("scheduled reports")
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "period_start"], name="mel_report_run_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} {self.period_start}"


class DataReminder(TenantModel, UUIDModel):
    """A reminder sent about one indicator's value for one period (inserted before the
    notification, so a second run of the beat sends nothing)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField(_("period start"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("data reminder")
        verbose_name_plural = _("data reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "kind"], name="mel_data_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_start} {self.kind}"


class ScorecardSnapshot(UUIDModel):
    """Hub scorecard figures published by hub staff; only these are public."""

    title = models.CharField(_("title"), max_length=200)
    period_label = models.CharField(_("period"), max_length=60, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    # [{"code", "name", "unit", "aggregation", "value", "partnerships"}, ...]
    figures = models.JSONField(default=list)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("published scorecard")
        verbose_name_plural = _("published scorecards")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
