"""URL kwarg fillers for the webhook settings pages (ADR 0010)."""

import uuid

from partnerships.models import WebhookDelivery, WebhookEndpoint
from tests.tenancy.harness import register_filler


def _endpoint(partnership) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        partnership=partnership,
        url=f"https://hooks.example.org/{uuid.uuid4().hex}",
        event_types=["member.joined"],
        secret="whsec_filler",
    )


@register_filler("webhook_uuid")
def _webhook(partnership):
    return _endpoint(partnership).uuid


@register_filler("delivery_uuid")
def _delivery(partnership):
    endpoint = _endpoint(partnership)
    event_id, object_uuid = uuid.uuid4(), uuid.uuid4()
    return WebhookDelivery.objects.create(
        partnership=partnership,
        endpoint=endpoint,
        event_id=event_id,
        event_type="member.joined",
        object_uuid=object_uuid,
        sequence=1,
        payload={
            "id": str(event_id),
            "type": "member.joined",
            "version": "1",
            "occurred_at": "2026-01-01T00:00:00+00:00",
            "object_id": str(object_uuid),
            "data": {},
        },
        status=WebhookDelivery.Status.FAILED,
    ).uuid
