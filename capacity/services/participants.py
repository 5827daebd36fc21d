from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity.models import (
    Attendance,
    Cohort,
    ConsentText,
    Enrollment,
    Participant,
    ParticipantConsent,
    Session,
)
from capacity.selectors.cohorts import with_progress
from hub.models import User
from hub.services import ApplicationError

PERSONAL_FIELDS = ("name", "email", "organization", "role_in_landscape", "community")

TRANSITIONS: dict[str, set[str]] = {
    Enrollment.Status.INVITED: {Enrollment.Status.ENROLLED, Enrollment.Status.DROPPED},
    Enrollment.Status.ENROLLED: {Enrollment.Status.COMPLETED, Enrollment.Status.DROPPED},
    Enrollment.Status.DROPPED: {Enrollment.Status.ENROLLED},
    Enrollment.Status.COMPLETED: set(),
}


def consent_text_current() -> ConsentText | None:
    return ConsentText.objects.order_by("-version").first()


@transaction.atomic
def consent_text_publish(*, version: int, text: str, published_on: datetime.date) -> ConsentText:
    consent = ConsentText(version=version, text=text.strip(), published_on=published_on)
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def participant_create(
    *,
    name: str,
    consent_text: ConsentText,
    consent_given_on: datetime.date,
    email: str = "",
    gender: str = "not_stated",
    age_group: str = "not_stated",
    organization: str = "",
    role_in_landscape: str = "",
    community: str = "",
    user: User | None = None,
    actor: User | None = None,
) -> Participant:
    """A participant with their consent to keep their personal data (the current
    consent text)."""
    current = consent_text_current()
    if current is None or consent_text.pk != current.pk:
        raise ApplicationError(
            _("Record consent to the current consent text (version %(version)s).")
            % {"version": current.version if current else "—"},
            field="consent",
        )
    if consent_given_on > timezone.localdate():
        raise ApplicationError(
            _("Consent cannot be given in the future."), field="consent_given_on"
        )
    if (
        user is not None
        and Participant.objects.filter(user=user, consent_withdrawn_at__isnull=True).exists()
    ):
        raise ApplicationError(
            _("%(name)s is already a participant.") % {"name": user}, field="user"
        )
    participant = Participant(
        user=user,
        name=(name or (user.get_full_name() if user else "")).strip(),
        email=(email or (user.email if user else "")).strip().lower(),
        gender=gender,
        age_group=age_group,
        organization=organization.strip(),
        role_in_landscape=role_in_landscape.strip(),
        community=community.strip(),
        created_by=actor,
    )
    if not participant.name:
        raise ApplicationError(_("Give the person's name."), field="name")
    participant.full_clean()
    participant.save()
    consent = ParticipantConsent(
        participant=participant,
        consent_text=consent_text,
        given_on=consent_given_on,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    return participant


@transaction.atomic
def participant_update(
    *,
    participant: Participant,
    name: str,
    email: str = "",
    gender: str = "not_stated",
    age_group: str = "not_stated",
    organization: str = "",
    role_in_landscape: str = "",
    community: str = "",
) -> Participant:
    if participant.is_withdrawn:
        raise ApplicationError(
            _("This person withdrew consent: their personal data cannot be recorded.")
        )
    participant.name, participant.email = name.strip(), email.strip().lower()
    participant.gender, participant.age_group = gender, age_group
    participant.organization = organization.strip()
    participant.role_in_landscape = role_in_landscape.strip()
    participant.community = community.strip()
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def consent_record(
    *,
    participant: Participant,
    consent_text: ConsentText,
    given_on: datetime.date,
    actor: User | None = None,
) -> ParticipantConsent:
    """Record the person's consent again, to the current consent text (e.g. after the
    hub published a new version). The consent it replaces is kept, marked superseded.
    A person who withdrew consent has no personal data left to keep: record them anew."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.is_withdrawn:
        raise ApplicationError(
            _(
                "This person withdrew consent and their personal data was erased; "
                "add them again as a new participant if they agree now."
            )
        )
    current = consent_text_current()
    if current is None or consent_text.pk != current.pk:
        raise ApplicationError(
            _("Record consent to the current consent text (version %(version)s).")
            % {"version": current.version if current else "—"},
            field="consent",
        )
    if given_on > timezone.localdate():
        raise ApplicationError(_("Consent cannot be given in the future."), field="given_on")
    active = ParticipantConsent.objects.filter(
        participant=participant, withdrawn_at__isnull=True, superseded_at__isnull=True
    ).first()
    if (
        active is not None
        and active.consent_text_id == consent_text.pk
        and (active.given_on == given_on)
    ):
        raise ApplicationError(
            _("This consent (version %(version)s, %(date)s) is already recorded.")
            % {"version": consent_text.version, "date": given_on.isoformat()},
            field="given_on",
        )
    if active is not None:
        active.superseded_at = timezone.now()
        active.save(update_fields=["superseded_at", "updated_at"])
    consent = ParticipantConsent(
        participant=participant, consent_text=consent_text, given_on=given_on, recorded_by=actor
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, participant: Participant, actor: User | None = None) -> Participant:
    """Withdraw consent: erase the person's personal data (and the certificate PDFs
    that carry their name). The participant row, enrollments, attendance and
    certificates stay, so counts remain; gender and age group are kept for aggregate
    figures only. Withdrawing twice changes nothing more."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.is_withdrawn:
        return participant
    now = timezone.now()
    ParticipantConsent.objects.filter(
        participant=participant, withdrawn_at__isnull=True, superseded_at__isnull=True
    ).update(withdrawn_at=now)
    for name in PERSONAL_FIELDS:
        setattr(participant, name, "")
    participant.user = None
    participant.consent_withdrawn_at = now
    participant.full_clean()
    participant.save()
    from capacity.models import Certificate

    for certificate in Certificate.objects.filter(enrollment__participant=participant):
        if certificate.file:
            certificate.file.delete(save=False)
            certificate.save(update_fields=["file", "updated_at"])
    return participant


