"""Writes of the hub's resource mobilization pipeline: donor prospects, proposals, their
status and deadlines, and the deadline reminders.

Only hub staff write here. A proposal moves prospect → in preparation → submitted →
awarded or declined (a step back from "in preparation" to "prospect" is allowed);
awarded and declined are final except for ``proposal_reopen`` with a reason, which puts
the proposal back to "submitted". Every status change is kept as a
``ProposalTransition``; row history (pghistory) records every other change.

Reminders: every day ``mobilization_reminders_send`` tells each proposal's owner of
deadlines 7 days and 1 day ahead and of deadlines just missed — once per proposal,
deadline (and its date) and step, however often it runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finance.models import (
    DeadlineReminder,
    DonorProspect,
    Proposal,
    ProposalDeadline,
    ProposalStatus,
    ProposalTransition,
    ProspectStatus,
    Sector,
)
from finance.services.portfolio import check_amount, check_currency, clean_or_raise
from hub.models import Organization, User
from hub.notifications import kinds
from hub.notifications.services import notify
from hub.services import ApplicationError
from partnerships.models import Partnership

S = ProposalStatus
# Where a proposal may go from each status (hub staff; reopening is separate).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.PROSPECT: (S.IN_PREPARATION,),
    S.IN_PREPARATION: (S.SUBMITTED, S.PROSPECT),
    S.SUBMITTED: (S.AWARDED, S.DECLINED),
    S.AWARDED: (),
    S.DECLINED: (),
}
FINAL_STATUSES = frozenset({S.AWARDED, S.DECLINED})
OPEN_STATUSES = frozenset({S.PROSPECT, S.IN_PREPARATION, S.SUBMITTED})
REOPEN_TO = S.SUBMITTED
MAX_TEXT = 10_000
# Reminders: days before the deadline of each step; overdue ones stop after this window.
WEEK_DAYS, OVERDUE_WINDOW_DAYS = 7, 14


def _require_staff(actor: User | None) -> None:
    if not (actor is not None and actor.is_authenticated and actor.is_staff):
        raise ApplicationError(_("Only hub staff manage the resource mobilization pipeline."))


def _text(value: str | None, *, field: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ApplicationError(
            _("Keep this under %(limit)s characters.") % {"limit": limit}, field=field
        )
    return value


# --- donor prospects --------------------------------------------------------------------


def _apply_prospect(
    prospect: DonorProspect,
    *,
    notes: str,
    focus_areas: Iterable[str],
    countries: Iterable[str],
    grant_min: Decimal | None,
    grant_max: Decimal | None,
    grant_currency: str,
    contact_name: str,
    contact_email: str,
    relationship_owner: User | None,
    status: str,
) -> None:
    focus = list(dict.fromkeys(focus_areas or []))
    unknown = [code for code in focus if code not in Sector.values]
    if unknown:
        raise ApplicationError(
            _("Unknown focus area: %(code)s.") % {"code": unknown[0]}, field="focus_areas"
        )
    if relationship_owner is not None and not (
        relationship_owner.is_staff and relationship_owner.is_active
    ):
        raise ApplicationError(
            _("The relationship owner must be an active hub staff member."),
            field="relationship_owner",
        )
    if status not in ProspectStatus.values:
        raise ApplicationError(_("Choose active or archived."), field="status")
    check_amount(grant_min, field="grant_min")
    check_amount(grant_max, field="grant_max")
    prospect.notes = _text(notes, field="notes")
    prospect.focus_areas = focus
    prospect.countries = list(dict.fromkeys(countries or []))
    prospect.grant_min, prospect.grant_max = grant_min, grant_max
    prospect.grant_currency = check_currency(grant_currency, field="grant_currency")
    prospect.contact_name = _text(contact_name, field="contact_name", limit=200)
    prospect.contact_email = (contact_email or "").strip()
    prospect.relationship_owner = relationship_owner
    prospect.status = status
    clean_or_raise(prospect)


def prospect_check(*, organization: Organization, **fields) -> None:
    """Raise the ``ApplicationError`` that ``prospect_create``/``prospect_update`` would for
    these fields, writing nothing (the admin form shows it on its field)."""
    _apply_prospect(DonorProspect(organization=organization), **fields)


@transaction.atomic
def prospect_create(
    *,
    actor: User,
    organization: Organization,
    notes: str = "",
    focus_areas: Iterable[str] = (),
    countries: Iterable[str] = (),
    grant_min: Decimal | None = None,
    grant_max: Decimal | None = None,
    grant_currency: str = "USD",
    contact_name: str = "",
    contact_email: str = "",
    relationship_owner: User | None = None,
    status: str = ProspectStatus.ACTIVE,
) -> DonorProspect:
    _require_staff(actor)
    if DonorProspect.objects.filter(organization=organization).exists():
        raise ApplicationError(
            _("%(name)s is already a donor prospect.") % {"name": organization.name},
            field="organization",
        )
    prospect = DonorProspect(organization=organization)
    _apply_prospect(
        prospect, notes=notes, focus_areas=focus_areas, countries=countries,
        grant_min=grant_min, grant_max=grant_max, grant_currency=grant_currency,
        contact_name=contact_name, contact_email=contact_email,
        relationship_owner=relationship_owner, status=status,
    )  # fmt: skip
    prospect.save()
    return prospect


@transaction.atomic
def prospect_update(
    *,
    actor: User,
    prospect: DonorProspect,
    notes: str,
    focus_areas: Iterable[str],
    countries: Iterable[str],
    grant_min: Decimal | None,
    grant_max: Decimal | None,
    grant_currency: str,
    contact_name: str,
    contact_email: str,
    relationship_owner: User | None,
    status: str,
) -> DonorProspect:
    _require_staff(actor)
    prospect = DonorProspect.objects.select_for_update().get(pk=prospect.pk)
    _apply_prospect(
        prospect, notes=notes, focus_areas=focus_areas, countries=countries,
        grant_min=grant_min, grant_max=grant_max, grant_currency=grant_currency,
        contact_name=contact_name, contact_email=contact_email,
        relationship_owner=relationship_owner, status=status,
    )  # fmt: skip
    prospect.save()
    return prospect


# --- proposals --------------------------------------------------------------------------


def _apply_proposal(
    proposal: Proposal,
    *,
    title: str,
    donor: DonorProspect,
    amount: Decimal,
    currency: str,
    owner: User,
    submission_deadline: datetime.date | None,
    decision_expected: datetime.date | None,
    notes: str,
    link: str,
) -> None:
    title = _text(title, field="title", limit=200)
    if not title:
        raise ApplicationError(_("Give the proposal a title."), field="title")
    if owner is None or not owner.is_active:
        raise ApplicationError(_("Choose an active person as owner."), field="owner")
    if donor.status != ProspectStatus.ACTIVE and donor.pk != proposal.donor_id:
        raise ApplicationError(
            _("%(name)s is archived: reactivate the donor prospect first.")
            % {"name": donor.organization.name},
            field="donor",
        )
    if amount is None:
        raise ApplicationError(_("Enter the amount requested."), field="amount")
    check_amount(amount)
    proposal.title, proposal.donor, proposal.owner = title, donor, owner
    proposal.amount, proposal.currency = amount, check_currency(currency)
    proposal.submission_deadline = submission_deadline
    proposal.decision_expected = decision_expected
    proposal.notes = _text(notes, field="notes")
    proposal.link = (link or "").strip()
    clean_or_raise(proposal)


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    title: str,
    donor: DonorProspect,
    amount: Decimal,
    currency: str,
    owner: User,
    submission_deadline: datetime.date | None = None,
    decision_expected: datetime.date | None = None,
    partnerships: Iterable[Partnership] = (),
    notes: str = "",
    link: str = "",
) -> Proposal:
    """A new proposal starts as a prospect."""
    _require_staff(actor)
    proposal = Proposal(status=S.PROSPECT, status_changed_at=timezone.now())
    _apply_proposal(
        proposal, title=title, donor=donor, amount=amount, currency=currency, owner=owner,
        submission_deadline=submission_deadline, decision_expected=decision_expected,
        notes=notes, link=link,
    )  # fmt: skip
    proposal.save()
    proposal.partnerships.set(list(partnerships))
    return proposal


@transaction.atomic
def proposal_update(
    *,
    actor: User,
    proposal: Proposal,
    title: str,
    donor: DonorProspect,
    amount: Decimal,
    currency: str,
    owner: User,
    submission_deadline: datetime.date | None,
    decision_expected: datetime.date | None,
    partnerships: Iterable[Partnership],
    notes: str,
    link: str,
) -> Proposal:
    """Everything but the status (see ``proposal_transition``)."""
    _require_staff(actor)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _apply_proposal(
        proposal, title=title, donor=donor, amount=amount, currency=currency, owner=owner,
        submission_deadline=submission_deadline, decision_expected=decision_expected,
        notes=notes, link=link,
    )  # fmt: skip
    proposal.save()
    proposal.partnerships.set(list(partnerships))
    return proposal


def allowed_transitions(proposal: Proposal) -> tuple[str, ...]:
    return TRANSITIONS.get(proposal.status, ())


def _move(proposal: Proposal, *, to: str, actor: User, reason: str, reopened: bool) -> Proposal:
    ProposalTransition.objects.create(
        proposal=proposal,
        from_status=proposal.status,
        to_status=to,
        reopened=reopened,
        reason=reason,
        actor=actor,
    )
    proposal.status, proposal.status_changed_at = to, timezone.now()
    proposal.save(update_fields=["status", "status_changed_at", "updated_at"])
    return proposal


@transaction.atomic
def proposal_transition(
    *, actor: User, proposal: Proposal, to_status: str, reason: str = ""
) -> Proposal:
    _require_staff(actor)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if to_status not in S.values:
        raise ApplicationError(_("Choose a status of the pipeline."), field="to_status")
    if to_status not in allowed_transitions(proposal):
        if proposal.status in FINAL_STATUSES:
            message = _(
                "The proposal is %(status)s, a final status: reopen it (with a reason) to "
                "change it."
            )
        else:
            message = _("A proposal that is %(status)s cannot move to %(to)s.")
        raise ApplicationError(
            message
            % {"status": proposal.get_status_display().lower(), "to": S(to_status).label.lower()},
            field="to_status",
        )
    return _move(
        proposal, to=to_status, actor=actor, reason=_text(reason, field="reason"), reopened=False
    )


@transaction.atomic
def proposal_reopen(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    """Hub staff reopen an awarded or declined proposal (back to submitted), saying why."""
    _require_staff(actor)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in FINAL_STATUSES:
        raise ApplicationError(_("Only awarded or declined proposals can be reopened."))
    reason = _text(reason, field="reason")
    if not reason:
        raise ApplicationError(_("Say why the proposal is reopened."), field="reason")
    return _move(proposal, to=REOPEN_TO, actor=actor, reason=reason, reopened=True)


@transaction.atomic
def proposal_deadline_add(
    *, actor: User, proposal: Proposal, name: str, date: datetime.date
) -> ProposalDeadline:
    _require_staff(actor)
    name = _text(name, field="name", limit=120)
    if not name:
        raise ApplicationError(_("Name the deadline, such as “Concept note”."), field="name")
    if date is None:
        raise ApplicationError(_("Give the date."), field="date")
    if proposal.extra_deadlines.filter(name__iexact=name).exists():
        raise ApplicationError(
            _("This proposal already has a deadline with that name."), field="name"
        )
    deadline = ProposalDeadline(proposal=proposal, name=name, date=date)
    clean_or_raise(deadline)
    try:
        with transaction.atomic():
            deadline.save()
    except IntegrityError:
        raise ApplicationError(
            _("This proposal already has a deadline with that name."), field="name"
        ) from None
    return deadline


@transaction.atomic
def proposal_deadline_delete(*, actor: User, deadline: ProposalDeadline) -> None:
    _require_staff(actor)
    deadline.delete()


# --- deadline reminders -----------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str | Promise  # lazy, so the reminder is written in the owner's language
    date: datetime.date


def deadlines_to_watch(proposal: Proposal) -> list[Deadline]:
    """The deadlines the owner must act on in the proposal's status: the submission
    deadline until it is submitted, the expected decision while it is submitted, and the
    extra named deadlines while it is open (uses the prefetched ``extra_deadlines``)."""
    if proposal.status in FINAL_STATUSES:
        return []
    found = []
    if proposal.submission_deadline and proposal.status in (S.PROSPECT, S.IN_PREPARATION):
        found.append(
            Deadline(
                "submission", gettext_lazy("submission deadline"), proposal.submission_deadline
            )
        )
    if proposal.decision_expected and proposal.status == S.SUBMITTED:
        found.append(
            Deadline("decision", gettext_lazy("expected decision"), proposal.decision_expected)
        )
    for extra in proposal.extra_deadlines.all():
        found.append(Deadline(f"extra:{extra.uuid}", extra.name, extra.date))
    return found


def reminder_step(deadline: datetime.date, today: datetime.date) -> str | None:
    """Which reminder a deadline is due on ``today``: within a week, within a day (or
    today), or missed in the last two weeks. A day the task did not run is caught up the
    next day, never sent twice (see ``DeadlineReminder``)."""
    days = (deadline - today).days
    if 2 <= days <= WEEK_DAYS:
        return DeadlineReminder.Step.WEEK
    if 0 <= days <= 1:
        return DeadlineReminder.Step.DAY
    if -OVERDUE_WINDOW_DAYS <= days < 0:
        return DeadlineReminder.Step.OVERDUE
    return None


def deadline_remind(*, proposal: Proposal, deadline: Deadline, step: str) -> bool:
    """Notify the owner once per proposal, deadline (and date) and step."""
    with transaction.atomic():
        _row, created = DeadlineReminder.objects.get_or_create(
            proposal=proposal, deadline_key=deadline.key, deadline_date=deadline.date, step=step
        )
        if not created:
            return False
        values = {
            "title": proposal.title,
            "deadline": deadline.label,
            "date": deadline.date.isoformat(),
            "donor": proposal.donor.organization.name,
        }
        if step == DeadlineReminder.Step.OVERDUE:
            title = format_lazy(gettext_lazy("Deadline missed: {deadline} of “{title}”"), **values)
        elif step == DeadlineReminder.Step.DAY:
            title = format_lazy(
                gettext_lazy("Due tomorrow or today: {deadline} of “{title}”"), **values
            )
        else:
            title = format_lazy(
                gettext_lazy("Due within a week: {deadline} of “{title}”"), **values
            )
        notify(
            recipients=[proposal.owner],
            kind=kinds.RESOURCE_MOBILIZATION,
            title=title,
            body=format_lazy(
                gettext_lazy("The {deadline} of the proposal to {donor} is {date}."), **values
            ),
            url=reverse("mobilization:proposal-detail", args=[proposal.uuid]),
            dedup_key=f"mobilization:{proposal.uuid}:{deadline.key}:{deadline.date}:{step}",
        )
    return True


def mobilization_reminders_send(*, today: datetime.date) -> int:
    """Daily: remind owners of open proposals' deadlines; returns how many were sent."""
    horizon = today + datetime.timedelta(days=WEEK_DAYS)
    earliest = today - datetime.timedelta(days=OVERDUE_WINDOW_DAYS)
    proposals = (
        Proposal.objects.filter(status__in=OPEN_STATUSES, owner__is_active=True)
        .select_related("owner", "donor__organization")
        .prefetch_related("extra_deadlines")
        .order_by("pk")
    )
    sent = 0
    for proposal in proposals:
        for deadline in deadlines_to_watch(proposal):
            if not earliest <= deadline.date <= horizon:
                continue
            step = reminder_step(deadline.date, today)
            if step is not None:
                sent += deadline_remind(proposal=proposal, deadline=deadline, step=step)
    return sent
