import pytest
from django.core import mail

from hub.models import EmailDelivery
from hub.notifications.services import email_deliver, email_queue
from hub.notifications.tasks import email_send_task
from tests.worker import free_port

UNSUBSCRIBE = "https://hub.example.org/notifications/unsubscribe/abc/"


def queue(user=None, **overrides) -> EmailDelivery:
    fields = {
        "dedup_key": "welcome:1",
        "to": "ana@example.org",
        "subject": "Welcome",
        "text": "Hello Ana",
        "html": "<p>Hello Ana</p>",
        "recipient": user,
        "unsubscribe_url": UNSUBSCRIBE,
    }
    return email_queue(**{**fields, **overrides})


@pytest.mark.django_db
def test_same_dedup_key_twice_stores_and_sends_one_email(
    user, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = queue(user)
        second = queue(user, subject="Welcome again")

    assert second.pk == first.pk
    assert EmailDelivery.objects.count() == 1
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.to, message.subject, message.body) == (
        ["ana@example.org"],
        "Welcome",
        "Hello Ana",
    )
    assert message.alternatives[0].content == "<p>Hello Ana</p>"
    assert message.extra_headers["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (EmailDelivery.Status.SENT, 1)
    assert delivery.sent_at is not None


@pytest.mark.django_db
def test_send_task_run_twice_sends_once(user):
    delivery = queue(user)

    first = email_send_task.apply(args=[delivery.pk]).get()
    second = email_send_task.apply(args=[delivery.pk]).get()

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (EmailDelivery.Status.SENT, 1)


@pytest.mark.django_db
def test_no_unsubscribe_header_when_not_given():
    delivery = queue(unsubscribe_url="")

    email_send_task.apply(args=[delivery.pk]).get()

    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_transient_error_is_recorded_and_raised_for_retry(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    delivery = queue()

    with pytest.raises(ConnectionRefusedError):
        email_deliver(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (EmailDelivery.Status.QUEUED, 1)
    assert delivery.last_error.startswith("ConnectionRefusedError")


@pytest.mark.django_db
def test_send_task_retries_transient_errors_then_marks_failed(settings):
    # Eager mode runs Celery's retries at once (no countdown): 1 try + 5 retries.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    delivery = queue()

    result = email_send_task.apply(args=[delivery.pk])

    assert isinstance(result.result, ConnectionRefusedError)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (EmailDelivery.Status.FAILED, 6)


@pytest.mark.django_db
def test_real_smtp_server_receives_exactly_one_message(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.host, smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    delivery = queue(subject="Your report is ready")

    email_send_task.apply(args=[delivery.pk]).get()
    email_send_task.apply(args=[delivery.pk]).get()

    assert len(smtp_server.messages) == 1
    recipients, message = smtp_server.messages[0]
    assert recipients == ["ana@example.org"]
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == "Your report is ready"
    assert message["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_body(("plain",)).get_content().strip() == "Hello Ana"
    assert message.get_body(("html",)).get_content().strip() == "<p>Hello Ana</p>"
