from django.db.models import Count, Prefetch, Q, QuerySet

from capacity.models import Cohort, Competency, CompetencyFramework, Program, ProviderStaff


def program_list(*, search: str = "", format: str = "", language: str = "") -> QuerySet[Program]:
    programs = (
        Program.objects.select_related("provider")
        .prefetch_related(Prefetch("competencies", queryset=Competency.objects.order_by("order")))
        .annotate(cohort_count=Count("cohorts", distinct=True))
        .order_by("title")
    )
    if search:
        programs = programs.filter(
            Q(title__icontains=search)
            | Q(description__icontains=search)
            | Q(provider__name__icontains=search)
        )
    if format:
        programs = programs.filter(format=format)
    if language:
        programs = programs.filter(language=language)
    return programs


def program_get(*, uuid) -> Program:
    return program_list().get(uuid=uuid)


def provider_organizations_of(*, user):
    """Organizations ``user`` may offer programs for (all for hub staff)."""
    from hub.models import Organization

    if user.is_staff:
        return Organization.objects.order_by("name")
    ids = ProviderStaff.objects.filter(user=user).values("organization_id")
    return Organization.objects.filter(pk__in=ids).order_by("name")


def program_cohorts(*, program: Program, visible: QuerySet[Cohort]) -> QuerySet[Cohort]:
    return (
        visible.filter(program=program)
        .prefetch_related("partnerships")
        .annotate(
            participant_count=Count(
                "enrollments", filter=~Q(enrollments__status="dropped"), distinct=True
            ),
            session_count=Count("sessions", distinct=True),
        )
        .order_by("-start_date")
    )


def framework_list() -> QuerySet[CompetencyFramework]:
    return CompetencyFramework.objects.filter(is_active=True).prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("order", "code"))
    )


def competency_choices() -> QuerySet[Competency]:
    return Competency.objects.select_related("framework").filter(framework__is_active=True)
