"""Delivering webhook events (ADR 0010).

- ``deliveries_for_event`` (subscribed to ``hub.events``) records one delivery per
  active endpoint that subscribed to the event's type, numbered per endpoint and object.
- ``delivery_attempt`` (run by ``webhook_deliver_task``) sends one delivery, under a
  row lock so two workers never send it twice. A delivery waits while an earlier one of
  the same object for the same endpoint is pending; each finished delivery starts the
  next one.
- Timeouts, connection errors, 429 and 5xx are retried with exponential backoff; any
  other answer outside 2xx (redirects included) fails at once. After
  ``DISABLE_AFTER`` consecutive final failures the endpoint is disabled and its
  partnership's leaders are notified.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
from dataclasses import dataclass

import certifi
import urllib3
from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from hub.events import PAYLOAD_VERSION, Event
from hub.notifications import kinds
from hub.notifications.services import notify
from partnerships.models import Membership, WebhookDelivery, WebhookEndpoint
from partnerships.roles import Role
from partnerships.webhooks import signing
from partnerships.webhooks.ssrf import BlockedUrl, check_url

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 10.0
MAX_ATTEMPTS = 8  # 1 + 7 retries: with the default base of 30 s, about 2 hours in all
MAX_RETRY_AFTER = 60 * 60
DISABLE_AFTER = 5  # consecutive deliveries that finally failed
MAX_RESPONSE_BYTES = 4096
USER_AGENT = "LandscapeHub-Webhooks/1"
TEST_EVENT = "webhook.test"


def retry_base_seconds() -> float:
    return float(getattr(settings, "WEBHOOK_RETRY_BASE_SECONDS", 30))


def backoff_seconds(attempts: int) -> float:
    """Wait before attempt ``attempts + 1``: base, 2×base, 4×base, …"""
    return retry_base_seconds() * 2 ** max(attempts - 1, 0)


# --- recording ----------------------------------------------------------------------


def _next_sequence(endpoint: WebhookEndpoint, object_uuid) -> int:
    last = (
        WebhookDelivery.objects.for_partnership(endpoint.partnership_id)
        .filter(endpoint=endpoint, object_uuid=object_uuid)
        .aggregate(last=Max("sequence"))["last"]
    )
    return (last or 0) + 1


def delivery_record(
    *, endpoint: WebhookEndpoint, payload: dict, redelivery_of: WebhookDelivery | None = None
) -> WebhookDelivery:
    """One new pending delivery of ``payload``, numbered after the endpoint's earlier
    deliveries of the same object. Call inside a transaction that locked ``endpoint``."""
    delivery = WebhookDelivery(
        partnership_id=endpoint.partnership_id,
        endpoint=endpoint,
        event_id=payload["id"],
        event_type=payload["type"],
        object_uuid=payload["object_id"],
        sequence=_next_sequence(endpoint, payload["object_id"]),
        payload=payload,
        redelivery_of=redelivery_of,
    )
    delivery.full_clean()
    delivery.save()
    pk = delivery.pk
    transaction.on_commit(lambda: enqueue(pk), robust=True)
    return delivery


def deliveries_for_event(event: Event) -> list[WebhookDelivery]:
    """Subscriber of ``hub.events``: runs after the publishing transaction committed."""
    payload = event.payload()
    created = []
    with transaction.atomic():
        endpoints = (
            WebhookEndpoint.objects.for_partnership(event.partnership_id)
            .filter(is_active=True, event_types__contains=[event.type])
            .select_for_update()
            .order_by("pk")
        )
        for endpoint in endpoints:
            already = WebhookDelivery.objects.filter(
                endpoint=endpoint, event_id=event.id, redelivery_of__isnull=True
            ).exists()
            if not already:
                created.append(delivery_record(endpoint=endpoint, payload=payload))
    return created


def on_event(event: Event) -> None:
    """The handler ``partnerships`` subscribes: a failure here must not break the
    request that published the event (it is logged; the change itself is committed)."""
    try:
        deliveries_for_event(event)
    except Exception:
        logger.exception("Recording webhook deliveries for event %s failed", event.id)


def enqueue(delivery_id: int, *, countdown: float | None = None) -> None:
    from partnerships.webhooks.tasks import webhook_deliver_task

    webhook_deliver_task.apply_async(args=[delivery_id], countdown=countdown)


def test_payload(endpoint: WebhookEndpoint) -> dict:
    import uuid

    return {
        "id": str(uuid.uuid4()),
        "type": TEST_EVENT,
        "version": PAYLOAD_VERSION,
        "occurred_at": timezone.now().isoformat(),
        "object_id": str(endpoint.uuid),
        "data": {"message": "This is a test event from Landscape Hub."},
    }


# --- sending -------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: int | None  # HTTP status, None when no answer came
    ms: int
    error: str = ""
    retryable: bool = False
    retry_after: int | None = None  # seconds a 429 asked us to wait

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def signed_headers(endpoint: WebhookEndpoint, *, event_id: str, event_type: str, body: bytes):
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signing.ID_HEADER: event_id,
        signing.EVENT_HEADER: event_type,
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.signature(
            secret=endpoint.secret, timestamp=timestamp, body=body
        ),
    }
    if (
        endpoint.previous_secret
        and endpoint.previous_secret_expires_at
        and endpoint.previous_secret_expires_at > timezone.now()
    ):
        headers[signing.PREVIOUS_SIGNATURE_HEADER] = signing.signature(
            secret=endpoint.previous_secret, timestamp=timestamp, body=body
        )
    return headers


def _pool(target):
    options = {
        "timeout": urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT),
        "retries": False,
        "maxsize": 1,
    }
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            target.ip,
            target.port,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            **options,
        )
    return urllib3.HTTPConnectionPool(target.ip, target.port, **options)


def send(endpoint: WebhookEndpoint, payload: dict) -> Outcome:
    """POST ``payload`` to the endpoint: the address is checked now (DNS may have
    changed) and the connection goes to exactly the checked address."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        target = check_url(endpoint.url)
    except BlockedUrl as error:
        return Outcome(status=None, ms=elapsed(), error=error.message[:500])
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    headers = signed_headers(
        endpoint, event_id=payload["id"], event_type=payload["type"], body=body
    )
    headers["Host"] = target.host_header
    pool = _pool(target)
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers=headers,
            redirect=False,
            retries=False,
            assert_same_host=False,
            preload_content=False,
        )
        try:
            response.read(MAX_RESPONSE_BYTES)
        finally:
            response.release_conn()
    except urllib3.exceptions.NewConnectionError as error:  # a subclass of the timeout
        message = f"Connection error: {type(error).__name__}"
        return Outcome(status=None, ms=elapsed(), error=message, retryable=True)
    except urllib3.exceptions.TimeoutError:
        return Outcome(status=None, ms=elapsed(), error="Timeout", retryable=True)
    except (urllib3.exceptions.HTTPError, OSError) as error:
        message = f"Connection error: {type(error).__name__}"
        return Outcome(status=None, ms=elapsed(), error=message, retryable=True)
    finally:
        pool.close()
    status = response.status
    if 200 <= status < 300:
        return Outcome(status=status, ms=elapsed())
    retryable = status == 429 or status >= 500
    error = "Redirects are not followed." if 300 <= status < 400 else f"HTTP {status}"
    retry_after = response.headers.get("Retry-After", "").strip()
    return Outcome(
        status=status,
        ms=elapsed(),
        error=error,
        retryable=retryable,
        retry_after=int(retry_after) if status == 429 and retry_after.isdigit() else None,
    )


