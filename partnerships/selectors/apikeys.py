import hashlib

from django.db.models import F, QuerySet

from partnerships.models import ApiKey, Partnership


def apikey_hash(raw_key: str) -> str:
    """Keys are long random strings: a fast hash is enough (ADR 0005)."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


def apikey_for_prefix(*, prefix: str) -> ApiKey | None:
    return ApiKey.objects.select_related("created_by", "partnership").filter(prefix=prefix).first()


def apikey_list(*, partnership: Partnership) -> QuerySet[ApiKey]:
    return (
        ApiKey.objects.for_partnership(partnership)
        .select_related("created_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at")
    )
