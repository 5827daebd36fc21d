"""Resource mobilization: the hub's fundraising pipeline. Hub staff keep donor prospects
(organizations the hub approaches for funding) and the proposals sent to them, each
naming the partnerships it would benefit, so partnerships coordinate instead of
approaching the same donors separately.

These rows belong to the hub, not to one partnership: a proposal may benefit several
partnerships (M2M) and partnerships read only the proposals that name them
(``finance.selectors.mobilization``)."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from finance.models.choices import Sector
from finance.models.money import amount_field, currency_field
from hub.models import UUIDModel


class ProspectStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class ProposalStatus(models.TextChoices):
    """The pipeline, in order; awarded and declined are final (hub staff may reopen)."""

    PROSPECT = "prospect", _("Prospect")
    IN_PREPARATION = "in_preparation", _("In preparation")
    SUBMITTED = "submitted", _("Submitted")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Declined")


@pghistory.track()
class DonorProspect(UUIDModel):
    """An organization the hub approaches (or may approach) for funding."""

    organization = models.OneToOneField(
        "hub.Organization",
        on_delete=models.PROTECT,
        related_name="donor_prospect",
        verbose_name=_("organization"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProspectStatus.choices, default=ProspectStatus.ACTIVE
    )
    focus_areas = ArrayField(
        models.CharField(max_length=30, choices=Sector.choices),
        verbose_name=_("focus areas"),
        default=list,
        blank=True,
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    grant_min = amount_field(_("typical grant from"), null=True, blank=True)
    grant_max = amount_field(_("typical grant up to"), null=True, blank=True)
    grant_currency = currency_field(_("grant currency"), default="USD")
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    relationship_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relationship owner"),
        help_text=_("The hub staff member partnerships talk to before approaching this donor."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("donor prospect")
        verbose_name_plural = _("donor prospects")
        ordering = ["organization__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grant_min__isnull=True)
                | models.Q(grant_max__isnull=True)
                | models.Q(grant_max__gte=models.F("grant_min")),
                name="finance_prospect_grant_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)

    def clean(self) -> None:
        super().clean()
        low, high = self.grant_min, self.grant_max
        if low is not None and high is not None and high < low:
            raise ValidationError(
                {"grant_max": _("The upper end of the range is below the lower end.")}
            )

    def get_focus_areas_display(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels.get(code, code)) for code in self.focus_areas]


@pghistory.track()
class Proposal(UUIDModel):
    title = models.CharField(_("title"), max_length=200)
    donor = models.ForeignKey(
        DonorProspect, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("donor")
    )
    amount = amount_field(_("amount requested"))
    currency = currency_field()
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROSPECT,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    submission_deadline = models.DateField(_("submission deadline"), null=True, blank=True)
    decision_expected = models.DateField(_("decision expected"), null=True, blank=True)
    partnerships = models.ManyToManyField(
        "partnerships.Partnership",
        blank=True,
        related_name="mobilization_proposals",
        verbose_name=_("partnerships that would benefit"),
    )
    link = models.URLField(_("link to the documents"), blank=True, max_length=500)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["submission_deadline", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="finance_proposal_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(submission_deadline__isnull=True)
                | models.Q(decision_expected__isnull=True)
                | models.Q(decision_expected__gte=models.F("submission_deadline")),
                name="finance_proposal_decision_after_submission",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        submit, decide = self.submission_deadline, self.decision_expected
        if submit and decide and decide < submit:
            raise ValidationError(
                {"decision_expected": _("The decision cannot be expected before submission.")}
            )

    @property
    def is_final(self) -> bool:
        return self.status in (ProposalStatus.AWARDED, ProposalStatus.DECLINED)


@pghistory.track()
class ProposalDeadline(UUIDModel):
    """Another dated step of a proposal (concept note, due diligence call, ...)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="extra_deadlines")
    name = models.CharField(_("name"), max_length=120)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("proposal deadline")
        verbose_name_plural = _("proposal deadlines")
        ordering = ["date", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "name"], name="finance_proposal_deadline_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.date}"


class ProposalTransition(models.Model):
    """One status change of a proposal, with who made it and why (a reopen needs a reason)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=15, choices=ProposalStatus.choices)
    to_status = models.CharField(_("to"), max_length=15, choices=ProposalStatus.choices)
    reopened = models.BooleanField(_("reopened"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal status change")
        verbose_name_plural = _("proposal status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class DeadlineReminder(models.Model):
    """A reminder sent about one deadline of a proposal at one step. It is inserted before
    the notification, so the daily task running twice sends nothing twice; a deadline
    moved to another date gets its own reminders."""

    class Step(models.TextChoices):
        WEEK = "week", _("7 days before")
        DAY = "day", _("1 day before")
        OVERDUE = "overdue", _("Overdue")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reminders")
    # "submission", "decision" or "extra:<deadline uuid>"
    deadline_key = models.CharField(_("deadline"), max_length=60)
    deadline_date = models.DateField(_("deadline date"))
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "deadline_key", "deadline_date", "step"],
                name="finance_deadline_reminder_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.deadline_key} {self.deadline_date} {self.step}"
