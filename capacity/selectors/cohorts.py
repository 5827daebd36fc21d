from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from capacity.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortGroupObjectPermission,
    CohortUserObjectPermission,
    Enrollment,
    ParticipantConsent,
    Session,
)
from capacity.permissions import provider_ids_of


def trainer_cohort_ids(*, user):
    """Cohorts ``user`` holds the teach_cohort grant on, directly or through a group."""
    direct = CohortUserObjectPermission.objects.filter(
        user=user, permission__codename="teach_cohort"
    ).values("content_object_id")
    grouped = CohortGroupObjectPermission.objects.filter(
        group__user=user, permission__codename="teach_cohort"
    ).values("content_object_id")
    return direct.union(grouped)


def _cohorts() -> QuerySet[Cohort]:
    return Cohort.objects.select_related("program", "program__provider")


def cohorts_visible_to(*, user) -> QuerySet[Cohort]:
    """Cohorts of the caller's partnerships, the cohorts they teach, the cohorts of the
    providers they work for; every cohort for hub staff."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    if user.is_staff:
        return _cohorts()
    visible = Cohort.objects.filter(
        Q(partnerships__memberships__user=user)
        | Q(program__provider_id__in=provider_ids_of(user))
        | Q(pk__in=list(trainer_cohort_ids(user=user).values_list("content_object_id", flat=True)))
    ).values("pk")
    return _cohorts().filter(pk__in=visible)


def cohorts_taught_by(*, user) -> QuerySet[Cohort]:
    if not user.is_authenticated:
        return Cohort.objects.none()
    ids = list(trainer_cohort_ids(user=user).values_list("content_object_id", flat=True))
    return (
        _cohorts()
        .filter(Q(pk__in=ids) | Q(program__provider_id__in=provider_ids_of(user)))
        .order_by("-start_date")
    )


def cohort_list_for_partnership(*, partnership) -> QuerySet[Cohort]:
    return (
        _cohorts()
        .filter(partnerships=partnership)
        .annotate(
            participant_count=Count(
                "enrollments",
                filter=Q(enrollments__partnership=partnership) & ~Q(enrollments__status="dropped"),
                distinct=True,
            ),
            completed_count=Count(
                "enrollments",
                filter=Q(enrollments__partnership=partnership, enrollments__status="completed"),
                distinct=True,
            ),
        )
        .order_by("-start_date", "name")
    )


def cohort_get_for_partnership(*, partnership, uuid) -> Cohort:
    return _cohorts().filter(partnerships=partnership).get(uuid=uuid)


def cohort_detail(*, uuid) -> Cohort:
    return _cohorts().prefetch_related("partnerships").get(uuid=uuid)


def cohort_trainers(*, cohort: Cohort):
    from hub.models import User

    ids = CohortUserObjectPermission.objects.filter(
        content_object=cohort, permission__codename="teach_cohort"
    ).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("full_name", "email")


def session_list(*, cohort: Cohort) -> QuerySet[Session]:
    return (
        cohort.sessions.prefetch_related("facilitators")
        .annotate(
            recorded=Count("attendance", distinct=True),
            attended=Count(
                "attendance",
                filter=Q(attendance__status__in=["present", "late"]),
                distinct=True,
            ),
        )
        .order_by("starts_at")
    )


def session_get(*, cohort: Cohort, uuid) -> Session:
    return cohort.sessions.get(uuid=uuid)


def _count(queryset, group_by: str):
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values(group_by)
            .annotate(n=Count("pk", distinct=True))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def with_progress(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Annotate each enrollment with its progress toward the program's completion
    requirements, in SQL:

    - ``sessions_due``: the cohort's sessions on or after the day the person joined
      (people join midway), plus earlier ones they attended; minus excused ones;
    - ``sessions_attended``: present or late;
    - ``attendance_percent`` (None while no session is due), ``meets_attendance`` and
      ``requirements_met`` (attendance and, when required, the final assignment).
    """
    counted_sessions = Session.objects.filter(cohort=OuterRef("cohort")).filter(
        Q(starts_at__date__gte=OuterRef("enrolled_on")) | Q(attendance__enrollment=OuterRef("pk"))
    )
    own = Attendance.objects.filter(enrollment=OuterRef("pk"))
    annotated = enrollments.annotate(
        sessions_counted=_count(counted_sessions, "cohort"),
        sessions_excused=_count(own.filter(status=Attendance.Status.EXCUSED), "enrollment"),
        sessions_attended=_count(own.filter(status__in=ATTENDED), "enrollment"),
    ).annotate(sessions_due=F("sessions_counted") - F("sessions_excused"))
    annotated = annotated.annotate(
        attendance_percent=Case(
            When(sessions_due__lte=0, then=Value(None, output_field=FloatField())),
            default=ExpressionWrapper(
                Cast("sessions_attended", FloatField())
                * 100.0
                / Cast("sessions_due", FloatField()),
                output_field=FloatField(),
            ),
            output_field=FloatField(),
        )
    )
    annotated = annotated.annotate(
        meets_attendance=Case(
            When(
                attendance_percent__gte=F("cohort__program__min_attendance_percent"),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    return annotated.annotate(
        requirements_met=Case(
            When(
                Q(meets_attendance=True)
                & (
                    Q(cohort__program__final_assignment_required=False)
                    | Q(assignment_submitted=True)
                ),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def enrollment_list(*, cohort: Cohort, partnership=None) -> QuerySet[Enrollment]:
    enrollments = Enrollment.objects.filter(cohort=cohort)
    if partnership is not None:
        enrollments = enrollments.for_partnership(partnership)
    return with_progress(
        enrollments.select_related("participant", "partnership", "cohort__program").annotate(
            certificate_code=F("certificate__code"),
            certificate_uuid=F("certificate__uuid"),
            certificate_revoked_at=F("certificate__revoked_at"),
        )
    ).order_by("participant__name", "pk")


def enrollment_certificates(*, cohort: Cohort) -> dict[int, Certificate]:
    return {c.enrollment_id: c for c in Certificate.objects.filter(enrollment__cohort=cohort)}


def enrollment_get(*, cohort: Cohort, uuid) -> Enrollment:
    return with_progress(
        Enrollment.objects.filter(cohort=cohort).select_related(
            "participant", "partnership", "cohort__program"
        )
    ).get(uuid=uuid)


def attendance_sheet(*, session: Session) -> QuerySet[Enrollment]:
    """Everyone who can attend ``session`` (not dropped), with their status there."""
    status = Attendance.objects.filter(session=session, enrollment=OuterRef("pk")).values("status")[
        :1
    ]
    return (
        Enrollment.objects.filter(cohort_id=session.cohort_id)
        .exclude(status=Enrollment.Status.DROPPED)
        .select_related("participant", "partnership")
        .annotate(attendance_status=Subquery(status))
        .order_by("participant__name", "pk")
    )


def attendance_row(*, session: Session, enrollment_uuid) -> Enrollment:
    return attendance_sheet(session=session).get(uuid=enrollment_uuid)


def consent_history(*, participant) -> QuerySet[ParticipantConsent]:
    """The person's consents, newest first (superseded and withdrawn ones included)."""
    return (
        ParticipantConsent.objects.filter(participant=participant)
        .select_related("consent_text", "recorded_by")
        .order_by("-created_at", "-pk")
    )
