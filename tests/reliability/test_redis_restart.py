"""Redis stops and starts again while the hub runs: pages keep answering, and the
jobs that were queued run once it is back."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from hub.jobs.services import job_requeue_stale
from hub.models import Job
from mel.reports.services import report_start
from partnerships.roles import Role
from tests.mel.factories import IndicatorFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.worker import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _finished(*jobs: Job) -> bool:
    return Job.objects.filter(
        pk__in=[job.pk for job in jobs], status__in=["succeeded", "failed"]
    ).count() == len(jobs)


def test_pages_answer_while_redis_is_down_and_queued_jobs_run_once_it_is_back(
    hub_on, celery_worker_factory, client
):
    # given a worker on that Redis, busy writing a report, and a second report queued
    partnership = PartnershipFactory(name="Mount Elgon")
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    IndicatorFactory(result__framework__partnership=partnership, code="HA-1")
    worker = celery_worker_factory(REDIS_URL=hub_on.url, HUB_TEST_JOB_PAUSE="8")
    client.force_login(leader)
    assert client.get(reverse("hub:dashboard")).status_code == 200
    assert hub_on.client().keys("hub:*"), "the session is cached in Redis"
    running = report_start(partnership=partnership, actor=leader, fmt="pdf")
    wait_for(lambda: Job.objects.filter(pk=running.pk, status="running").exists(), timeout=30)
    queued = report_start(partnership=partnership, actor=leader, fmt="xlsx")
    assert hub_on.client().llen(worker.queue) == 1

    # when Redis stops
    hub_on.stop()

    # then the pages still answer, the session coming from the database
    assert cache.get("anything", "missing") == "missing"
    for url in [
        reverse("hub:dashboard"),
        reverse("mel:dashboard", args=[partnership.slug]),
        reverse("jobs:list"),
        reverse("jobs:detail", args=[queued.uuid]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.wsgi_request.user == leader
    assert not _finished(running, queued)

    # and a job started meanwhile is recorded, waiting, instead of an error page
    response = client.post(reverse("jobs:demo-export"))
    assert response.status_code == 302
    started_meanwhile = Job.objects.get(kind="export")
    assert started_meanwhile.status == Job.Status.PENDING

    # and once Redis is back with its data, the worker reconnects and runs both reports
    time.sleep(1)
    hub_on.start()
    wait_for(lambda: _finished(running, queued), timeout=50)
    log = worker.log()
    assert "Connection to broker lost" in log
    assert log.count(f"Connected to redis://:**@127.0.0.1:{hub_on.port}/0") >= 2
    # the job whose message never reached Redis is queued again by the periodic sweep
    assert job_requeue_stale(older_than=datetime.timedelta(0)) == 1
    wait_for(lambda: _finished(started_meanwhile), timeout=30)
    assert set(Job.objects.values_list("status", flat=True)) == {Job.Status.SUCCEEDED}
    assert client.get(reverse("hub:dashboard")).status_code == 200
