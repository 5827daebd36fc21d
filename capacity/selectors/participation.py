"""Participation figures: distinct people, disaggregated by gender, age group and
partnership. ``participation_figures`` is what a MEL indicator such as "people trained"
reads; aggregate figures use gender and age group only as counts, also for people who
withdrew consent (their personal data is gone, the count remains)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from capacity.models import Attendance, Enrollment
from capacity.models.participants import AgeGroup, Gender


@dataclass(frozen=True)
class ParticipationFigures:
    period_start: datetime.date
    period_end: datetime.date
    completed_only: bool
    total: int
    by_gender: dict[str, int] = field(default_factory=dict)
    by_age_group: dict[str, int] = field(default_factory=dict)
    # partnership slug -> distinct people; a person counts once in each partnership
    # they took part through, and once in ``total``.
    by_partnership: dict[str, int] = field(default_factory=dict)


def participation_enrollments(
    *,
    partnership=None,
    period_start: datetime.date,
    period_end: datetime.date,
    completed_only: bool = False,
    cohort=None,
    program=None,
) -> QuerySet[Enrollment]:
    """Enrollments that count in the period: completed within it, or (unless
    ``completed_only``) with attendance (present or late) at a session held in it."""
    enrollments = Enrollment.objects.all()
    if partnership is not None:
        enrollments = enrollments.for_partnership(partnership)
    if cohort is not None:
        enrollments = enrollments.filter(cohort=cohort)
    if program is not None:
        enrollments = enrollments.filter(cohort__program=program)
    completed = Q(
        status=Enrollment.Status.COMPLETED,
        completed_on__gte=period_start,
        completed_on__lte=period_end,
    )
    if completed_only:
        return enrollments.filter(completed)
    attended = Attendance.objects.filter(
        enrollment=OuterRef("pk"),
        status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE],
        session__starts_at__date__gte=period_start,
        session__starts_at__date__lte=period_end,
    )
    return enrollments.filter(completed | Exists(attended))


def participation_figures(
    *,
    partnership=None,
    period_start: datetime.date,
    period_end: datetime.date,
    completed_only: bool = False,
    cohort=None,
    program=None,
) -> ParticipationFigures:
    """Distinct people who took part (or, with ``completed_only``, completed: "people
    trained") between ``period_start`` and ``period_end`` inclusive. ``partnership``
    None means across all partnerships. Four queries whatever the data."""
    enrollments = participation_enrollments(
        partnership=partnership,
        period_start=period_start,
        period_end=period_end,
        completed_only=completed_only,
        cohort=cohort,
        program=program,
    )
    total = enrollments.aggregate(n=Count("participant", distinct=True))["n"]

    def breakdown(column: str, choices) -> dict[str, int]:
        rows = (
            enrollments.order_by()
            .values(column)
            .annotate(n=Count("participant", distinct=True))
            .values_list(column, "n")
        )
        counts = dict.fromkeys(choices, 0) if choices else {}
        counts.update(dict(rows))
        return counts

    return ParticipationFigures(
        period_start=period_start,
        period_end=period_end,
        completed_only=completed_only,
        total=total,
        by_gender=breakdown("participant__gender", Gender.values),
        by_age_group=breakdown("participant__age_group", AgeGroup.values),
        by_partnership=breakdown("partnership__slug", None),
    )


def participation_rows(
    *, partnership, period_start: datetime.date, period_end: datetime.date
) -> QuerySet[Enrollment]:
    """One row per enrollment that counts in the period, for the XLSX export."""
    return (
        participation_enrollments(
            partnership=partnership, period_start=period_start, period_end=period_end
        )
        .select_related("participant", "cohort", "cohort__program", "partnership")
        .order_by("cohort__program__title", "cohort__name", "participant__name", "pk")
    )
