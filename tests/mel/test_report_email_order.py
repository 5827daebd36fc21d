"""A scheduled report is emailed only after its job is committed as succeeded (with its
file), and exactly once however often the task runs."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from hub.jobs import runner
from hub.models import EmailDelivery, Job, Notification
from mel.models import ReportRun
from mel.reports import services
from mel.reports.services import schedule_create, scheduled_reports_run
from mel.tasks import report_render_job, report_render_task
from tests.mel.factories import IndicatorFactory, MeasurementFactory
from tests.partnerships.factories import MembershipFactory
from tests.worker import wait_for

TODAY = datetime.date(2025, 7, 2)


def _scheduled_run(partnership, result):
    IndicatorFactory(result=result, code="HA-1", unit="hectares")
    MeasurementFactory(
        indicator__result=result, period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2025, 6, 30), status="approved",
    )  # fmt: skip
    leader = MembershipFactory(partnership=partnership, role="leader").user
    viewer = MembershipFactory(partnership=partnership, role="viewer").user
    schedule_create(
        partnership=partnership, actor=leader, frequency="quarterly", fmt="xlsx",
        recipients=[leader, viewer],
    )  # fmt: skip
    scheduled_reports_run(today=TODAY)
    return ReportRun.objects.select_related("job").get(), [leader, viewer]


def _runs_done(log: str) -> int:
    return sum(
        1
        for line in log.splitlines()
        if "mel.tasks.report_render_task[" in line and " succeeded in " in line
    )


def _report_emails(run):
    link = reverse("mel:report-run", args=[run.partnership.slug, run.uuid])
    return EmailDelivery.objects.filter(body_text__contains=link)


@pytest.mark.django_db
def test_the_recipients_are_notified_only_once_the_job_has_succeeded_with_its_file(
    partnership, result, monkeypatch, celery_eager, django_capture_on_commit_callbacks
):
    run, people = _scheduled_run(partnership, result)
    seen = []
    real_notify = services.notify

    def spy(**kwargs):
        job = Job.objects.get(pk=run.job.pk)
        seen.append((job.status, bool(job.result_file), job.finished_at is not None))
        return real_notify(**kwargs)

    monkeypatch.setattr(services, "notify", spy)

    with django_capture_on_commit_callbacks(execute=True):
        report_render_task(run.job.pk)

    assert seen == [(Job.Status.SUCCEEDED, True, True)]
    run.refresh_from_db()
    assert run.notified_at >= Job.objects.get(pk=run.job.pk).finished_at
    assert sorted(e.to_address for e in _report_emails(run)) == sorted(p.email for p in people)
    assert {e.status for e in _report_emails(run)} == {"sent"}


@pytest.mark.django_db
def test_a_report_that_could_not_be_stored_emails_nobody_until_it_is(
    partnership, result, monkeypatch, celery_eager, django_capture_on_commit_callbacks
):
    run, people = _scheduled_run(partnership, result)

    def broken_storage(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(runner, "job_succeed", broken_storage)
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        report_render_task(run.job.pk)

    assert _report_emails(run).count() == 0
    assert not Notification.objects.filter(dedup_key=f"mel-report-run:{run.uuid}").exists()
    assert ReportRun.objects.get(pk=run.pk).notified_at is None

    # The broker redelivers the task (acks_late); storage works again.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        report_render_task(run.job.pk)

    assert Job.objects.get(pk=run.job.pk).status == Job.Status.SUCCEEDED
    assert _report_emails(run).count() == len(people)


@pytest.mark.django_db
def test_running_the_task_again_after_success_emails_nobody_again(
    partnership, result, celery_eager, django_capture_on_commit_callbacks
):
    run, people = _scheduled_run(partnership, result)

    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            report_render_task(run.job.pk)

    assert _report_emails(run).count() == len(people)
    link = reverse("mel:report-run", args=[partnership.slug, run.uuid])
    assert len([m for m in mail.outbox if link in m.body]) == len(people)
    assert Notification.objects.filter(dedup_key=f"mel-report-run:{run.uuid}").count() == 2


@pytest.mark.django_db
def test_a_job_that_stopped_between_success_and_email_emails_on_the_next_run(
    partnership, result, celery_eager, django_capture_on_commit_callbacks
):
    """A worker that died after committing the job but before queueing the emails:
    the redelivered task finds the job done and the recipients not yet notified."""
    run, people = _scheduled_run(partnership, result)
    report_render_job.run(run.job.pk)  # the job only, as if the worker died right after
    assert _report_emails(run).count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        report_render_task(run.job.pk)
        report_render_task(run.job.pk)

    assert _report_emails(run).count() == len(people)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_commits_the_job_before_it_queues_the_emails(
    partnership, result, celery_worker
):
    run, people = _scheduled_run(partnership, result)

    wait_for(lambda: Job.objects.get(pk=run.job.pk).is_finished, timeout=120)
    job = Job.objects.get(pk=run.job.pk)
    assert job.status == Job.Status.SUCCEEDED, job.error + celery_worker.log()[-3000:]
    wait_for(lambda: _report_emails(run).filter(status="sent").count() == len(people))
    deliveries = list(_report_emails(run))
    assert all(d.created_at >= job.finished_at for d in deliveries)
    assert ReportRun.objects.get(pk=run.pk).notified_at >= job.finished_at

    # The same task delivered again (e.g. after a lost acknowledgement): nothing more.
    report_render_task.apply_async(args=[job.pk])
    wait_for(lambda: _runs_done(celery_worker.log()) == 2, timeout=60)
    assert _report_emails(run).count() == len(people)
