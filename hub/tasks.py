"""Periodic tasks of the platform core (see CELERY_BEAT_SCHEDULE).

Importing the task modules of the hub's sub-packages here registers them with
Celery, which only autodiscovers ``<app>.tasks``."""

import datetime

from celery import shared_task
from django.conf import settings

from hub.jobs import tasks as jobs_tasks  # noqa: F401
from hub.jobs.services import job_cleanup, job_requeue_stale
from hub.notifications import tasks as notifications_tasks  # noqa: F401
from hub.notifications.services import email_requeue_stale

# Work whose message was lost while the broker was unreachable is queued again after this.
STALE_AFTER = datetime.timedelta(minutes=10)


@shared_task
def job_cleanup_task() -> int:
    return job_cleanup(older_than=datetime.timedelta(days=settings.HUB_JOB_RESULT_RETENTION_DAYS))


@shared_task
def jobs_requeue_stale_task() -> int:
    return job_requeue_stale(older_than=STALE_AFTER)


@shared_task
def emails_requeue_stale_task() -> int:
    return email_requeue_stale(older_than=STALE_AFTER)
