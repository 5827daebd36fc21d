"""Celery tasks of the weekly activity digest (imported by partnerships.tasks so Celery
finds them; scheduled in CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from partnerships.services.digest import digest_recipients, digest_send, week_start_of


@shared_task
def digest_weekly_task(today: str | None = None) -> int:
    """Weekly: queue one digest task per person still due one this ISO week. Safe to
    run twice: each person's task sends at most once per week. ``today`` (ISO date)
    is for running a past week by hand; beat leaves it out."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    week_start = week_start_of(day)
    user_ids = list(digest_recipients(week_start=week_start).values_list("pk", flat=True))
    for user_id in user_ids:
        digest_send_task.delay(user_id, week_start.isoformat())
    return len(user_ids)


@shared_task(autoretry_for=(OperationalError,), max_retries=3, retry_backoff=60, retry_jitter=True)
def digest_send_task(user_id: int, week_start: str) -> bool:
    """One person's digest for the week starting ``week_start``; at most once."""
    return digest_send(user_id=user_id, week_start=datetime.date.fromisoformat(week_start))
