"""/api/v1/capacity/...: programs, cohorts (explicit permission checks: members of one
of the cohort's partnerships, its trainers, the provider's staff, hub staff), their
sessions, enrollments (participants respecting consent) and attendance. Partnership
endpoints (/api/v1/partnerships/<slug>/capacity/...) use PartnershipApiView."""

from __future__ import annotations

from django.db.models import F, Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.response import Response

from capacity.api import serializers as s
from capacity.models import (
    AssessmentScore,
    Cohort,
    Competency,
    CompetencyFramework,
    Enrollment,
    Program,
    SelfAssessment,
    Session,
)
from capacity.models.programs import Delivery, ProgramFormat
from capacity.permissions import cohort_access
from capacity.selectors import cohorts as selectors
from capacity.selectors.participation import participation_figures
from capacity.selectors.programs import program_list
from capacity.services import assessments as assessment_services
from capacity.services import participants as participant_services
from hub.services import ApplicationError
from partnerships.api.base import PartnershipApiView, api_key_of
from partnerships.roles import CapacityPerm, PartnershipPerm


def service_call(func, **kwargs):
    try:
        return func(**kwargs)
    except ApplicationError as error:
        raise exceptions.ValidationError(
            {error.field or "non_field_errors": [error.message]}
        ) from error


# --- programs -----------------------------------------------------------------------------


class ProgramFilter(filters.FilterSet):
    format = filters.ChoiceFilter(choices=ProgramFormat.choices)
    delivery = filters.ChoiceFilter(choices=Delivery.choices)
    language = filters.CharFilter()
    provider = filters.UUIDFilter(field_name="provider__uuid", help_text="uuid of the provider")

    class Meta:
        model = Program
        fields = ["format", "delivery", "language", "provider"]


@extend_schema_view(get=extend_schema(summary="List capacity programs", tags=["capacity"]))
class ProgramListApi(ListAPIView):
    serializer_class = s.ProgramSerializer
    filterset_class = ProgramFilter
    ordering_fields = ["created_at", "title"]
    ordering = ["title"]

    def get_queryset(self):
        return program_list()


@extend_schema_view(get=extend_schema(summary="Get a capacity program", tags=["capacity"]))
class ProgramDetailApi(RetrieveAPIView):
    serializer_class = s.ProgramSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "program_uuid"

    def get_queryset(self):
        return program_list()


# --- cohorts --------------------------------------------------------------------------------


def _key_scope(request, queryset):
    """An API key only reaches cohorts of its own partnership."""
    key = api_key_of(request)
    return queryset if key is None else queryset.filter(partnerships=key.partnership_id)


@extend_schema_view(
    get=extend_schema(summary="List the cohorts the caller can see", tags=["capacity"])
)
class CohortListApi(ListAPIView):
    serializer_class = s.CohortSerializer
    ordering_fields = ["created_at", "start_date"]
    ordering = ["-start_date"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Cohort.objects.none()
        visible = selectors.cohorts_visible_to(user=self.request.user)
        return _key_scope(self.request, visible).prefetch_related("partnerships")


class CohortApiView(GenericAPIView):
    """Resolves ``self.cohort`` and ``self.access``: an invisible cohort is 404; a visible
    one without the access the method needs (``needs``: view, teach, enroll) is 403."""

    needs: dict[str, str] = {"GET": "view"}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        cohorts = _key_scope(request, Cohort.objects.select_related("program"))
        self.cohort = cohorts.filter(uuid=kwargs["cohort_uuid"]).first()
        if self.cohort is None:
            raise exceptions.NotFound()
        self.access = cohort_access(request.user, self.cohort)
        if not self.access.can_view:
            raise exceptions.NotFound()
        need = self.needs.get(request.method, self.needs.get("GET"))
        allowed = {
            "view": True,
            "teach": self.access.can_teach and api_key_of(request) is None,
            "enroll": self.access.can_enroll,
        }[need]
        if not allowed:
            raise exceptions.PermissionDenied()

    def visible_enrollments(self):
        enrollments = selectors.enrollment_list(cohort=self.cohort)
        key = api_key_of(self.request)
        if key is not None:
            return enrollments.filter(partnership_id=key.partnership_id)
        if self.access.can_teach:
            return enrollments
        from partnerships.backends import roles_of

        return enrollments.filter(partnership_id__in=set(roles_of(self.request.user)))


@extend_schema_view(get=extend_schema(summary="Get a cohort", tags=["capacity"]))
class CohortDetailApi(CohortApiView):
    serializer_class = s.CohortSerializer

    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.cohort).data)


