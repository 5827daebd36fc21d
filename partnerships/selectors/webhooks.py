"""Reads for the webhook settings pages and the API usage page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from partnerships.models import ApiKeyDailyUsage, Partnership, WebhookDelivery, WebhookEndpoint

USAGE_DAYS = 30


def webhook_list(*, partnership: Partnership) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.for_partnership(partnership).annotate(
        pending_count=Count(
            "deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.PENDING)
        ),
        failed_count=Count(
            "deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.FAILED)
        ),
    )


def webhook_deliveries(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return (
        WebhookDelivery.objects.for_partnership(endpoint.partnership_id)
        .filter(endpoint=endpoint)
        .defer("payload")
        .order_by("-created_at", "-pk")
    )


@dataclass
class KeyUsage:
    key_uuid: str
    name: str
    prefix: str
    requests: int = 0
    errors: int = 0
    per_day: dict[datetime.date, tuple[int, int]] = field(default_factory=dict)


@dataclass
class UsageReport:
    first: datetime.date
    last: datetime.date
    keys: list[KeyUsage]
    rows: list[tuple[datetime.date, KeyUsage, int, int]]  # newest first

    @property
    def days(self) -> list[datetime.date]:
        return [self.first + datetime.timedelta(days=i) for i in range(USAGE_DAYS)]

    @property
    def total_requests(self) -> int:
        return sum(k.requests for k in self.keys)

    @property
    def total_errors(self) -> int:
        return sum(k.errors for k in self.keys)

    def chart(self) -> dict:
        days = self.days
        return {
            "labels": [day.isoformat() for day in days],
            "keys": [
                {
                    "name": f"{k.name} ({k.prefix}…)",
                    "requests": [k.per_day.get(day, (0, 0))[0] for day in days],
                    "errors": [k.per_day.get(day, (0, 0))[1] for day in days],
                }
                for k in self.keys
            ],
        }


def api_usage(*, partnership: Partnership, today: datetime.date | None = None) -> UsageReport:
    """Requests and errors per key per day (UTC) over the last ``USAGE_DAYS`` days, in
    one query whatever the number of keys and days."""
    last = today or timezone.now().date()
    first = last - datetime.timedelta(days=USAGE_DAYS - 1)
    rows = (
        ApiKeyDailyUsage.objects.for_partnership(partnership)
        .filter(day__gte=first, day__lte=last)
        .select_related("api_key")
        .order_by("-day", "api_key__name", "api_key_id")
    )
    keys: dict[int, KeyUsage] = {}
    table = []
    for row in rows:
        key = keys.get(row.api_key_id)
        if key is None:
            key = keys[row.api_key_id] = KeyUsage(
                key_uuid=str(row.api_key.uuid), name=row.api_key.name, prefix=row.api_key.prefix
            )
        key.requests += row.requests
        key.errors += row.errors
        key.per_day[row.day] = (row.requests, row.errors)
        table.append((row.day, key, row.requests, row.errors))
    ordered = sorted(keys.values(), key=lambda k: (-k.requests, k.name))
    return UsageReport(first=first, last=last, keys=ordered, rows=table)
