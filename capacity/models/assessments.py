import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import UUIDModel
from partnerships.tenancy import TenantModel

MIN_SCORE, MAX_SCORE = 0, 5


@pghistory.track()
class SelfAssessment(TenantModel, UUIDModel):
    """A partnership's self-assessment of its capacity against a framework."""

    class Phase(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        FOLLOW_UP = "follow_up", _("Follow-up")

    framework = models.ForeignKey(
        "capacity.CompetencyFramework", on_delete=models.PROTECT, related_name="+"
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    assessed_on = models.DateField(_("assessed on"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-assessed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.framework} · {self.get_phase_display()} · {self.assessed_on}"


@pghistory.track()
class AssessmentScore(TenantModel):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="scores")
    competency = models.ForeignKey(
        "capacity.Competency", on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competency"], name="assessment_score_once"
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=MAX_SCORE), name="assessment_score_at_most_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.score}"