@extend_schema_view(get=extend_schema(summary="List the sessions of a cohort", tags=["capacity"]))
class SessionListApi(mixins.ListModelMixin, CohortApiView):
    serializer_class = s.SessionSerializer
    ordering_fields = ["created_at", "starts_at"]
    ordering = ["starts_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Session.objects.none()
        return self.cohort.sessions.prefetch_related("facilitators")

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class EnrollmentFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=Enrollment.Status.choices)
    partnership = filters.CharFilter(field_name="partnership__slug", help_text="partnership slug")

    class Meta:
        model = Enrollment
        fields = ["status", "partnership"]


@extend_schema_view(
    get=extend_schema(summary="List the enrollments of a cohort, with progress", tags=["capacity"]),
    post=extend_schema(
        summary="Record a participant (with consent) and enroll them",
        tags=["capacity"],
        request=s.EnrollmentCreateSerializer,
        responses={201: s.EnrollmentSerializer},
    ),
)
class EnrollmentListApi(mixins.ListModelMixin, CohortApiView):
    serializer_class = s.EnrollmentSerializer
    filterset_class = EnrollmentFilter
    ordering_fields = ["created_at", "enrolled_on"]
    ordering = ["-created_at"]
    needs = {"GET": "view", "POST": "enroll"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrollment.objects.none()
        return self.visible_enrollments()

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        data = s.EnrollmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        partnership = next(
            (p for p in self.cohort.partnerships.all() if p.slug == fields.pop("partnership")),
            None,
        )
        if partnership is None or partnership.pk not in self.access.enroll_partnership_ids:
            raise exceptions.ValidationError(
                {"partnership": ["You cannot enroll people for this partnership in this cohort."]}
            )
        current = participant_services.consent_text_current()
        if current is None or fields.pop("consent_version") != current.version:
            raise exceptions.ValidationError(
                {"consent_version": [
                    f"Record consent to the current consent text (version "
                    f"{current.version if current else '—'})."
                ]}
            )  # fmt: skip
        enrollment = service_call(
            participant_services.participant_enroll_new,
            cohort=self.cohort,
            partnership=partnership,
            consent_text=current,
            actor=request.user,
            **fields,
        )
        row = selectors.enrollment_list(cohort=self.cohort).get(pk=enrollment.pk)
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary="Get an enrollment, with progress", tags=["capacity"]),
    patch=extend_schema(
        summary="Change an enrollment's status or final assignment",
        tags=["capacity"],
        request=s.EnrollmentUpdateSerializer,
        responses={200: s.EnrollmentSerializer},
    ),
)
class EnrollmentDetailApi(CohortApiView):
    serializer_class = s.EnrollmentSerializer
    needs = {"GET": "view", "PATCH": "teach"}

    def get_row(self):
        row = self.visible_enrollments().filter(uuid=self.kwargs["enrollment_uuid"]).first()
        if row is None:
            raise exceptions.NotFound()
        return row

    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_row()).data)

    def patch(self, request, *args, **kwargs):
        enrollment = self.get_row()
        data = s.EnrollmentUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = data.validated_data
        if "assignment_submitted" in changes:
            service_call(
                participant_services.enrollment_set_assignment,
                enrollment=enrollment,
                submitted=changes["assignment_submitted"],
            )
        if "status" in changes:
            service_call(
                participant_services.enrollment_set_status,
                enrollment=enrollment,
                status=changes["status"],
            )
        return Response(self.get_serializer(self.get_row()).data)


@extend_schema_view(
    get=extend_schema(summary="List the attendance of a session", tags=["capacity"]),
    post=extend_schema(
        summary="Record one person's attendance at a session",
        tags=["capacity"],
        request=s.AttendanceInputSerializer,
        responses={200: s.AttendanceSerializer},
    ),
)
class AttendanceListApi(mixins.ListModelMixin, CohortApiView):
    serializer_class = s.AttendanceSerializer
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]
    needs = {"GET": "view", "POST": "teach"}

    def load_session(self) -> Session:
        session = self.cohort.sessions.filter(uuid=self.kwargs["session_uuid"]).first()
        if session is None:
            raise exceptions.NotFound()
        return session

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            from capacity.models import Attendance

            return Attendance.objects.none()
        session = self.load_session()
        enrollment_ids = self.visible_enrollments().values("pk")
        return session.attendance.filter(enrollment__in=enrollment_ids).select_related(
            "session", "enrollment"
        )

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        session = self.load_session()
        data = s.AttendanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = (
            Enrollment.objects.filter(uuid=data.validated_data["enrollment"])
            .select_related("participant")
            .first()
        )
        if enrollment is None:
            raise exceptions.ValidationError({"enrollment": ["No such enrollment."]})
        attendance = service_call(
            participant_services.attendance_record,
            session=session,
            enrollment=enrollment,
            status=data.validated_data["status"],
            actor=request.user,
        )
        return Response(self.get_serializer(attendance).data)


