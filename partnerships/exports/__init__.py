"""Datasets that export links serve (ADR 0011), and the reads of export links.

A dataset is a key, a label, the permission its reader needs on the partnership, its
columns and a function that yields its rows (dicts of JSON-friendly values) for one
partnership in a constant number of queries. ``datasets.py`` registers the datasets of
the domain apps; it imports them lazily, as wiring (like ``hub/urls.py``), so the
partnerships app does not depend on them at import time.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from partnerships.models import ExportLink, Partnership


@dataclass(frozen=True)
class Dataset:
    key: str
    label: str
    perm: str
    columns: tuple[str, ...]
    rows: Callable[[Partnership], Iterable[dict]]


DATASETS: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    DATASETS[dataset.key] = dataset
    return dataset


def dataset_get(key: str) -> Dataset | None:
    from partnerships.exports import datasets  # noqa: F401 (registers them)

    return DATASETS.get(key)


def datasets_for(*, user, partnership: Partnership) -> list[Dataset]:
    """The datasets this person may read in this partnership, in registry order."""
    from partnerships.exports import datasets  # noqa: F401

    return [d for d in DATASETS.values() if user.has_perm(d.perm, partnership)]


def creator_can_read(link: ExportLink, dataset: Dataset) -> bool:
    """Checked on every request: the creator still sees this dataset (an inactive
    creator or one who left the partnership does not)."""
    user = link.created_by
    return user.is_active and user.has_perm(dataset.perm, link.partnership)


def token_hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def exportlink_for_token(raw_token: str) -> ExportLink | None:
    """The usable (not revoked) link of this token, else None."""
    prefix, _sep, secret = raw_token.partition(".")
    if not prefix or not secret:
        return None
    link = (
        ExportLink.objects.select_related("created_by", "partnership")
        .filter(token_prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if link is None or not hmac.compare_digest(link.token_hash, token_hash(raw_token)):
        return None
    return link


def exportlink_list(*, partnership: Partnership, user, all_links: bool) -> QuerySet[ExportLink]:
    """Leaders see every link of the partnership; others their own."""
    qs = ExportLink.objects.for_partnership(partnership).select_related("created_by")
    if not all_links:
        qs = qs.filter(created_by=user)
    return qs.order_by("revoked_at", "-created_at")
