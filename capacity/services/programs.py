from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

import nh3
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from capacity.models import Cohort, Competency, Program, ProviderStaff, Session
from capacity.permissions import TEACH_COHORT
from hub.audit import audit_record
from hub.models import AuditEvent, Organization, User
from hub.services import ApplicationError

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4"}


def sanitize(html: str) -> str:
    return nh3.clean(html or "", tags=ALLOWED_TAGS).strip()


@transaction.atomic
def provider_staff_add(*, user: User, organization: Organization) -> ProviderStaff:
    staff, _created = ProviderStaff.objects.get_or_create(user=user, organization=organization)
    return staff


@transaction.atomic
def program_create(
    *,
    provider: Organization,
    title: str,
    format: str,
    language: str,
    delivery: str,
    description: str = "",
    competencies: Iterable[Competency] = (),
    min_attendance_percent: int = 80,
    final_assignment_required: bool = False,
    actor: User | None = None,
) -> Program:
    program = Program(
        provider=provider,
        title=title.strip(),
        description=sanitize(description),
        format=format,
        language=language,
        delivery=delivery,
        min_attendance_percent=min_attendance_percent,
        final_assignment_required=final_assignment_required,
        created_by=actor,
    )
    program.full_clean()
    program.save()
    program.competencies.set(list(competencies))
    return program


@transaction.atomic
def program_update(
    *,
    program: Program,
    title: str,
    format: str,
    language: str,
    delivery: str,
    description: str = "",
    competencies: Iterable[Competency] = (),
    min_attendance_percent: int = 80,
    final_assignment_required: bool = False,
) -> Program:
    program.title = title.strip()
    program.description = sanitize(description)
    program.format, program.language, program.delivery = format, language, delivery
    program.min_attendance_percent = min_attendance_percent
    program.final_assignment_required = final_assignment_required
    program.full_clean()
    program.save()
    program.competencies.set(list(competencies))
    return program


@transaction.atomic
def cohort_create(
    *,
    program: Program,
    name: str,
    partnerships: Iterable,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    time_zone: str = "UTC",
) -> Cohort:
    partnerships = list(partnerships)
    if not partnerships:
        raise ApplicationError(
            _("Choose at least one partnership the cohort runs for."), field="partnerships"
        )
    cohort = Cohort(
        program=program, name=name.strip(), start_date=start_date, end_date=end_date,
        time_zone=time_zone,
    )  # fmt: skip
    cohort.full_clean()
    cohort.save()
    cohort.partnerships.set(partnerships)
    return cohort


@transaction.atomic
def cohort_update(
    *,
    cohort: Cohort,
    name: str,
    partnerships: Iterable,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    time_zone: str = "UTC",
) -> Cohort:
    partnerships = list(partnerships)
    if not partnerships:
        raise ApplicationError(
            _("Choose at least one partnership the cohort runs for."), field="partnerships"
        )
    kept = {p.pk for p in partnerships}
    orphaned = cohort.enrollments.exclude(partnership_id__in=kept)
    if orphaned.exists():
        raise ApplicationError(
            _("Participants are enrolled through a partnership you removed; keep it or "
              "move them first."),
            field="partnerships",
        )  # fmt: skip
    cohort.name, cohort.start_date, cohort.end_date = name.strip(), start_date, end_date
    cohort.time_zone = time_zone
    cohort.full_clean()
    cohort.save()
    cohort.partnerships.set(partnerships)
    return cohort


@transaction.atomic
def trainer_grant(*, cohort: Cohort, user: User, actor: User | None = None) -> None:
    """Give ``user`` object-level access to teach ``cohort`` (guardian)."""
    if not user.is_active:
        raise ApplicationError(_("This account is inactive."), field="email")
    assign_perm(TEACH_COHORT, user, cohort)
    audit_record(
        action=AuditEvent.Action.PERMISSION_CHANGED,
        actor=actor,
        subject=f"teach_cohort {cohort.uuid} → {user.email}",
        data={"cohort": str(cohort.uuid), "user": str(user.uuid), "granted": True},
    )


@transaction.atomic
def trainer_revoke(*, cohort: Cohort, user: User, actor: User | None = None) -> None:
    remove_perm(TEACH_COHORT, user, cohort)
    audit_record(
        action=AuditEvent.Action.PERMISSION_CHANGED,
        actor=actor,
        subject=f"teach_cohort {cohort.uuid} ✕ {user.email}",
        data={"cohort": str(cohort.uuid), "user": str(user.uuid), "granted": False},
    )


def aware_start(local: datetime.datetime, time_zone: str) -> datetime.datetime:
    """A wall-clock time in ``time_zone`` as an aware UTC datetime."""
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ApplicationError(_("Unknown time zone."), field="time_zone") from None
    if timezone.is_aware(local):
        local = timezone.make_naive(local, zone)
    return local.replace(tzinfo=zone).astimezone(datetime.UTC)


@transaction.atomic
def session_create(
    *,
    cohort: Cohort,
    title: str,
    starts_at_local: datetime.datetime,
    time_zone: str,
    duration_minutes: int = 120,
    location: str = "",
    online_url: str = "",
    facilitators: Iterable[User] = (),
    other_facilitators: str = "",
) -> Session:
    session = Session(
        cohort=cohort,
        title=title.strip(),
        starts_at=aware_start(starts_at_local, time_zone),
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        location=location.strip(),
        online_url=online_url.strip(),
        other_facilitators=other_facilitators.strip(),
    )
    session.full_clean()
    session.save()
    session.facilitators.set(list(facilitators))
    return session


@transaction.atomic
def session_update(
    *,
    session: Session,
    title: str,
    starts_at_local: datetime.datetime,
    time_zone: str,
    duration_minutes: int = 120,
    location: str = "",
    online_url: str = "",
    facilitators: Iterable[User] = (),
    other_facilitators: str = "",
) -> Session:
    session.title = title.strip()
    session.starts_at = aware_start(starts_at_local, time_zone)
    session.time_zone, session.duration_minutes = time_zone, duration_minutes
    session.location, session.online_url = location.strip(), online_url.strip()
    session.other_facilitators = other_facilitators.strip()
    session.full_clean()
    session.save()
    session.facilitators.set(list(facilitators))
    return session
