import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import TimeStampedModel, UUIDModel


class ProgramFormat(models.TextChoices):
    COURSE = "course", _("Course")
    WORKSHOP = "workshop", _("Workshop")
    MENTORING = "mentoring", _("Mentoring")
    PEER_EXCHANGE = "peer_exchange", _("Peer exchange")
    FIELD_VISIT = "field_visit", _("Field visit")


class Delivery(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


@pghistory.track()
class ProviderStaff(TimeStampedModel):
    """A person who manages the programs of a provider organization."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_roles"
    )
    organization = models.ForeignKey(
        "hub.Organization", on_delete=models.CASCADE, related_name="provider_staff"
    )

    class Meta:
        verbose_name = _("provider staff")
        verbose_name_plural = _("provider staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="provider_staff_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization}"


@pghistory.track()
class Program(UUIDModel):
    """A capacity development program offered by a provider organization."""

    provider = models.ForeignKey(
        "hub.Organization",
        on_delete=models.PROTECT,
        related_name="capacity_programs",
        verbose_name=_("provider"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(_("format"), max_length=20, choices=ProgramFormat.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    delivery = models.CharField(_("delivery"), max_length=12, choices=Delivery.choices)
    competencies = models.ManyToManyField(
        "capacity.Competency",
        blank=True,
        related_name="programs",
        verbose_name=_("competencies addressed"),
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=80,
        help_text=_("Share of the sessions a participant must attend (present or late)."),
    )
    final_assignment_required = models.BooleanField(_("final assignment required"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_attendance_percent__lte=100),
                name="program_min_attendance_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title
