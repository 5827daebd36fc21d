"""Webhook endpoints of a partnership: created, rotated, enabled, disabled, deleted and
redelivered by leaders (ADR 0010). Changes to endpoints are kept by row history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.events import EVENT_TYPES
from hub.models import User
from hub.services import ApplicationError
from partnerships.models import Partnership, WebhookDelivery, WebhookEndpoint
from partnerships.roles import PartnershipPerm
from partnerships.webhooks import delivery as webhook_delivery
from partnerships.webhooks import signing
from partnerships.webhooks.ssrf import BlockedUrl, check_url

ROTATION_OVERLAP = datetime.timedelta(hours=24)
MAX_ENDPOINTS = 20


def _check_perm(actor: User, partnership: Partnership) -> None:
    if not actor.has_perm(PartnershipPerm.MANAGE_SETTINGS, partnership):
        raise PermissionDenied


def _check_events(event_types: Iterable[str]) -> list[str]:
    chosen = sorted(set(event_types))
    if not chosen:
        raise ApplicationError(_("Choose at least one event."), field="event_types")
    unknown = [name for name in chosen if name not in EVENT_TYPES]
    if unknown:
        raise ApplicationError(
            _("Unknown event: %(name)s.") % {"name": ", ".join(unknown)}, field="event_types"
        )
    return chosen


def _check_url(url: str) -> str:
    url = url.strip()
    try:
        check_url(url)
    except BlockedUrl as error:
        raise ApplicationError(error.message, field="url") from error
    return url


def _locked(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    return (
        WebhookEndpoint.objects.for_partnership(endpoint.partnership_id)
        .select_for_update()
        .select_related("partnership")
        .get(pk=endpoint.pk)
    )


@transaction.atomic
def webhook_create(
    *,
    partnership: Partnership,
    actor: User,
    url: str,
    event_types: Iterable[str],
    description: str = "",
) -> tuple[WebhookEndpoint, str]:
    """Subscribe ``url`` to events; returns the endpoint and its secret (shown once)."""
    _check_perm(actor, partnership)
    events = _check_events(event_types)
    url = _check_url(url)
    if WebhookEndpoint.objects.for_partnership(partnership).count() >= MAX_ENDPOINTS:
        raise ApplicationError(
            _("A partnership can have at most %(count)s webhooks.") % {"count": MAX_ENDPOINTS}
        )
    if WebhookEndpoint.objects.for_partnership(partnership).filter(url=url).exists():
        raise ApplicationError(_("This URL already has a webhook."), field="url")
    secret = signing.new_secret()
    endpoint = WebhookEndpoint(
        partnership=partnership,
        url=url,
        description=description.strip(),
        event_types=events,
        secret=secret,
        created_by=actor,
    )
    endpoint.full_clean()
    endpoint.save()
    return endpoint, secret


@transaction.atomic
def webhook_update(
    *, endpoint: WebhookEndpoint, actor: User, event_types: Iterable[str], description: str = ""
) -> WebhookEndpoint:
    _check_perm(actor, endpoint.partnership)
    endpoint = _locked(endpoint)
    endpoint.event_types = _check_events(event_types)
    endpoint.description = description.strip()
    endpoint.full_clean()
    endpoint.save(update_fields=["event_types", "description", "updated_at"])
    return endpoint


@transaction.atomic
def webhook_rotate_secret(*, endpoint: WebhookEndpoint, actor: User) -> tuple[WebhookEndpoint, str]:
    """A new secret signs from now on; the current one keeps signing (second header)
    for ``ROTATION_OVERLAP`` so the receiver can switch without losing events."""
    _check_perm(actor, endpoint.partnership)
    endpoint = _locked(endpoint)
    secret = signing.new_secret()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = timezone.now() + ROTATION_OVERLAP
    endpoint.secret = secret
    endpoint.save(
        update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"]
    )
    return endpoint, secret


@transaction.atomic
def webhook_set_active(*, endpoint: WebhookEndpoint, actor: User, active: bool) -> WebhookEndpoint:
    """Disable (events are no longer recorded for it) or enable it again: its waiting
    deliveries are sent then, and the address is checked again."""
    _check_perm(actor, endpoint.partnership)
    endpoint = _locked(endpoint)
    if endpoint.is_active == active:
        return endpoint
    if active:
        _check_url(endpoint.url)
        endpoint.is_active = True
        endpoint.consecutive_failures = 0
        endpoint.disabled_at = None
        endpoint.disabled_reason = ""
        for pk in webhook_delivery.endpoint_pending_heads(endpoint):
            transaction.on_commit(lambda pk=pk: webhook_delivery.enqueue(pk), robust=True)
    else:
        endpoint.is_active = False
        endpoint.disabled_at = timezone.now()
        endpoint.disabled_reason = _("Disabled by %(name)s.") % {"name": actor.get_full_name()}
    endpoint.save(
        update_fields=[
            "is_active",
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "updated_at",
        ]
    )
    return endpoint


@transaction.atomic
def webhook_delete(*, endpoint: WebhookEndpoint, actor: User) -> None:
    _check_perm(actor, endpoint.partnership)
    _locked(endpoint).delete()


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery, actor: User) -> WebhookDelivery:
    """Send a finished delivery's event again, as a new delivery (same ``Webhook-Id``),
    after the endpoint's other deliveries of the same object."""
    _check_perm(actor, delivery.endpoint.partnership)
    endpoint = _locked(delivery.endpoint)
    if not endpoint.is_active:
        raise ApplicationError(_("Enable the webhook before sending events again."))
    if delivery.status == WebhookDelivery.Status.PENDING:
        raise ApplicationError(_("This delivery is still being attempted."))
    return webhook_delivery.delivery_record(
        endpoint=endpoint,
        payload=delivery.payload,
        redelivery_of=delivery.redelivery_of or delivery,
    )


@transaction.atomic
def webhook_send_test(*, endpoint: WebhookEndpoint, actor: User) -> WebhookDelivery:
    """A ``webhook.test`` event, signed and delivered like any other."""
    _check_perm(actor, endpoint.partnership)
    endpoint = _locked(endpoint)
    if not endpoint.is_active:
        raise ApplicationError(_("Enable the webhook before sending a test event."))
    return webhook_delivery.delivery_record(
        endpoint=endpoint, payload=webhook_delivery.test_payload(endpoint)
    )
