"""Celery tasks of outgoing webhooks (imported by ``PartnershipsConfig.ready`` so the
worker knows them)."""

from celery import shared_task

from partnerships.webhooks.delivery import deliveries_enqueue_due, delivery_attempt


@shared_task(ignore_result=True)
def webhook_deliver_task(delivery_id: int) -> str:
    """Attempt one delivery; safe to run twice (a sent delivery is never sent again)."""
    return delivery_attempt(delivery_id=delivery_id)


@shared_task(ignore_result=True)
def webhook_deliveries_due_task() -> int:
    """Every minute: queue pending deliveries whose task may have been lost."""
    return deliveries_enqueue_due()
