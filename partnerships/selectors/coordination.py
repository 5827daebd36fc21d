"""Reads for the hub staff coordination dashboard: every partnership with its health
figures (registered by each app in ``hub.coordination``), filtered and paginated."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.coordination import HealthFigure, health_figures, register_health_figure
from partnerships.models import ActionItem, Membership, Partnership, ProcessStage, StageProgress
from partnerships.selectors import event_source, tracked_tenant_models


@dataclass(frozen=True)
class CoordinationFilters:
    search: str = ""
    country: str = ""
    status: str = ""
    stage: str = ""  # ProcessStage.key of the stage the partnership is working on


@dataclass
class PartnershipHealth:
    partnership: Partnership
    current_stage: ProcessStage | None
    values: dict[str, Any] = field(default_factory=dict)
    attention: set[str] = field(default_factory=set)

    def cells(self, figures: Sequence[HealthFigure]) -> list[tuple[HealthFigure, Any, bool]]:
        return [(f, self.values.get(f.key), f.key in self.attention) for f in figures]


def _current_stage_subquery():
    """The first active stage (by order) that the partnership has not completed."""
    completed = StageProgress.objects.filter(
        partnership=OuterRef(OuterRef("pk")),
        stage=OuterRef("pk"),
        status=StageProgress.Status.COMPLETED,
    )
    return Subquery(
        ProcessStage.objects.filter(is_active=True)
        .exclude(Q(pk__in=completed.values("stage")))
        .order_by("order", "name")
        .values("pk")[:1],
        output_field=IntegerField(),
    )


def coordination_partnerships(*, filters: CoordinationFilters) -> QuerySet[Partnership]:
    """Approved partnerships (every visibility) with their current process stage id."""
    qs = Partnership.objects.filter(approval=Partnership.Approval.APPROVED).annotate(
        current_stage_id=_current_stage_subquery()
    )
    if filters.search:
        qs = qs.filter(Q(name__icontains=filters.search) | Q(slug__icontains=filters.search))
    if filters.country:
        qs = qs.filter(countries__contains=filters.country)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.stage:
        stage = ProcessStage.objects.filter(key=filters.stage).values("pk")[:1]
        qs = qs.filter(current_stage_id=Subquery(stage))
    return qs.order_by("name", "pk")


def partnership_health(partnerships: Sequence[Partnership]) -> list[PartnershipHealth]:
    """Every registered figure for these partnerships: one call per figure, each a fixed
    number of queries."""
    ids = [p.pk for p in partnerships]
    stages = ProcessStage.objects.in_bulk(
        {p.current_stage_id for p in partnerships if getattr(p, "current_stage_id", None)}
    )
    rows = [
        PartnershipHealth(partnership=p, current_stage=stages.get(p.current_stage_id))
        for p in partnerships
    ]
    if not ids:
        return rows
    for figure in health_figures():
        values = figure.compute(ids)
        for row in rows:
            value = values.get(row.partnership.pk)
            row.values[figure.key] = value
            if figure.needs_attention and value is not None and figure.needs_attention(value):
                row.attention.add(figure.key)
    return rows


def members_by_partnership(ids: Sequence[int]) -> dict[int, int]:
    return dict(
        Membership.objects.filter(partnership_id__in=ids)
        .values("partnership_id")
        .annotate(n=Count("pk"))
        .values_list("partnership_id", "n")
    )


def last_activity_by_partnership(ids: Sequence[int]) -> dict[int, datetime.datetime]:
    """The newest tracked change to any of the partnership's rows (one UNION query)."""
    parts = []
    for model in tracked_tenant_models():
        source = event_source(model)
        if source is None:
            continue
        event_model, column = source
        parts.append(
            event_model.objects.filter(**{f"{column}__in": ids})
            .values(column)
            .annotate(at=Max("pgh_created_at"))
            .values_list(column, "at")
            .order_by()
        )
    latest: dict[int, datetime.datetime] = {}
    if parts:
        for pk, at in parts[0].union(*parts[1:], all=True):
            if pk is not None and (pk not in latest or at > latest[pk]):
                latest[pk] = at
    return latest


def overdue_actions_by_partnership(ids: Sequence[int]) -> dict[int, int]:
    today = timezone.localdate()
    counts = dict(
        ActionItem.objects.filter(
            partnership_id__in=ids,
            due_date__lt=today,
            status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS],
        )
        .values("partnership_id")
        .annotate(n=Count("pk"))
        .values_list("partnership_id", "n")
    )
    return {pk: counts.get(pk, 0) for pk in ids}


STALE_AFTER = datetime.timedelta(days=60)


def register() -> None:
    register_health_figure(
        HealthFigure(
            key="members",
            label=_("Members"),
            compute=members_by_partnership,
            order=10,
            needs_attention=lambda n: n < 3,
            help_text=_("Fewer than three members needs a look."),
        )
    )
    register_health_figure(
        HealthFigure(
            key="last_activity",
            label=_("Last activity"),
            compute=last_activity_by_partnership,
            kind="date",
            order=20,
            needs_attention=lambda at: timezone.now() - at > STALE_AFTER,
            help_text=_("Nothing changed for two months."),
        )
    )
    register_health_figure(
        HealthFigure(
            key="overdue_actions",
            label=_("Overdue actions"),
            compute=overdue_actions_by_partnership,
            order=60,
            needs_attention=lambda n: n > 0,
            help_text=_("Governance action items past their due date."),
        )
    )
