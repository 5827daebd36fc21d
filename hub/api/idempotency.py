"""``Idempotency-Key`` on API writes (ADR 0011).

A partner system that sends ``POST`` (or ``PUT``/``PATCH``/``DELETE``) with an
``Idempotency-Key`` header may retry the same request safely: the first response
(status, body and headers such as ``Location``) is stored for 24 hours and replayed for
a retry from the same caller (API key, or signed-in person) with the same key, method,
address and body; nothing is written twice. The same key with another method, address
or body is refused with 422 (``idempotency_key_reused``).

It is a middleware, so every endpoint under ``/api/`` gets it, whatever its view class:
the caller is authenticated with the API's own authentication classes, a PostgreSQL
advisory lock on (caller, key) makes a concurrent duplicate wait for the first request
and then replay it, and the view runs inside the same transaction as the stored record
(both are kept, or neither). Responses with status 5xx are not stored and what the view
wrote is rolled back; 401 and 429 are not stored either (a retry may succeed).
Expired records are purged on write (a batch at a time).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.settings import api_settings

from hub.api.exceptions import error_body
from hub.models import IdempotencyRecord

HEADER = "Idempotency-Key"
METHODS = ("POST", "PUT", "PATCH", "DELETE")
API_PREFIX = "/api/"
MAX_KEY_LENGTH = 255
TTL = timedelta(hours=24)
PURGE_BATCH = 500
NOT_STORED = {401, 429}
REPLAYED_HEADER = "Idempotent-Replayed"
# Headers that belong to one answer on the wire, not to the stored response.
SKIPPED_HEADERS = {"set-cookie", "date", "content-length", "vary", "server"}


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and all(32 < ord(char) < 127 for char in key)


def request_caller(request) -> str | None:
    """``key:<api key uuid>`` or ``user:<id>``; None when the credentials do not
    authenticate (the view then answers 401/403 as usual)."""
    drf_request = Request(
        request, authenticators=[cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    )
    try:
        user, auth = drf_request.user, drf_request.auth
    except exceptions.APIException:
        return None
    key_uuid = getattr(auth, "uuid", None)
    if key_uuid is not None:
        return f"key:{key_uuid}"
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def body_hash(request) -> str:
    return hashlib.sha256(request.body).hexdigest()


def _lock(caller: str, key: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"idem:{caller}:{key}"]
        )


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(error_body(status, code, message), status=status)


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(bytes(record.response_body or b""), status=record.response_status)
    for name, value in record.response_headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def idempotency_purge(*, now=None, batch: int = PURGE_BATCH) -> int:
    """Delete up to ``batch`` records older than the 24-hour window."""
    cutoff = (now or timezone.now()) - TTL
    ids = list(
        IdempotencyRecord.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[:batch]
    )
    if not ids:
        return 0
    deleted, _rows = IdempotencyRecord.objects.filter(pk__in=ids).delete()
    return deleted


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if (
            key is None
            or request.method not in METHODS
            or not request.path_info.startswith(API_PREFIX)
        ):
            return self.get_response(request)
        if not _valid_key(key):
            return _error(
                400,
                "invalid_idempotency_key",
                _("The Idempotency-Key header must be 1 to 255 visible ASCII characters."),
            )
        caller = request_caller(request)
        if caller is None:
            return self.get_response(request)
        try:
            digest = body_hash(request)
        except Exception:  # too large a body: the view refuses it as usual
            return self.get_response(request)
        path = request.get_full_path()[:500]
        with transaction.atomic():
            _lock(caller, key)
            record = IdempotencyRecord.objects.filter(caller=caller, key=key).first()
            if record is not None and record.created_at < timezone.now() - TTL:
                record.delete()
                record = None
            if record is not None:
                if (record.method, record.path, record.body_hash) != (
                    request.method,
                    path,
                    digest,
                ):
                    return _error(
                        422,
                        "idempotency_key_reused",
                        _(
                            "This Idempotency-Key was already used for a different request "
                            "(method, address or body). Send a new key with a new request."
                        ),
                    )
                return _replay(record)
            response = self.get_response(request)
            status = response.status_code
            if status >= 500:
                transaction.set_rollback(True)
                return response
            if status in NOT_STORED or getattr(response, "streaming", False):
                return response
            IdempotencyRecord.objects.create(
                caller=caller,
                key=key,
                method=request.method,
                path=path,
                body_hash=digest,
                response_status=status,
                response_body=response.content,
                response_headers={
                    name: value
                    for name, value in response.items()
                    if name.lower() not in SKIPPED_HEADERS
                },
            )
            idempotency_purge()
        return response