# --- partnership endpoints ---------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List this partnership's participants (enrollments with progress)",
        tags=["capacity"],
    )
)
class PartnershipEnrollmentListApi(mixins.ListModelMixin, PartnershipApiView):
    serializer_class = s.EnrollmentSerializer
    filterset_class = EnrollmentFilter
    ordering_fields = ["created_at", "enrolled_on"]
    ordering = ["-created_at"]
    required_perms = {"GET": PartnershipPerm.VIEW}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrollment.objects.none()
        return selectors.with_progress(
            Enrollment.objects.for_partnership(self.partnership).select_related(
                "participant", "partnership", "cohort__program"
            )
        ).annotate(certificate_code=F("certificate__code"))

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


@extend_schema_view(
    get=extend_schema(
        summary="Participation figures of this partnership for a period",
        tags=["capacity"],
        parameters=[
            OpenApiParameter("period_start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("period_end", OpenApiTypes.DATE, required=True),
        ],
        responses={200: s.ParticipationSerializer},
    )
)
class ParticipationApi(PartnershipApiView):
    serializer_class = s.ParticipationSerializer
    required_perms = {"GET": PartnershipPerm.VIEW}
    filter_backends: list = []
    pagination_class = None

    def get(self, request, *args, **kwargs):
        from rest_framework import serializers as drf

        class Period(drf.Serializer):
            period_start = drf.DateField()
            period_end = drf.DateField()

        period = Period(data=request.query_params)
        period.is_valid(raise_exception=True)
        start, end = period.validated_data["period_start"], period.validated_data["period_end"]
        if end < start:
            raise exceptions.ValidationError({"period_end": ["The period ends before it starts."]})

        def counts(completed_only):
            f = participation_figures(
                partnership=self.partnership,
                period_start=start,
                period_end=end,
                completed_only=completed_only,
            )
            return {"total": f.total, "by_gender": f.by_gender,
                    "by_age_group": f.by_age_group, "by_partnership": f.by_partnership}  # fmt: skip

        return Response(
            self.get_serializer(
                {
                    "period_start": start,
                    "period_end": end,
                    "participated": counts(False),
                    "trained": counts(True),
                }
            ).data
        )


class AssessmentApiMixin:
    serializer_class = s.AssessmentSerializer

    def tenant_queryset(self):
        return (
            SelfAssessment.objects.for_partnership(self.partnership)
            .select_related("framework")
            .prefetch_related(
                Prefetch("scores", queryset=AssessmentScore.objects.select_related("competency"))
            )
        )


@extend_schema_view(
    get=extend_schema(summary="List capacity self-assessments", tags=["capacity"]),
    post=extend_schema(
        summary="Record a capacity self-assessment",
        tags=["capacity"],
        request=s.AssessmentInputSerializer,
        responses={201: s.AssessmentSerializer},
    ),
)
class AssessmentListApi(AssessmentApiMixin, mixins.ListModelMixin, PartnershipApiView):
    required_perms = {"GET": PartnershipPerm.VIEW, "POST": CapacityPerm.MANAGE}
    ordering_fields = ["created_at", "assessed_on"]
    ordering = ["-assessed_on"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SelfAssessment.objects.none()
        return self.tenant_queryset()

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        data = s.AssessmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        framework = CompetencyFramework.objects.filter(uuid=values["framework"]).first()
        if framework is None:
            raise exceptions.ValidationError({"framework": ["No such competency framework."]})
        by_uuid = {c.uuid: c for c in Competency.objects.filter(framework=framework)}
        scores = {}
        for item in values["scores"]:
            competency = by_uuid.get(item["competency"])
            if competency is None:
                raise exceptions.ValidationError(
                    {"scores": [f"{item['competency']} is not a competency of this framework."]}
                )
            scores[competency] = item["score"]
        assessment = service_call(
            assessment_services.assessment_create,
            partnership=self.partnership,
            framework=framework,
            phase=values["phase"],
            assessed_on=values["assessed_on"],
            notes=values["notes"],
            scores=scores,
            actor=request.user,
        )
        row = self.tenant_queryset().get(pk=assessment.pk)
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(summary="Get a capacity self-assessment", tags=["capacity"]))
class AssessmentDetailApi(AssessmentApiMixin, PartnershipApiView):
    required_perms = {"GET": PartnershipPerm.VIEW}

    def get(self, request, *args, **kwargs):
        row = self.get_tenant_object(self.tenant_queryset(), uuid=kwargs["assessment_uuid"])
        return Response(self.get_serializer(row).data)
