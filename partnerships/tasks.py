"""Celery tasks of the partnerships app (see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.utils import timezone

from partnerships.services.governance import action_item_reminders_send


@shared_task
def action_item_reminders_task() -> int:
    """Daily: remind owners of action items due soon or overdue; safe to run twice."""
    return action_item_reminders_send(today=timezone.localdate())


from partnerships.tasks_digest import digest_send_task, digest_weekly_task  # noqa: E402, F401  (found by autodiscovery)
from partnerships.tasks_membership import invitation_expire_task  # noqa: E402, F401  (found by autodiscovery)
