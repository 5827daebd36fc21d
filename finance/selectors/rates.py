"""Reads of the hub's exchange-rate table for the staff pages."""

from __future__ import annotations

from django.db.models import QuerySet

from finance.models import ExchangeRate


def rate_latest_list() -> QuerySet[ExchangeRate]:
    """The most recent rate of each currency (one query)."""
    return ExchangeRate.objects.order_by("currency", "-date").distinct("currency")


def rate_history(*, currency: str, limit: int = 30) -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.filter(currency=currency).order_by("-date")[:limit]