@transaction.atomic
def enrollment_create(
    *,
    cohort: Cohort,
    participant: Participant,
    partnership,
    status: str = Enrollment.Status.ENROLLED,
    enrolled_on: datetime.date | None = None,
) -> Enrollment:
    if status not in (Enrollment.Status.INVITED, Enrollment.Status.ENROLLED):
        raise ApplicationError(_("A new enrollment is invited or enrolled."), field="status")
    if not cohort.partnerships.filter(pk=partnership.pk).exists():
        raise ApplicationError(
            _("%(partnership)s does not take part in this cohort.") % {"partnership": partnership},
            field="partnership",
        )
    participant = Participant.objects.get(pk=participant.pk)
    if participant.is_withdrawn:
        raise ApplicationError(
            _("This person withdrew consent to keep their data; they cannot be enrolled."),
            field="participant",
        )
    existing = Enrollment.objects.filter(cohort=cohort, participant=participant).first()
    if existing is not None:
        raise ApplicationError(
            _("%(name)s is already in this cohort (%(status)s).")
            % {"name": participant.display_name, "status": existing.get_status_display()},
            field="participant",
        )
    enrollment = Enrollment(
        cohort=cohort,
        participant=participant,
        partnership=partnership,
        status=status,
        enrolled_on=enrolled_on or timezone.localdate(),
    )
    enrollment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError:
        raise ApplicationError(
            _("%(name)s is already in this cohort.") % {"name": participant.display_name},
            field="participant",
        ) from None
    return enrollment


@transaction.atomic
def participant_enroll_new(
    *, cohort: Cohort, partnership, status: str = Enrollment.Status.ENROLLED, **participant_fields
) -> Enrollment:
    """Record a new person (with their consent) and enroll them, or neither."""
    if not cohort.partnerships.filter(pk=partnership.pk).exists():
        raise ApplicationError(
            _("%(partnership)s does not take part in this cohort.") % {"partnership": partnership},
            field="partnership",
        )
    user = participant_fields.get("user")
    if user is not None:
        existing = Participant.objects.filter(user=user, consent_withdrawn_at__isnull=True).first()
        if existing is not None:
            return enrollment_create(
                cohort=cohort, participant=existing, partnership=partnership, status=status
            )
    participant = participant_create(**participant_fields)
    return enrollment_create(
        cohort=cohort, participant=participant, partnership=partnership, status=status
    )


