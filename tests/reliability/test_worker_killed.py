"""A worker killed with SIGKILL in the middle of a report: the report still completes,
exactly once, and its owner gets one email."""

import datetime
import os
import signal
import time

import pytest
from django.conf import settings

from hub.models import EmailDelivery, Job, Notification
from hub.notifications import kinds
from mel.reports.services import report_start
from partnerships.roles import Role
from tests.mel.factories import IndicatorFactory, MeasurementFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.worker import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# The broker hands a message out again once it has been unacknowledged this long.
VISIBILITY_TIMEOUT = 4
FAST_REDELIVERY = {
    "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
    "CELERY_UNACKED_RESTORE_INTERVAL": "1",
}


def _result_files() -> list:
    root = settings.MEDIA_ROOT / "jobs"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_report_whose_worker_is_killed_completes_once_on_another_worker(
    hub_on, celery_worker_factory, worker_on_queue, smtp_server
):
    # (a Redis of its own: its short visibility timeout must not redeliver the
    # messages of the other tests' workers)
    # given a partnership with data and a worker whose report rendering takes long
    partnership = PartnershipFactory(name="Mount Elgon")
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    indicator = IndicatorFactory(result__framework__partnership=partnership, code="HA-1")
    MeasurementFactory(
        indicator=indicator, period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31), status="approved",
    )  # fmt: skip
    env = {"EMAIL_URL": smtp_server.email_url, "REDIS_URL": hub_on.url, **FAST_REDELIVERY}
    doomed = celery_worker_factory(HUB_TEST_JOB_PAUSE="120", **env)

    # when the leader asks for the PDF report and the worker dies while writing it
    job = report_start(partnership=partnership, actor=leader, fmt="pdf")
    wait_for(
        lambda: Job.objects.filter(pk=job.pk, status="running", progress__gte=50).exists(),
        timeout=45,
    )
    os.killpg(doomed.process.pid, signal.SIGKILL)
    doomed.process.wait(timeout=10)
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING

    # and another worker takes over the queue
    rescuer = worker_on_queue(doomed.queue, **env)

    # then the report completes on the new worker, with one result file
    job = wait_for(
        lambda: Job.objects.filter(pk=job.pk, status__in=["succeeded", "failed"]).first(),
        timeout=45,
    )
    assert (job.status, job.error, job.progress) == (Job.Status.SUCCEEDED, "", 100)
    assert job.result_file.name.endswith(".pdf")
    with job.result_file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert [path.name for path in _result_files()] == [os.path.basename(job.result_file.name)]
    assert "mel.tasks.report_render_task" in rescuer.log()
    assert Job.objects.count() == 1
    assert job.attempts == 1

    # and the leader is told once, in the app and by one email through SMTP
    wait_for(lambda: EmailDelivery.objects.filter(status="sent").exists(), timeout=30)
    # a late duplicate would be redelivered within the visibility timeout; give it time
    time.sleep(VISIBILITY_TIMEOUT + 3)
    assert Notification.objects.filter(recipient=leader, kind=kinds.JOB_FINISHED).count() == 1
    assert EmailDelivery.objects.count() == 1
    assert [recipients for recipients, _message in smtp_server.messages] == [[leader.email]]
    assert "is ready" in smtp_server.messages[0][1]["Subject"]
