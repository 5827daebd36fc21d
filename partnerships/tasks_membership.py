"""Celery tasks for memberships (imported by partnerships.tasks so Celery finds them)."""

from celery import shared_task

from partnerships.services.membership import invitation_expire_overdue


@shared_task
def invitation_expire_task() -> int:
    """Hourly: mark pending invitations past their expiry as expired; safe to run twice."""
    return invitation_expire_overdue()
