import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import UUIDModel
from partnerships.tenancy import TenantModel

WITHDRAWN_NAME = _("Participant withdrawn")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Another gender")
    NOT_STATED = "not_stated", _("Not stated")


class AgeGroup(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    YOUTH = "18_35", _("18–35")
    ADULT = "36_59", _("36–59")
    SENIOR = "60_plus", _("60 and over")
    NOT_STATED = "not_stated", _("Not stated")


@pghistory.track()
class ConsentText(UUIDModel):
    """A version of the consent people give to keep their personal data."""

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    text = models.TextField(_("text"))
    published_on = models.DateField(_("published"))

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["-version"]

    def __str__(self) -> str:
        return _("Consent text v%(version)s") % {"version": self.version}


@pghistory.track(exclude=["name", "email", "organization", "role_in_landscape", "community"])
class Participant(UUIDModel):
    """A person taking part in capacity development: a platform user or someone without
    an account. When consent is withdrawn, the personal fields are erased and every
    page, export and API answer shows "Participant withdrawn"; the row stays, so counts
    (and the gender and age group used only in aggregate figures) remain."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="capacity_participations",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.NOT_STATED
    )
    age_group = models.CharField(
        _("age group"), max_length=12, choices=AgeGroup.choices, default=AgeGroup.NOT_STATED
    )
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    role_in_landscape = models.CharField(_("role in the landscape"), max_length=200, blank=True)
    community = models.CharField(_("community"), max_length=200, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name"]

    def __str__(self) -> str:
        return str(self.display_name)

    @property
    def is_withdrawn(self) -> bool:
        return self.consent_withdrawn_at is not None

    @property
    def display_name(self):
        return WITHDRAWN_NAME if self.is_withdrawn else self.name

    @property
    def shown_email(self) -> str:
        return "" if self.is_withdrawn else self.email

    @property
    def shown_organization(self) -> str:
        return "" if self.is_withdrawn else self.organization

    @property
    def shown_community(self) -> str:
        return "" if self.is_withdrawn else self.community

    @property
    def shown_role(self) -> str:
        return "" if self.is_withdrawn else self.role_in_landscape


@pghistory.track()
class ParticipantConsent(UUIDModel):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField(_("consent given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # Set when the person consents again (e.g. to a newer consent text version).
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant consent")
        verbose_name_plural = _("participant consents")
        ordering = ["-given_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(withdrawn_at__isnull=True, superseded_at__isnull=True),
                name="participant_one_active_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · v{self.consent_text.version}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None and self.superseded_at is None


@pghistory.track()
class Enrollment(TenantModel, UUIDModel):
    """A participant in a cohort, on behalf of one of the cohort's partnerships."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        DROPPED = "dropped", _("Dropped")

    cohort = models.ForeignKey(
        "capacity.Cohort", on_delete=models.CASCADE, related_name="enrollments"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED
    )
    enrolled_on = models.DateField(_("joined on"))
    assignment_submitted = models.BooleanField(_("final assignment submitted"), default=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    dropped_on = models.DateField(_("dropped on"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["participant__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant"], name="enrollment_once_per_cohort"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(completed_on__isnull=False),
                name="enrollment_completed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.cohort}"


@pghistory.track()
class Attendance(TenantModel, UUIDModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(
        "capacity.Session", on_delete=models.CASCADE, related_name="attendance"
    )
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="attendance_once_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.session} · {self.status}"


@pghistory.track()
class Certificate(TenantModel, UUIDModel):
    """Proof of completion. ``code`` is random and unguessable; anyone with it can check
    the certificate at /certificates/verify/<code>/."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued on"))
    file = models.FileField(_("PDF"), upload_to="capacity/certificates/", blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
