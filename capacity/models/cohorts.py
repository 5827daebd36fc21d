import zoneinfo

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from hub.models import UUIDModel
from hub.models.users import TIME_ZONE_CHOICES


@pghistory.track()
class Cohort(UUIDModel):
    """One run of a program, for one or more partnerships.

    Not tenant-owned (it spans partnerships): every query goes through
    ``capacity.selectors`` (members see it through ``partnerships``; trainers
    through their guardian grant)."""

    program = models.ForeignKey(
        "capacity.Program", on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(_("name"), max_length=200)
    partnerships = models.ManyToManyField(
        "partnerships.Partnership", related_name="capacity_cohorts", verbose_name=_("partnerships")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC"
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-start_date", "name"]
        permissions = [("teach_cohort", _("Teach the cohort: sessions, attendance, completions"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="cohort_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.name}"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


class CohortUserObjectPermission(UserObjectPermissionBase):
    """Per-cohort grants (trainers), guardian's direct foreign-key table."""

    content_object = models.ForeignKey(Cohort, on_delete=models.CASCADE)


class CohortGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Cohort, on_delete=models.CASCADE)


@pghistory.track()
class Session(UUIDModel):
    """A session of a cohort. ``starts_at`` is stored in UTC; ``time_zone`` is where it
    happens, and pages show the time there."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    time_zone = models.CharField(_("time zone"), max_length=64, choices=TIME_ZONE_CHOICES)
    location = models.CharField(_("location"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("facilitators")
    )
    other_facilitators = models.CharField(
        _("other facilitators"),
        max_length=300,
        blank=True,
        help_text=_("Facilitators without an account, separated by commas."),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["cohort", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.time_zone:
            try:
                zoneinfo.ZoneInfo(self.time_zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise ValidationError({"time_zone": _("Unknown time zone.")}) from None
        if not self.location and not self.online_url:
            raise ValidationError(_("Give a location, an online link, or both."))

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))