# --- the state machine ------------------------------------------------------------------


def _earlier_pending(delivery: WebhookDelivery) -> bool:
    return (
        WebhookDelivery.objects.for_partnership(delivery.partnership_id)
        .filter(
            endpoint_id=delivery.endpoint_id,
            object_uuid=delivery.object_uuid,
            sequence__lt=delivery.sequence,
            status=WebhookDelivery.Status.PENDING,
        )
        .exists()
    )


def _start_next(delivery: WebhookDelivery) -> None:
    following = (
        WebhookDelivery.objects.for_partnership(delivery.partnership_id)
        .filter(
            endpoint_id=delivery.endpoint_id,
            object_uuid=delivery.object_uuid,
            sequence__gt=delivery.sequence,
            status=WebhookDelivery.Status.PENDING,
        )
        .order_by("sequence")
        .values_list("pk", flat=True)
        .first()
    )
    if following is not None:
        transaction.on_commit(lambda: enqueue(following), robust=True)


def delivery_attempt(*, delivery_id: int, now: datetime.datetime | None = None) -> str:
    """Attempt one delivery if it is due and first in line; return what happened
    (``sent``, ``retry``, ``failed``, or why nothing was done). Idempotent."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return "not_pending"
        endpoint = delivery.endpoint
        now = now or timezone.now()
        if not endpoint.is_active:
            return "endpoint_inactive"
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return "not_due"
        if _earlier_pending(delivery):
            return "waiting"

        outcome = send(endpoint, delivery.payload)
        finished_at = timezone.now()
        delivery.attempts += 1
        delivery.last_attempt_at = finished_at
        delivery.response_status = outcome.status
        delivery.response_ms = outcome.ms
        delivery.error = outcome.error[:500]
        if outcome.succeeded:
            delivery.status = WebhookDelivery.Status.SUCCEEDED
            delivery.delivered_at = finished_at
            delivery.next_attempt_at = None
            result = "sent"
        elif outcome.retryable and delivery.attempts < MAX_ATTEMPTS:
            wait = backoff_seconds(delivery.attempts)
            if outcome.retry_after:
                wait = max(wait, min(outcome.retry_after, MAX_RETRY_AFTER))
            delivery.next_attempt_at = finished_at + datetime.timedelta(seconds=wait)
            result = "retry"
        else:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
            result = "failed"
        delivery.save()

        if result == "retry":
            pk = delivery.pk
            transaction.on_commit(lambda: enqueue(pk, countdown=wait), robust=True)
        else:
            _endpoint_count(endpoint, succeeded=result == "sent")
            _start_next(delivery)
        return result


def _endpoint_count(endpoint: WebhookEndpoint, *, succeeded: bool) -> None:
    """Reset or count the endpoint's consecutive final failures; disable it past the
    limit and tell the leaders."""
    if succeeded:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).exclude(consecutive_failures=0).update(
            consecutive_failures=0
        )
        return
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.consecutive_failures = F("consecutive_failures") + 1
    endpoint.save(update_fields=["consecutive_failures"])
    endpoint.refresh_from_db(fields=["consecutive_failures", "is_active"])
    if endpoint.is_active and endpoint.consecutive_failures >= DISABLE_AFTER:
        endpoint_auto_disable(endpoint=endpoint)


def endpoint_auto_disable(*, endpoint: WebhookEndpoint) -> None:
    endpoint.is_active = False
    endpoint.disabled_at = timezone.now()
    endpoint.disabled_reason = (
        f"Disabled after {endpoint.consecutive_failures} deliveries in a row failed."
    )
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    partnership = endpoint.partnership
    leaders = [
        m.user
        for m in Membership.objects.for_partnership(partnership)
        .filter(role=Role.LEADER, user__is_active=True)
        .select_related("user")
    ]
    notify(
        recipients=leaders,
        kind=kinds.WEBHOOKS,
        title=format_lazy(
            gettext_lazy("A webhook of {partnership} was disabled"), partnership=partnership.name
        ),
        body=format_lazy(
            gettext_lazy(
                "Deliveries to {url} failed {count} times in a row, so we stopped sending "
                "events there. Fix the receiver, then enable the webhook again: waiting "
                "events are sent then."
            ),
            url=endpoint.url,
            count=endpoint.consecutive_failures,
        ),
        url=reverse("partnerships:webhook-detail", args=[partnership.slug, endpoint.uuid]),
        dedup_key=f"webhook-disabled:{endpoint.uuid}:{endpoint.disabled_at.isoformat()}",
    )


def deliveries_enqueue_due(*, now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Safety net (beat, every minute): queue again the pending deliveries of active
    endpoints that are due, in case a queued task was lost."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(minutes=2)
    ids = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, endpoint__is_active=True
        )
        .filter(
            Q(next_attempt_at__isnull=True, created_at__lt=stale)
            | Q(next_attempt_at__lt=now - datetime.timedelta(seconds=30))
        )
        .order_by("endpoint_id", "object_uuid", "sequence")
        .distinct("endpoint_id", "object_uuid")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        enqueue(pk)
    return len(ids)


def endpoint_pending_heads(endpoint: WebhookEndpoint) -> list[int]:
    """The first pending delivery of each object (to start after enabling)."""
    return list(
        WebhookDelivery.objects.for_partnership(endpoint.partnership_id)
        .filter(endpoint=endpoint, status=WebhookDelivery.Status.PENDING)
        .order_by("object_uuid", "sequence")
        .distinct("object_uuid")
        .values_list("pk", flat=True)
    )
