"""Capacity figures for the hub staff coordination dashboard, for many partnerships at once."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from capacity.selectors.participation import participation_enrollments
from hub.coordination import HealthFigure, register_health_figure

SINCE = datetime.date(2000, 1, 1)


def people_trained_by_partnership(ids: Sequence[int]) -> dict[int, int]:
    """Distinct people who completed a program through each partnership (one query)."""
    counts = dict(
        participation_enrollments(
            period_start=SINCE, period_end=timezone.localdate(), completed_only=True
        )
        .filter(partnership_id__in=ids)
        .order_by()
        .values("partnership_id")
        .annotate(n=Count("participant", distinct=True))
        .values_list("partnership_id", "n")
    )
    return {pk: counts.get(pk, 0) for pk in ids}


def register() -> None:
    register_health_figure(
        HealthFigure(
            key="people_trained",
            label=_("People trained"),
            compute=people_trained_by_partnership,
            order=50,
            help_text=_("People who completed a capacity program, all time."),
        )
    )
