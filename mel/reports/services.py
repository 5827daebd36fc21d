"""Writes for reports, schedules, the published scorecard and the data reminders."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hub.jobs.services import job_create
from hub.models import Job, User
from hub.notifications import kinds
from hub.notifications.services import notify
from hub.services import ApplicationError
from mel.models import (
    DataReminder,
    Indicator,
    Measurement,
    MeasurementStatus,
    ReportFormat,
    ReportRun,
    ReportSchedule,
    ScorecardSnapshot,
)
from mel.periods import period_containing, period_label, periods_for
from mel.selectors.scorecard import scorecard, scorecard_figures
from mel.selectors.tracking import GRACE_DAYS
from partnerships.models import Membership, Partnership

REPORT_TASK = "mel.tasks.report_render_task"
SCORECARD_TASK = "mel.tasks.scorecard_xlsx_task"
DUE_SOON_DAYS = 7
OVERDUE_WINDOW_DAYS = 90


def report_start(
    *,
    partnership: Partnership,
    actor: User,
    fmt: str,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
    run: ReportRun | None = None,
) -> Job:
    if fmt not in ReportFormat.values:
        raise ApplicationError(_("Choose PDF or XLSX."), field="format")
    params = {"partnership_id": partnership.pk, "format": fmt}
    if first and last:
        params.update(first=first.isoformat(), last=last.isoformat())
    if run is not None:
        params["run_id"] = run.pk
    return job_create(
        owner=actor,
        partnership=partnership,
        kind="mel_report",
        title=str(
            format_lazy(
                _("MEL report ({format}) · {name}"), format=fmt.upper(), name=partnership.name
            )
        ),
        task_name=REPORT_TASK,
        params=params,
    )


def scorecard_export_start(
    *, actor: User, first: datetime.date | None, last: datetime.date | None, country: str = ""
) -> Job:
    if not actor.is_staff:
        raise ApplicationError(_("Only hub staff export the scorecard."))
    return job_create(
        owner=actor,
        kind="mel_scorecard",
        title=str(_("Hub scorecard (XLSX)")),
        task_name=SCORECARD_TASK,
        params={
            "first": first.isoformat() if first else "",
            "last": last.isoformat() if last else "",
            "country": country,
        },
    )


@transaction.atomic
def scorecard_publish(
    *,
    actor: User,
    title: str,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
    period_label: str = "",
    country: str = "",
) -> ScorecardSnapshot:
    if not actor.is_staff:
        raise ApplicationError(_("Only hub staff publish the scorecard."))
    snapshot = ScorecardSnapshot(
        title=title.strip(),
        period_label=period_label,
        country=country.upper(),
        figures=scorecard_figures(scorecard(first=first, last=last, country=country)),
        published_by=actor,
    )
    snapshot.full_clean()
    snapshot.save()
    return snapshot


@transaction.atomic
def scorecard_unpublish(*, actor: User, snapshot: ScorecardSnapshot) -> None:
    if not actor.is_staff:
        raise ApplicationError(_("Only hub staff publish the scorecard."))
    snapshot.delete()


@transaction.atomic
def schedule_create(
    *,
    partnership: Partnership,
    actor: User,
    frequency: str,
    fmt: str,
    recipients: Iterable[User],
) -> ReportSchedule:
    people = list(recipients)
    member_ids = set(
        Membership.objects.filter(
            partnership=partnership, user__in=[p.pk for p in people]
        ).values_list("user_id", flat=True)
    )
    if not people or any(person.pk not in member_ids for person in people):
        raise ApplicationError(_("Choose recipients among the members."), field="recipients")
    schedule = ReportSchedule(
        partnership=partnership, frequency=frequency, format=fmt, created_by=actor
    )
    schedule.full_clean()
    schedule.save()
    schedule.recipients.set(people)
    return schedule


@transaction.atomic
def schedule_delete(*, schedule: ReportSchedule) -> None:
    schedule.delete()


def last_ended_period(frequency: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    start, _end = period_containing(frequency, today)
    return period_containing(frequency, start - datetime.timedelta(days=1))


def scheduled_reports_run(*, today: datetime.date) -> int:
    """Start the report of the period that last ended, once per schedule and period."""
    started = 0
    schedules = ReportSchedule.objects.filter(is_active=True).select_related(
        "partnership", "created_by"
    )
    for schedule in schedules.iterator():
        first, last = last_ended_period(schedule.frequency, today)
        owner = schedule.created_by
        if owner is None:
            continue
        try:
            with transaction.atomic():
                run = ReportRun.objects.create(
                    partnership=schedule.partnership,
                    schedule=schedule,
                    period_start=first,
                    period_end=last,
                )
                run.job = report_start(
                    partnership=schedule.partnership,
                    actor=owner,
                    fmt=schedule.format,
                    first=first,
                    last=last,
                    run=run,
                )
                run.save(update_fields=["job", "updated_at"])
        except IntegrityError:
            continue
        started += 1
    return started


@transaction.atomic
def report_job_finished(*, job_id: int, completed_now: bool) -> bool:
    """After a report job was committed as succeeded: email the recipients of its
    scheduled run (once: ``ReportRun.notified_at`` is stored in the same transaction as
    the queued emails, which go out only when it commits) and announce
    ``report.ready``. ``completed_now``: this task run finished the job (an ad-hoc
    report is announced only then; a scheduled run whose recipients were not yet
    notified, e.g. after a worker died between the two steps, is notified now).
    Returns whether recipients were notified."""
    from django.utils import timezone

    from hub import events

    job = Job.objects.filter(pk=job_id).select_related("partnership").first()
    if job is None or job.status != Job.Status.SUCCEEDED:
        return False
    run = (
        ReportRun.objects.select_for_update(of=("self",))
        .filter(pk=job.params.get("run_id"), job=job)
        .select_related("schedule__partnership")
        .first()
    )
    notified = False
    if run is not None:
        if run.notified_at is not None:
            return False
        run.notified_at = timezone.now()
        run.save(update_fields=["notified_at", "updated_at"])
        report_run_notify(run=run)
        notified = True
    elif not completed_now:
        return False
    partnership_id = job.params.get("partnership_id")
    if partnership_id:
        events.publish(
            "report.ready",
            partnership_id=partnership_id,
            object_uuid=job.uuid,
            data={
                "job": str(job.uuid),
                "report_run": str(run.uuid) if run else None,
                "period_start": job.params.get("first"),
                "period_end": job.params.get("last"),
                "format": job.params.get("format", "pdf"),
            },
        )
    return notified


def report_run_notify(*, run: ReportRun) -> None:
    """Email the recipients of a scheduled report a link to it."""
    schedule = run.schedule
    partnership = schedule.partnership
    label = period_label(schedule.frequency, run.period_start, run.period_end)
    notify(
        recipients=schedule.recipients.filter(is_active=True),
        kind=kinds.JOB_FINISHED,
        title=format_lazy(_("MEL report {period} · {name}"), period=label, name=partnership.name),
        body=_("Your scheduled MEL report is ready: open the link to download it."),
        url=reverse("mel:report-run", args=[partnership.slug, run.uuid]),
        dedup_key=f"mel-report-run:{run.uuid}",
    )


def reminder_kind(end: datetime.date, today: datetime.date) -> str | None:
    """Values of a period ending ``end`` are due ``GRACE_DAYS`` later."""
    due = end + datetime.timedelta(days=GRACE_DAYS)
    if due - datetime.timedelta(days=DUE_SOON_DAYS) <= today <= due:
        return DataReminder.Kind.DUE_SOON
    if due < today <= due + datetime.timedelta(days=OVERDUE_WINDOW_DAYS):
        return DataReminder.Kind.OVERDUE
    return None


def data_remind(
    *, indicator: Indicator, start: datetime.date, end: datetime.date, kind: str
) -> bool:
    """Remind the responsible member once per indicator, period and kind."""
    due = end + datetime.timedelta(days=GRACE_DAYS)
    with transaction.atomic():
        _row, created = DataReminder.objects.get_or_create(
            partnership_id=indicator.partnership_id,
            indicator=indicator,
            period_start=start,
            kind=kind,
        )
        if not created:
            return False
        label = period_label(indicator.frequency, start, end)
        if kind == DataReminder.Kind.DUE_SOON:
            title = format_lazy(
                _("Data due soon: {code} {period}"), code=indicator.code, period=label
            )
        else:
            title = format_lazy(
                _("Data overdue: {code} {period}"), code=indicator.code, period=label
            )
        notify(
            recipients=[indicator.responsible],
            kind=kinds.MEL,
            title=title,
            body=format_lazy(
                _("{partnership}: the value of “{name}” for {period} is due on {due}."),
                partnership=indicator.partnership.name,
                name=indicator.name,
                period=label,
                due=due.isoformat(),
            ),
            url=reverse(
                "mel:measurement-create", args=[indicator.partnership.slug, indicator.uuid]
            ),
            dedup_key=f"mel-data:{indicator.uuid}:{start.isoformat()}:{kind}",
        )
    return True


def data_reminders_send(*, today: datetime.date) -> int:
    """Remind responsible members of values due within a week or overdue (not yet
    submitted or approved)."""
    first = today - datetime.timedelta(days=GRACE_DAYS + OVERDUE_WINDOW_DAYS + 370)
    indicators = list(
        Indicator.objects.filter(
            responsible__isnull=False,
            responsible__is_active=True,
            partnership__approval=Partnership.Approval.APPROVED,
        )
        .select_related("responsible", "partnership")
        .prefetch_related("custom_periods")
        .order_by("pk")
    )
    handed_in = set(
        Measurement.objects.filter(
            indicator__in=[i.pk for i in indicators],
            status__in=[MeasurementStatus.SUBMITTED, MeasurementStatus.APPROVED],
            period_start__gte=first,
        ).values_list("indicator_id", "period_start")
    )
    sent = 0
    for indicator in indicators:
        custom = [(p.start, p.end) for p in indicator.custom_periods.all()]
        for start, end in periods_for(indicator.frequency, first, today, custom):
            kind = reminder_kind(end, today)
            if kind is None or (indicator.pk, start) in handed_in:
                continue
            sent += data_remind(indicator=indicator, start=start, end=end, kind=kind)
    return sent
