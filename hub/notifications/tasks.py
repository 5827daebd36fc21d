import smtplib

from celery import shared_task

from hub.notifications.services import email_deliver


@shared_task(
    bind=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    max_retries=5,
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
)
def email_send_task(self, delivery_id: int) -> bool:
    return email_deliver(
        delivery_id=delivery_id, final_attempt=self.request.retries >= self.max_retries
    )
