"""Conditional requests on the API (ADR 0011): ``ETag`` / ``If-None-Match`` on reads and
``If-Match`` on updates, so two partner systems cannot silently overwrite each other.

- Every successful ``GET`` (detail and list, every page) under ``/api/`` carries a strong
  ``ETag``: a hash of the body the caller receives. It changes when the representation
  changes and differs between pages and between callers who see different fields.
- ``If-None-Match`` with the current tag answers ``304 Not Modified`` without a body.
- ``PUT``, ``PATCH`` and ``DELETE`` with ``If-Match``: the current representation is
  read the way a ``GET`` by the same caller would read it, under a PostgreSQL advisory
  lock on the address that is held until the write has committed; when no tag matches,
  the answer is ``412`` in the one error format and nothing is written. Without
  ``If-Match`` writes work as before. When the caller cannot read the address (404,
  403, no GET), the write itself answers as usual.
- A successful ``PUT``/``PATCH`` sent with ``If-Match`` answers with the new ``ETag``.

It is a middleware, so every endpoint gets it without anything in its view.
"""

from __future__ import annotations

import copy
import hashlib

from django.db import connection, transaction
from django.http import HttpResponseNotModified, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext as _

from hub.api.exceptions import error_body

API_PREFIX = "/api/"
READS = ("GET", "HEAD")
GUARDED_WRITES = ("PUT", "PATCH", "DELETE")
INTERNAL_ATTR = "hub_internal_read"
DROPPED_META = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IDEMPOTENCY_KEY",
    "CONTENT_TYPE",
    "CONTENT_LENGTH",
)


def etag_for(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest()[:40])


def is_internal_read(request) -> bool:
    """True for the read this middleware makes to check ``If-Match`` (not counted by
    throttling)."""
    return getattr(getattr(request, "_request", request), INTERNAL_ATTR, False)


def _strong_match(etag: str, candidates: list[str]) -> bool:
    return "*" in candidates or any(
        candidate == etag and not candidate.startswith("W/") for candidate in candidates
    )


def _weak_match(etag: str, candidates: list[str]) -> bool:
    return "*" in candidates or any(c.removeprefix("W/") == etag for c in candidates)


def _as_read(request):
    """A copy of the request as a GET of the same address by the same caller."""
    read = copy.copy(request)
    read.__dict__.pop("headers", None)
    read.method = "GET"
    read.META = {k: v for k, v in request.META.items() if k not in DROPPED_META}
    read.META["REQUEST_METHOD"] = "GET"
    setattr(read, INTERNAL_ATTR, True)
    return read


def _lock(path: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 1))", [f"etag:{path}"])


def _tagged(response) -> bool:
    return response.status_code == 200 and not getattr(response, "streaming", False)


class ConditionalRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method in READS:
            return self._read(request)
        if request.method in GUARDED_WRITES and "If-Match" in request.headers:
            return self._guarded_write(request)
        return self.get_response(request)

    def _read(self, request):
        response = self.get_response(request)
        if not _tagged(response):
            return response
        etag = etag_for(response.content)
        response["ETag"] = etag
        patch_vary_headers(response, ["Authorization", "Cookie"])
        patch_cache_control(response, private=True, no_cache=True)
        if_none_match = parse_etags(request.headers.get("If-None-Match", ""))
        if if_none_match and _weak_match(etag, if_none_match):
            not_modified = HttpResponseNotModified()
            for header in ("ETag", "Vary", "Cache-Control"):
                not_modified[header] = response[header]
            return not_modified
        return response

    def _current_etag(self, request) -> str | None:
        current = self.get_response(_as_read(request))
        return etag_for(current.content) if _tagged(current) else None

    def _guarded_write(self, request):
        if_match = parse_etags(request.headers["If-Match"])
        with transaction.atomic():
            _lock(request.path_info)
            etag = self._current_etag(request)
            if etag is not None and not _strong_match(etag, if_match):
                response = JsonResponse(
                    error_body(
                        412,
                        "precondition_failed",
                        _(
                            "The resource changed since you read it (its ETag is no longer "
                            "the one in If-Match). Read it again and repeat your change."
                        ),
                    ),
                    status=412,
                )
                response["ETag"] = etag
                return response
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
                return response
            if etag is not None and _tagged(response) and request.method != "DELETE":
                new_etag = self._current_etag(request)
                if new_etag is not None:
                    response["ETag"] = new_etag
        return response
