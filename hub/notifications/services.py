import datetime
import logging
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hub.models import EmailDelivery, Notification, NotificationPreference, User
from hub.notifications.emails import notification_email_render, unsubscribe_url
from hub.notifications.kinds import KINDS, kind_get

logger = logging.getLogger(__name__)

TRANSIENT_EMAIL_ERRORS = (OSError,)  # smtplib.SMTPException is an OSError subclass


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title,
    body="",
    url: str = "",
    email: bool = True,
    dedup_key: str | None = None,
    context: Mapping | None = None,
) -> list[Notification]:
    """Record an in-app notification for each recipient and queue an email to those
    who have not switched email off for ``kind``.

    ``title`` and ``body`` may be lazy translations; they are stored and emailed in
    each recipient's preferred language. With ``dedup_key`` (a stable identity of
    the event), reporting the same event again records and sends nothing more.
    Returns the notifications created by this call."""
    kind_get(kind)
    people = list({user.pk: user for user in recipients}.values())
    if not people:
        return []

    notifications = []
    for user in people:
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            notification = Notification(
                recipient=user,
                kind=kind,
                title=" ".join(str(title).split())[:300],
                body=str(body),
                url=url,
                dedup_key=dedup_key or "",
            )
        notification.full_clean(
            exclude=["recipient"], validate_unique=False, validate_constraints=False
        )
        notifications.append(notification)

    if dedup_key:
        already = set(
            Notification.objects.filter(recipient__in=people, dedup_key=dedup_key).values_list(
                "recipient_id", flat=True
            )
        )
        notifications = [n for n in notifications if n.recipient_id not in already]
    Notification.objects.bulk_create(notifications, ignore_conflicts=bool(dedup_key))

    if email:
        opted_out = set(
            NotificationPreference.objects.filter(
                user__in=people, kind=kind, email=False
            ).values_list("user_id", flat=True)
        )
        for notification in notifications:
            user = notification.recipient
            if user.pk in opted_out or not user.is_active or not user.email:
                continue
            rendered = notification_email_render(
                recipient=user, kind=kind, title=title, body=body, url=url, context=context
            )
            email_queue(
                dedup_key=f"{dedup_key}:{user.pk}"
                if dedup_key
                else f"notification:{notification.uuid}",
                to=user.email,
                subject=rendered.subject,
                text=rendered.text,
                html=rendered.html,
                recipient=user,
                unsubscribe_url=unsubscribe_url(user_id=user.pk, kind=kind),
            )
    return notifications


@transaction.atomic
def email_queue(
    *,
    dedup_key: str,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    recipient: User | None = None,
    unsubscribe_url: str = "",
) -> EmailDelivery:
    """Store an email and send it after commit. An email with the same ``dedup_key``
    is stored (and sent) only once: calling again returns the existing row."""
    headers = {}
    if unsubscribe_url:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    fields = {
        "recipient": recipient,
        "to_address": to,
        "subject": " ".join(subject.split())[:300],
        "body_text": text,
        "body_html": html,
        "headers": headers,
    }
    EmailDelivery(dedup_key=dedup_key, **fields).full_clean(validate_unique=False)
    delivery, created = EmailDelivery.objects.get_or_create(dedup_key=dedup_key, defaults=fields)
    if created:
        from hub.notifications.tasks import email_send_task

        # robust: with the broker unreachable the email stays queued (the page still
        # answers) and email_requeue_stale sends it later.
        transaction.on_commit(lambda: email_send_task.delay(delivery.pk), robust=True)
    return delivery


def email_requeue_stale(*, older_than: datetime.timedelta) -> int:
    """Queue the sending again of emails never tried ``older_than`` after they were
    stored: their task was lost (the broker was unreachable then). Sending stays
    once-only (``email_deliver``). Returns how many were queued again."""
    from hub.notifications.tasks import email_send_task

    now = timezone.now()
    stale = EmailDelivery.objects.filter(
        status=EmailDelivery.Status.QUEUED, attempts=0, updated_at__lt=now - older_than
    )
    queued = 0
    for delivery_id in stale.values_list("pk", flat=True):
        email_send_task.delay(delivery_id)
        EmailDelivery.objects.filter(pk=delivery_id, attempts=0).update(updated_at=now)
        queued += 1
    if queued:
        logger.warning("Queued %s unsent emails again.", queued)
    return queued


def email_deliver(*, delivery_id: int, final_attempt: bool = False) -> bool:
    """Send a queued email once. The row stays locked while sending, so a duplicated
    or retried task waits and then finds it sent. Returns whether it sent now.

    A transient error is recorded and re-raised (the task retries it); on the final
    attempt the delivery is marked failed."""
    error: Exception | None = None
    with transaction.atomic():
        delivery = EmailDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status != EmailDelivery.Status.QUEUED:
            return False
        message = EmailMultiAlternatives(
            subject=delivery.subject,
            body=delivery.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.to_address],
            headers=delivery.headers or None,
        )
        if delivery.body_html:
            message.attach_alternative(delivery.body_html, "text/html")
        delivery.attempts += 1
        try:
            message.send()
        except TRANSIENT_EMAIL_ERRORS as exc:
            error = exc
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if final_attempt:
                delivery.status = EmailDelivery.Status.FAILED
        else:
            delivery.status = EmailDelivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
        delivery.save(update_fields=["status", "attempts", "last_error", "sent_at", "updated_at"])
    if error is not None:
        logger.warning("Email %s not sent (attempt %s): %s", delivery_id, delivery.attempts, error)
        raise error
    return True


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, user: User) -> int:
    now = timezone.now()
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=now, updated_at=now
    )


@transaction.atomic
def notification_preference_set(*, user: User, kind: str, email: bool) -> NotificationPreference:
    kind_get(kind)
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user, kind=kind, defaults={"email": email}
    )
    if preference.email != email:
        preference.email = email
        preference.full_clean()
        preference.save(update_fields=["email", "updated_at"])
    return preference


@transaction.atomic
def notification_preferences_update(*, user: User, email_by_kind: Mapping[str, bool]) -> None:
    unknown = set(email_by_kind) - set(KINDS)
    if unknown:
        raise ValidationError(
            _("Unknown notification kinds: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}
        )
    for kind, email in email_by_kind.items():
        notification_preference_set(user=user, kind=kind, email=email)
