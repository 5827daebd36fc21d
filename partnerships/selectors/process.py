"""Reads for the process tracker and the journey component."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from partnerships.models import Partnership, ProcessStage, StageEvidence, StageProgress


def stage_list() -> QuerySet[ProcessStage]:
    return ProcessStage.objects.filter(is_active=True).order_by("order", "name")


@dataclass
class StageStep:
    stage: ProcessStage
    progress: StageProgress | None

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else StageProgress.Status.NOT_STARTED

    @property
    def status_label(self) -> str:
        return str(StageProgress.Status(self.status).label)

    @property
    def evidence(self) -> list[StageEvidence]:
        return list(self.progress.evidence.all()) if self.progress else []


def stage_progress_queryset(*, partnership: Partnership) -> QuerySet[StageProgress]:
    return (
        StageProgress.objects.for_partnership(partnership)
        .select_related("stage")
        .prefetch_related(
            Prefetch("evidence", queryset=StageEvidence.objects.for_partnership(partnership))
        )
    )


def process_journey(*, partnership: Partnership, with_evidence: bool = True) -> list[StageStep]:
    """Every active stage in order with the partnership's progress on it (None when
    the partnership has not recorded anything yet): two or three queries."""
    progress_qs = (
        stage_progress_queryset(partnership=partnership)
        if with_evidence
        else StageProgress.objects.for_partnership(partnership)
    )
    by_stage = {p.stage_id: p for p in progress_qs.filter(stage__is_active=True)}
    return [StageStep(stage=stage, progress=by_stage.get(stage.pk)) for stage in stage_list()]


def journey_summary(steps: list[StageStep]) -> dict[str, int]:
    return {
        "total": len(steps),
        "completed": sum(s.status == StageProgress.Status.COMPLETED for s in steps),
        "in_progress": sum(s.status == StageProgress.Status.IN_PROGRESS for s in steps),
    }
