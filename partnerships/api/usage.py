"""API usage counts: one row per API key per day (UTC), requests and errors (status
≥ 400), incremented by one upsert per request (``ApiUsageMiddleware``)."""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils import timezone

from partnerships.models import ApiKey

# ApiKeyDailyUsage's table (tests/partnerships/test_api_usage.py counts through the model).
_UPSERT = """
INSERT INTO partnerships_apikeydailyusage (partnership_id, api_key_id, day, requests, errors)
VALUES (%s, %s, %s, 1, %s)
ON CONFLICT (api_key_id, day) DO UPDATE
SET requests = partnerships_apikeydailyusage.requests + 1,
    errors = partnerships_apikeydailyusage.errors + EXCLUDED.errors
"""


def usage_record(*, api_key: ApiKey, status_code: int, day: datetime.date | None = None) -> None:
    """Count one request of ``api_key`` (an error when ``status_code`` ≥ 400): one
    statement, safe under concurrency."""
    day = day or timezone.now().astimezone(datetime.UTC).date()
    with connection.cursor() as cursor:
        cursor.execute(
            _UPSERT,
            [api_key.partnership_id, api_key.pk, day, 1 if status_code >= 400 else 0],
        )
