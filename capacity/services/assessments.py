from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity.models import AssessmentScore, Competency, CompetencyFramework, SelfAssessment
from capacity.models.assessments import MAX_SCORE, MIN_SCORE
from hub.models import User
from hub.services import ApplicationError


def _check_scores(framework: CompetencyFramework, scores: dict[Competency, int]) -> None:
    foreign = [c for c in scores if c.framework_id != framework.pk]
    if foreign:
        raise ApplicationError(
            _("%(competency)s is not part of %(framework)s.")
            % {"competency": foreign[0], "framework": framework},
            field="scores",
        )
    for competency, score in scores.items():
        if score is None or not (MIN_SCORE <= int(score) <= MAX_SCORE):
            raise ApplicationError(
                _("Scores go from %(min)s to %(max)s (%(competency)s).")
                % {"min": MIN_SCORE, "max": MAX_SCORE, "competency": competency},
                field="scores",
            )
    if not scores:
        raise ApplicationError(_("Score at least one competency."), field="scores")


def _save_scores(assessment: SelfAssessment, scores: dict[Competency, int]) -> None:
    assessment.scores.exclude(competency__in=list(scores)).delete()
    for competency, score in scores.items():
        AssessmentScore.objects.update_or_create(
            assessment=assessment,
            competency=competency,
            defaults={"score": int(score), "partnership_id": assessment.partnership_id},
        )


@transaction.atomic
def assessment_create(
    *,
    partnership,
    framework: CompetencyFramework,
    phase: str,
    assessed_on: datetime.date,
    scores: dict[Competency, int],
    notes: str = "",
    actor: User | None = None,
) -> SelfAssessment:
    _check_scores(framework, scores)
    if assessed_on > timezone.localdate():
        raise ApplicationError(_("The assessment date is in the future."), field="assessed_on")
    assessment = SelfAssessment(
        partnership=partnership,
        framework=framework,
        phase=phase,
        assessed_on=assessed_on,
        notes=notes.strip(),
        created_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    _save_scores(assessment, scores)
    return assessment


@transaction.atomic
def assessment_update(
    *,
    assessment: SelfAssessment,
    phase: str,
    assessed_on: datetime.date,
    scores: dict[Competency, int],
    notes: str = "",
) -> SelfAssessment:
    _check_scores(assessment.framework, scores)
    if assessed_on > timezone.localdate():
        raise ApplicationError(_("The assessment date is in the future."), field="assessed_on")
    assessment.phase, assessment.assessed_on, assessment.notes = phase, assessed_on, notes.strip()
    assessment.full_clean()
    assessment.save()
    _save_scores(assessment, scores)
    return assessment


@transaction.atomic
def assessment_delete(*, assessment: SelfAssessment) -> None:
    assessment.delete()
