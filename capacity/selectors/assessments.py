from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from capacity.models import AssessmentScore, Competency, CompetencyFramework, SelfAssessment


def assessment_list(*, partnership) -> QuerySet[SelfAssessment]:
    return (
        SelfAssessment.objects.for_partnership(partnership)
        .select_related("framework")
        .annotate(score_count=Count("scores"))
        .order_by("-assessed_on", "-created_at")
    )


def assessment_get(*, partnership, uuid) -> SelfAssessment:
    return (
        SelfAssessment.objects.for_partnership(partnership)
        .select_related("framework")
        .prefetch_related("scores__competency")
        .get(uuid=uuid)
    )


@dataclass(frozen=True)
class CompetencyChange:
    competency: Competency
    baseline: int | None
    follow_up: int | None

    @property
    def change(self) -> int | None:
        if self.baseline is None or self.follow_up is None:
            return None
        return self.follow_up - self.baseline


@dataclass(frozen=True)
class AssessmentComparison:
    framework: CompetencyFramework
    baseline: SelfAssessment | None
    follow_up: SelfAssessment | None
    rows: list[CompetencyChange]


def assessment_comparison(*, partnership, framework: CompetencyFramework) -> AssessmentComparison:
    """The first baseline and the latest follow-up of ``framework``, per competency."""
    assessments = SelfAssessment.objects.for_partnership(partnership).filter(framework=framework)
    baseline = (
        assessments.filter(phase=SelfAssessment.Phase.BASELINE)
        .order_by("assessed_on", "created_at")
        .first()
    )
    follow_up = (
        assessments.filter(phase=SelfAssessment.Phase.FOLLOW_UP)
        .order_by("-assessed_on", "-created_at")
        .first()
    )
    chosen = [a.pk for a in (baseline, follow_up) if a is not None]
    scores = {
        (s.assessment_id, s.competency_id): s.score
        for s in AssessmentScore.objects.for_partnership(partnership).filter(
            assessment_id__in=chosen
        )
    }
    rows = [
        CompetencyChange(
            competency=competency,
            baseline=scores.get((baseline.pk, competency.pk)) if baseline else None,
            follow_up=scores.get((follow_up.pk, competency.pk)) if follow_up else None,
        )
        for competency in framework.competencies.order_by("order", "code")
    ]
    return AssessmentComparison(
        framework=framework, baseline=baseline, follow_up=follow_up, rows=rows
    )


def frameworks_assessed(*, partnership) -> QuerySet[CompetencyFramework]:
    ids = SelfAssessment.objects.for_partnership(partnership).values("framework_id")
    return CompetencyFramework.objects.filter(pk__in=ids).order_by("name")
