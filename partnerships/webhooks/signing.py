"""Webhook signatures (ADR 0010).

``Webhook-Signature: v1=<hex>`` where ``<hex>`` is the lowercase hex HMAC-SHA256, keyed
with the endpoint's secret (its UTF-8 bytes, ``whsec_`` prefix included), of
``"<Webhook-Timestamp>.<raw body>"``. During the 24 hours after a rotation the previous
secret signs too, in ``Webhook-Signature-Previous`` (same format)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

SECRET_PREFIX = "whsec_"  # noqa: S105  (a prefix, not a secret)
SCHEME = "v1"
SIGNATURE_HEADER = "Webhook-Signature"
PREVIOUS_SIGNATURE_HEADER = "Webhook-Signature-Previous"
TIMESTAMP_HEADER = "Webhook-Timestamp"
ID_HEADER = "Webhook-Id"
EVENT_HEADER = "Webhook-Event"
# Receivers should refuse a timestamp further than this from their clock (replays).
TOLERANCE_SECONDS = 5 * 60


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """``v1=<hex>`` for one secret."""
    message = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return f"{SCHEME}={digest}"


def verify(
    *,
    secret: str,
    timestamp: str,
    body: bytes,
    signatures: list[str],
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """What a receiver does (used by our tests, and the example in the README): the
    timestamp is recent and one of the signature headers matches the secret."""
    try:
        stamp = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - stamp) > tolerance:
        return False
    expected = signature(secret=secret, timestamp=stamp, body=body)
    return any(hmac.compare_digest(expected, given.strip()) for given in signatures if given)
