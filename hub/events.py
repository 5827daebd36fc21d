"""Domain events that leave the platform (webhooks and other subscribers).

Services call ``publish(...)`` inside their transaction; subscribers are called after a
successful commit, so a rolled-back change never announces itself. ``hub`` knows no
domain app: subscribers register themselves (``subscribe``) from their app's ``ready()``.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# name → what it means; the payload of each version is described in the OpenAPI schema.
EVENT_TYPES: dict[str, str] = {
    "measurement.submitted": _("A measurement was submitted for approval."),
    "measurement.approved": _("A measurement was approved."),
    "report.ready": _("A scheduled or requested report finished."),
    "member.joined": _("Someone joined the partnership."),
    "investment.stage_changed": _("An investment moved to another stage."),
    "portfolio.shared": _("The portfolio, or chosen investments, were shared with a funder."),
    "review.decided": _("A funder expressed interest in an investment or declined it."),
}

PAYLOAD_VERSION = "1"


@dataclass(frozen=True)
class Event:
    type: str
    partnership_id: int
    # The object the event is about (its public uuid); deliveries are ordered per object.
    object_uuid: uuid.UUID
    data: dict
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    occurred_at: datetime.datetime = field(default_factory=timezone.now)

    def payload(self) -> dict:
        return {
            "id": str(self.id),
            "type": self.type,
            "version": PAYLOAD_VERSION,
            "occurred_at": self.occurred_at.isoformat(),
            "object_id": str(self.object_uuid),
            "data": self.data,
        }


_subscribers: list[Callable[[Event], None]] = []


def subscribe(handler: Callable[[Event], None]) -> None:
    if handler not in _subscribers:
        _subscribers.append(handler)


def publish(event_type: str, *, partnership_id: int, object_uuid: uuid.UUID, data: dict) -> Event:
    """Announce an event once the current transaction commits. ``data`` must be JSON-able."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"Unknown event type {event_type!r}")
    event = Event(
        type=event_type, partnership_id=partnership_id, object_uuid=object_uuid, data=data
    )

    def deliver() -> None:
        for handler in list(_subscribers):
            handler(event)

    transaction.on_commit(deliver)
    return event
