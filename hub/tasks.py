"""Periodic tasks of the platform core (see CELERY_BEAT_SCHEDULE).

Importing the task modules of the hub's sub-packages here registers them with
Celery, which only autodiscovers ``<app>.tasks``."""

import datetime

from celery import shared_task
from django.conf import settings

from hub.jobs import tasks as jobs_tasks  # noqa: F401
from hub.jobs.services import job_cleanup
from hub.notifications import tasks as notifications_tasks  # noqa: F401


@shared_task
def job_cleanup_task() -> int:
    return job_cleanup(older_than=datetime.timedelta(days=settings.HUB_JOB_RESULT_RETENTION_DAYS))