def _progress_of(enrollment: Enrollment) -> Enrollment:
    return (
        with_progress(Enrollment.objects.filter(pk=enrollment.pk))
        .select_related("cohort__program", "participant")
        .get()
    )


def completion_problems(enrollment: Enrollment) -> list[str]:
    """What still stands between ``enrollment`` and completion (empty: nothing)."""
    progress = _progress_of(enrollment)
    program = progress.cohort.program
    problems = []
    if not progress.meets_attendance:
        percent = progress.attendance_percent
        problems.append(
            _("Attendance is %(percent)s%% of the sessions; the program needs %(needed)s%%.")
            % {
                "percent": "—" if percent is None else round(percent),
                "needed": program.min_attendance_percent,
            }
        )
    if program.final_assignment_required and not progress.assignment_submitted:
        problems.append(_("The final assignment has not been submitted."))
    return problems


@transaction.atomic
def enrollment_set_status(*, enrollment: Enrollment, status: str) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if status == enrollment.status:
        return enrollment
    if status not in TRANSITIONS.get(enrollment.status, set()):
        raise ApplicationError(
            _("An enrollment that is %(current)s cannot become %(new)s.")
            % {
                "current": enrollment.get_status_display().lower(),
                "new": Enrollment.Status(status).label.lower()
                if status in Enrollment.Status.values
                else status,
            },
            field="status",
        )
    today = timezone.localdate()
    if status == Enrollment.Status.COMPLETED:
        problems = completion_problems(enrollment)
        if problems:
            raise ApplicationError(
                _("%(name)s has not met the completion requirements: %(problems)s")
                % {"name": enrollment.participant.display_name, "problems": " ".join(problems)},
                field="status",
            )
        enrollment.completed_on = today
    if status == Enrollment.Status.DROPPED:
        enrollment.dropped_on = today
    if status == Enrollment.Status.ENROLLED:
        enrollment.dropped_on = None
    enrollment.status = status
    enrollment.full_clean(validate_constraints=False)
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_set_assignment(*, enrollment: Enrollment, submitted: bool) -> Enrollment:
    if enrollment.status == Enrollment.Status.COMPLETED and not submitted:
        raise ApplicationError(
            _("The cohort is completed; the final assignment cannot be unmarked.")
        )
    enrollment.assignment_submitted = submitted
    enrollment.save(update_fields=["assignment_submitted", "updated_at"])
    return enrollment


@transaction.atomic
def attendance_record(
    *, session: Session, enrollment: Enrollment, status: str, actor: User | None = None
) -> Attendance:
    """Record (or change) one person's attendance at one session."""
    if enrollment.cohort_id != session.cohort_id:
        raise ApplicationError(
            _("This person is not in the cohort of this session; attendance not recorded."),
            field="enrollment",
        )
    if enrollment.status == Enrollment.Status.DROPPED:
        raise ApplicationError(
            _("%(name)s dropped out of this cohort; attendance not recorded.")
            % {"name": enrollment.participant.display_name},
            field="enrollment",
        )
    if status not in Attendance.Status.values:
        raise ApplicationError(_("Choose present, late, excused or absent."), field="status")
    attendance = Attendance.objects.filter(session=session, enrollment=enrollment).first()
    if attendance is None:
        attendance = Attendance(
            session=session, enrollment=enrollment, partnership_id=enrollment.partnership_id
        )
    attendance.status = status
    attendance.recorded_by = actor
    attendance.full_clean(validate_constraints=False)
    attendance.save()
    return attendance


EXPORT_TASK = "capacity.tasks.participation_export_task"


@transaction.atomic
def participation_export_start(
    *, partnership, period_start: datetime.date, period_end: datetime.date, actor: User
):
    from hub.jobs.services import job_create

    if period_end < period_start:
        raise ApplicationError(_("The period ends before it starts."), field="period_end")
    return job_create(
        owner=actor,
        partnership=partnership,
        kind="capacity.participation_export",
        title=_("Participation %(start)s – %(end)s") % {"start": period_start, "end": period_end},
        task_name=EXPORT_TASK,
        params={"period_start": period_start.isoformat(), "period_end": period_end.isoformat()},
    )
