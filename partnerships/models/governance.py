import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import UUIDModel
from partnerships.tenancy import TenantModel


@pghistory.track()
class GovernanceBody(TenantModel, UUIDModel):
    class Kind(models.TextChoices):
        STEERING_COMMITTEE = "steering_committee", _("Steering committee")
        WORKING_GROUP = "working_group", _("Working group")
        ADVISORY = "advisory", _("Advisory group")
        SECRETARIAT = "secretariat", _("Secretariat")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    mandate = models.TextField(_("mandate"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="governance_body_unique"),
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class BodyMember(TenantModel, UUIDModel):
    """A seat in a governance body: a platform user, or a named person with an
    organization when they have no account."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "hub.Organization", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""),
                name="body_member_user_or_name",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user) if self.user_id else self.name


@pghistory.track()
class Meeting(TenantModel, UUIDModel):
    body = models.ForeignKey(
        GovernanceBody, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("location or link"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("attendees")
    )
    other_attendees = models.TextField(
        _("other attendees"), blank=True, help_text=_("People without an account, one per line.")
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


@pghistory.track()
class MeetingAttachment(TenantModel, UUIDModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="governance/meetings/%Y/")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


@pghistory.track()
class Decision(TenantModel, UUIDModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    body = models.ForeignKey(
        GovernanceBody, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("decision"), blank=True)
    decided_on = models.DateField(_("decided on"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return self.title


@pghistory.track()
class ActionItem(TenantModel, UUIDModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "title"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title


class ActionItemReminder(TenantModel):
    """One reminder sent for an action item; the unique key makes sending idempotent."""

    class Kind(models.TextChoices):
        UPCOMING = "upcoming", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    for_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action item reminder")
        verbose_name_plural = _("action item reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["action_item", "kind", "for_date"], name="action_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_item} · {self.kind} · {self.for_date}"
