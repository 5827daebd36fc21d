"""Work whose message never reached the broker is queued again; a job delivered twice
runs once."""

import contextlib
import datetime

import psycopg
import pytest
from django.urls import reverse

from hub.celery import app as celery_app
from hub.jobs.services import job_create, job_requeue_stale
from hub.jobs.tasks import demo_export_task
from hub.models import EmailDelivery, Job
from hub.notifications.services import email_queue, email_requeue_stale
from tests.hub.factories import UserFactory
from tests.reliability.conftest import queued_tasks
from tests.worker import _database_url, free_port, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker(private_queue):
    """``broker.down()`` / ``broker.up()``: this process publishes to a port where no
    Redis listens, or to the test Redis again (the private queue)."""
    original = celery_app.conf.broker_url

    def use(url: str) -> None:
        celery_app.conf.broker_url = url
        celery_app._pool = None
        with contextlib.suppress(AttributeError, KeyError):
            celery_app.__dict__["amqp"]._producer_pool = None

    class Broker:
        queue, client = private_queue

        def down(self):
            use(f"redis://127.0.0.1:{free_port()}/0")

        def up(self):
            use(original)

    yield Broker()
    use(original)


def test_an_email_queued_while_the_broker_is_down_is_sent_later(broker):
    owner = UserFactory()
    broker.down()
    delivery = email_queue(dedup_key="welcome", to=owner.email, subject="Hi", text="Hello")
    assert EmailDelivery.objects.get(pk=delivery.pk).status == EmailDelivery.Status.QUEUED

    broker.up()
    assert email_requeue_stale(older_than=datetime.timedelta(minutes=10)) == 0
    assert email_requeue_stale(older_than=datetime.timedelta(0)) == 1
    assert queued_tasks(broker.client, broker.queue) == [
        ("hub.notifications.tasks.email_send_task", delivery.pk)
    ]
    # queued again once per sweep period, not at every sweep
    assert email_requeue_stale(older_than=datetime.timedelta(minutes=1)) == 0


def test_a_job_started_while_the_broker_is_down_waits_instead_of_failing_the_page(broker, client):
    owner = UserFactory()
    client.force_login(owner)
    broker.down()
    response = client.post(reverse("jobs:demo-export"))
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == Job.Status.PENDING

    broker.up()
    assert job_requeue_stale(older_than=datetime.timedelta(0)) == 1
    assert queued_tasks(broker.client, broker.queue) == [(job.task_name, job.pk)]


def test_a_second_delivery_while_the_job_runs_elsewhere_does_nothing(private_queue):
    job = job_create(
        owner=UserFactory(), kind="export", title="Export", task_name=demo_export_task.name
    )
    # another worker holds the job (its database session holds the claim)
    with psycopg.connect(_database_url(), autocommit=True) as other_worker:
        other_worker.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", [f"job:{job.pk}"])
        assert demo_export_task(job.pk) is None
        assert Job.objects.get(pk=job.pk).status == Job.Status.PENDING
    # that worker died: once the server has ended its session (shortly after the client
    # disconnects), the redelivered message runs the job
    wait_for(lambda: _lock_is_free(f"job:{job.pk}"), timeout=10)
    assert demo_export_task(job.pk) == Job.Status.SUCCEEDED
    assert demo_export_task(job.pk) is None


def _lock_is_free(name: str) -> bool:
    with psycopg.connect(_database_url(), autocommit=True) as connection:
        key = "hashtextextended(%s, 0)"
        [free] = connection.execute(f"SELECT pg_try_advisory_lock({key})", [name]).fetchone()
        if free:
            connection.execute(f"SELECT pg_advisory_unlock({key})", [name])
    return free
