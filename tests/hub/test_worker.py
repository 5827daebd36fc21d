"""Against a real ``celery -A hub worker`` process, Redis and PostgreSQL."""

import csv
import io

import pytest

from hub.jobs.services import job_create
from hub.models import EmailDelivery, Job, Notification
from hub.notifications import kinds
from tests.hub.factories import UserFactory
from tests.worker import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_runs_a_job_and_sends_the_notification_email(celery_worker_factory, smtp_server):
    # given a worker that sends mail to a real SMTP server, and a person with a notification
    celery_worker_factory(EMAIL_URL=smtp_server.email_url)
    owner = UserFactory(full_name="Ana Silva")
    Notification.objects.create(recipient=owner, kind=kinds.SYSTEM, title="Welcome", body="Hi")

    # when they start the export
    job = job_create(
        owner=owner,
        kind="export",
        title="Export my notifications as CSV",
        task_name="hub.jobs.tasks.demo_export_task",
    )

    # then the worker finishes it with the CSV as result
    job = wait_for(
        lambda: Job.objects.filter(pk=job.pk, status__in=["succeeded", "failed"]).first()
    )
    assert (job.status, job.error, job.progress) == (Job.Status.SUCCEEDED, "", 100)
    with job.result_file.open("rb") as handle:
        rows = list(csv.reader(io.StringIO(handle.read().decode())))
    assert rows[0] == ["Date", "Kind", "Title", "Message", "Link", "Read"]
    assert [row[1:] for row in rows[1:]] == [["system", "Welcome", "Hi", "", "no"]]

    # and the owner is told, in the app and by one email through SMTP
    assert Notification.objects.filter(recipient=owner, kind=kinds.JOB_FINISHED).count() == 1
    delivery = wait_for(
        lambda: EmailDelivery.objects.filter(recipient=owner, status="sent").first(), timeout=30
    )
    assert delivery.attempts == 1
    assert len(smtp_server.messages) == 1
    recipients, message = smtp_server.messages[0]
    assert recipients == [owner.email]
    # Django folds a non-ASCII subject onto the next line; the parser keeps the fold's space.
    assert message["Subject"].strip() == "[Landscape Hub] “Export my notifications as CSV” is ready"
    assert message["List-Unsubscribe"].strip().startswith("<http")
