"""MEL API under /api/v1/partnerships/<partnership_slug>/mel/ (and the hub library at
/api/v1/mel/library/). Writes go through the services; references to rows of another
partnership are 400 on the field that names them."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response

from mel.api import serializers as s
from mel.models import (
    Framework,
    Indicator,
    LibraryIndicator,
    Measurement,
    MeasurementStatus,
    Result,
    Target,
)
from mel.selectors.aggregation import progress_summary
from mel.selectors.framework import result_list
from mel.selectors.tracking import indicator_list
from mel.services import framework as framework_services
from mel.services import indicators as indicator_services
from mel.services import measurements as measurement_services
from mel.services.measurements import RowsRefused
from mel.services.rows import InputRow
from partnerships.api.base import PartnershipApiView
from partnerships.api.governance import TenantDetailApi, TenantListCreateApi, merged, service_call
from partnerships.roles import MelPerm, PartnershipPerm

TAGS = ["mel"]
READ = PartnershipPerm.VIEW
EDIT = MelPerm.EDIT_FRAMEWORK
ENTER = MelPerm.ENTER_MEASUREMENT
APPROVE = MelPerm.APPROVE_MEASUREMENT


def _perms(write: str) -> dict:
    return {"GET": READ, "POST": write, "PUT": write, "PATCH": write, "DELETE": write}


# --- frameworks and results -------------------------------------------------------------


class FrameworkApiMixin:
    model = Framework
    serializer_class = s.FrameworkSerializer
    required_perms = _perms(EDIT)
    ordering = ["name"]

    def tenant_queryset(self):
        return Framework.objects.for_partnership(self.partnership)


@extend_schema_view(
    get=extend_schema(summary="List results frameworks", tags=TAGS),
    post=extend_schema(summary="Create a results framework", tags=TAGS),
)
class FrameworkListApi(FrameworkApiMixin, TenantListCreateApi):
    def create_row(self, data):
        return service_call(
            framework_services.framework_create, partnership=self.partnership, **data
        )


@extend_schema_view(
    get=extend_schema(summary="Get a results framework", tags=TAGS),
    put=extend_schema(summary="Replace a results framework", tags=TAGS),
    patch=extend_schema(summary="Update a results framework", tags=TAGS),
    delete=extend_schema(summary="Delete a results framework (without indicators)", tags=TAGS),
)
class FrameworkDetailApi(FrameworkApiMixin, TenantDetailApi):
    lookup_url_kwarg = "framework_uuid"

    def update_row(self, framework, serializer):
        fields = merged(
            serializer, framework, ["name", "level_names", "description", "start_date", "end_date"]
        )
        return service_call(framework_services.framework_update, framework=framework, **fields)

    def perform_destroy(self, framework):
        service_call(framework_services.framework_delete, framework=framework)


class ResultFilter(filters.FilterSet):
    framework = filters.UUIDFilter(field_name="framework__uuid", help_text="uuid of a framework")
    depth = filters.NumberFilter(field_name="depth", help_text="0 for the top level")

    class Meta:
        model = Result
        fields = ["framework", "depth"]


class ResultApiMixin:
    model = Result
    serializer_class = s.ResultSerializer
    filterset_class = ResultFilter
    required_perms = _perms(EDIT)
    ordering = ["created_at"]

    def tenant_queryset(self):
        return result_list(partnership=self.partnership)


@extend_schema_view(
    get=extend_schema(summary="List results", tags=TAGS),
    post=extend_schema(summary="Add a result to a framework", tags=TAGS),
)
class ResultListApi(ResultApiMixin, TenantListCreateApi):
    def create_row(self, data):
        return service_call(framework_services.result_create, **data)


@extend_schema_view(
    get=extend_schema(summary="Get a result", tags=TAGS),
    put=extend_schema(summary="Replace a result", tags=TAGS),
    patch=extend_schema(summary="Update a result (a new parent moves it)", tags=TAGS),
    delete=extend_schema(summary="Delete a result (without indicators)", tags=TAGS),
)
class ResultDetailApi(ResultApiMixin, TenantDetailApi):
    lookup_url_kwarg = "result_uuid"

    def get_serializer_class(self):
        return (
            s.ResultUpdateSerializer
            if self.request.method in ("PUT", "PATCH")
            else s.ResultSerializer
        )

    def update_row(self, result, serializer):
        data = serializer.validated_data
        if "parent" in data and data["parent"] != result.parent:
            service_call(framework_services.result_move, result=result, parent=data["parent"])
        fields = merged(serializer, result, ["title", "code", "description", "landscape"])
        goals = data.get("landscape_goals", list(result.landscape_goals.all()))
        return service_call(
            framework_services.result_update, result=result, landscape_goals=goals, **fields
        )

    def perform_destroy(self, result):
        service_call(framework_services.result_delete, result=result)


# --- indicators and the library ---------------------------------------------------------


class IndicatorFilter(filters.FilterSet):
    result = filters.UUIDFilter(field_name="result__uuid", help_text="uuid of a result")
    framework = filters.UUIDFilter(
        field_name="result__framework__uuid", help_text="uuid of a framework"
    )
    pillar = filters.CharFilter(
        field_name="pillars", lookup_expr="contains", method="filter_pillar"
    )
    code = filters.CharFilter(field_name="code", lookup_expr="iexact")

    class Meta:
        model = Indicator
        fields = ["result", "framework", "pillar", "code"]

    def filter_pillar(self, queryset, name, value):
        return queryset.filter(pillars__contains=[value])


class IndicatorApiMixin:
    model = Indicator
    serializer_class = s.IndicatorSerializer
    filterset_class = IndicatorFilter
    required_perms = _perms(EDIT)
    ordering = ["created_at"]

    def tenant_queryset(self):
        return indicator_list(partnership=self.partnership)


@extend_schema_view(
    get=extend_schema(summary="List indicators", tags=TAGS),
    post=extend_schema(summary="Create an indicator", tags=TAGS),
)
class IndicatorListApi(IndicatorApiMixin, TenantListCreateApi):
    def create_row(self, data):
        return service_call(
            indicator_services.indicator_create, partnership=self.partnership, **data
        )


INDICATOR_FIELDS = ["result", "code", "name", "responsible", *indicator_services.REFERENCE_FIELDS]


@extend_schema_view(
    get=extend_schema(summary="Get an indicator", tags=TAGS),
    put=extend_schema(summary="Replace an indicator", tags=TAGS),
    patch=extend_schema(summary="Update an indicator", tags=TAGS),
    delete=extend_schema(summary="Delete an indicator (without values)", tags=TAGS),
)
class IndicatorDetailApi(IndicatorApiMixin, TenantDetailApi):
    lookup_url_kwarg = "indicator_uuid"

    def update_row(self, indicator, serializer):
        fields = merged(serializer, indicator, INDICATOR_FIELDS)
        disaggregations = serializer.validated_data.get(
            "disaggregations", list(indicator.disaggregations.all())
        )
        return service_call(
            indicator_services.indicator_update,
            indicator=indicator,
            disaggregations=disaggregations,
            **fields,
        )

    def perform_destroy(self, indicator):
        service_call(indicator_services.indicator_delete, indicator=indicator)


@extend_schema_view(
    get=extend_schema(summary="List the hub's published library indicators", tags=TAGS)
)
class LibraryListApi(ListAPIView):
    serializer_class = s.LibraryIndicatorSerializer
    queryset = LibraryIndicator.objects.filter(is_published=True)
    ordering = ["code"]


@extend_schema_view(get=extend_schema(summary="Get a library indicator", tags=TAGS))
class LibraryDetailApi(RetrieveAPIView):
    serializer_class = s.LibraryIndicatorSerializer
    queryset = LibraryIndicator.objects.filter(is_published=True)
    lookup_field = "uuid"
    lookup_url_kwarg = "library_uuid"


class AdoptApi(PartnershipApiView):
    serializer_class = s.AdoptSerializer
    required_perms = {"POST": EDIT}

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "partnership": getattr(self, "partnership", None),
        }

    @extend_schema(
        summary="Adopt a library indicator",
        tags=TAGS,
        request=s.AdoptSerializer,
        responses={201: s.IndicatorSerializer},
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        indicator = service_call(
            indicator_services.library_adopt,
            partnership=self.partnership,
            library_indicator=data["library_indicator"],
            result=data["result"],
            code=data.get("code") or None,
            frequency=data.get("frequency") or "quarterly",
        )
        indicator = indicator_list(partnership=self.partnership).get(pk=indicator.pk)
        return Response(
            s.IndicatorSerializer(indicator, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


# --- targets ------------------------------------------------------------------------------


class PeriodFilter(filters.FilterSet):
    indicator = filters.UUIDFilter(field_name="indicator__uuid", help_text="uuid of an indicator")
    period_from = filters.DateFilter(field_name="period_start", lookup_expr="gte")
    period_to = filters.DateFilter(field_name="period_end", lookup_expr="lte")


class TargetFilter(PeriodFilter):
    class Meta:
        model = Target
        fields = ["indicator", "period_from", "period_to"]


@extend_schema_view(
    get=extend_schema(summary="List targets", tags=TAGS),
    post=extend_schema(summary="Set a target (replaces the period's target)", tags=TAGS),
)
class TargetListApi(TenantListCreateApi):
    model = Target
    serializer_class = s.TargetSerializer
    filterset_class = TargetFilter
    required_perms = _perms(ENTER)
    ordering = ["created_at"]

    def tenant_queryset(self):
        return Target.objects.for_partnership(self.partnership).select_related("indicator")

    def create_row(self, data):
        return service_call(
            measurement_services.target_set,
            indicator=data["indicator"],
            period_start=data["period_start"],
            period_end=data.get("period_end"),
            value=data["value"],
        )


# --- measurements --------------------------------------------------------------------------


class MeasurementFilter(PeriodFilter):
    status = filters.MultipleChoiceFilter(choices=MeasurementStatus.choices)

    class Meta:
        model = Measurement
        fields = ["indicator", "status", "period_from", "period_to"]


def _input_row(index: int, data: dict) -> InputRow:
    return InputRow(
        row=index,
        indicator=str(data.get("indicator", "")),
        period_start=data.get("period_start"),
        period_end=data.get("period_end"),
        value=data.get("value"),
        breakdown=data.get("breakdown") or {},
        narrative=data.get("narrative") or "",
    )


def _refused(error: RowsRefused, *, prefix: str = "rows") -> ValidationError:
    fields: dict[str, list[str]] = {}
    for row_error in error.errors:
        key = f"{prefix}.{row_error.row}.{row_error.column}" if prefix else row_error.column
        fields.setdefault(key, []).append(str(row_error.message))
    return ValidationError(fields)


class MeasurementListApi(TenantListCreateApi):
    model = Measurement
    serializer_class = s.MeasurementSerializer
    filterset_class = MeasurementFilter
    required_perms = _perms(ENTER)
    ordering = ["created_at"]

    def tenant_queryset(self):
        return Measurement.objects.for_partnership(self.partnership).select_related(
            "indicator", "entered_by", "reviewed_by"
        )

    @extend_schema(summary="List measurements", tags=TAGS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Create a measurement",
        tags=TAGS,
        request=s.MeasurementCreateSerializer,
        responses={201: s.MeasurementSerializer},
    )
    def post(self, request, *args, **kwargs):
        serializer = s.MeasurementCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        indicator = (
            Indicator.objects.for_partnership(self.partnership)
            .filter(uuid=data["indicator"])
            .first()
        )
        if indicator is None:
            raise ValidationError(
                {
                    "indicator": [
                        gettext("No such record in this partnership: %(value)s.")
                        % {"value": data["indicator"]}
                    ]
                }
            )
        measurement = service_call(
            measurement_services.measurement_create,
            indicator=indicator,
            period_start=data["period_start"],
            period_end=data.get("period_end"),
            value=data["value"],
            breakdown=data.get("breakdown") or {},
            narrative=data.get("narrative", ""),
            actor=request.user,
            submit=data["submit"],
        )
        return Response(
            s.MeasurementSerializer(self.refetch(measurement)).data, status=status.HTTP_201_CREATED
        )


class MeasurementBulkApi(PartnershipApiView):
    serializer_class = s.BulkMeasurementSerializer
    required_perms = {"POST": ENTER}

    @extend_schema(
        summary="Create or replace up to 5,000 measurements at once (all or nothing)",
        description=(
            "Every row is validated; when one has an error nothing is written and the 400 "
            "answer lists each problem under `rows.<index>.<field>` (index from 0). Rows "
            "replace draft or returned values of the same indicator and period."
        ),
        tags=TAGS,
        request=s.BulkMeasurementSerializer,
        responses={201: s.BulkResultSerializer},
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = []
        shape_errors: dict[str, list[str]] = {}
        allowed = set(s.MeasurementInputSerializer().fields)
        for index, item in enumerate(serializer.validated_data["rows"]):
            unknown = sorted(set(item) - allowed)
            for name in unknown:
                shape_errors[f"rows.{index}.{name}"] = [gettext("This field cannot be set here.")]
            if not isinstance(item.get("breakdown", {}), dict):
                shape_errors[f"rows.{index}.breakdown"] = [gettext("Give an object of categories.")]
            rows.append(_input_row(index, item))
        if shape_errors:
            raise ValidationError(shape_errors)
        try:
            written, _targets = measurement_services.rows_create(
                partnership=self.partnership,
                rows=rows,
                actor=request.user,
                submit=serializer.validated_data["submit"],
            )
        except RowsRefused as error:
            raise _refused(error) from error
        return Response({"measurements": written}, status=status.HTTP_201_CREATED)


class MeasurementDetailApi(PartnershipApiView):
    serializer_class = s.MeasurementSerializer
    required_perms = {"GET": READ, "PATCH": ENTER, "DELETE": ENTER}

    def get_object(self):
        return self.get_tenant_object(
            Measurement.objects.select_related("indicator", "entered_by", "reviewed_by"),
            uuid=self.kwargs["measurement_uuid"],
        )

    @extend_schema(summary="Get a measurement", tags=TAGS)
    def get(self, request, *args, **kwargs):
        return Response(s.MeasurementSerializer(self.get_object()).data)

    @extend_schema(
        summary="Change a measurement (approved: with change_reason)",
        tags=TAGS,
        request=s.MeasurementUpdateSerializer,
        responses={200: s.MeasurementSerializer},
    )
    def patch(self, request, *args, **kwargs):
        measurement = self.get_object()
        # PATCH is partial, as the schema says: a missing value keeps the current one.
        serializer = s.MeasurementUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        service_call(
            measurement_services.measurement_update,
            measurement=measurement,
            value=data.get("value", measurement.value),
            breakdown=data.get("breakdown", measurement.breakdown),
            narrative=data.get("narrative", measurement.narrative),
            actor=request.user,
            change_reason=data.get("change_reason", ""),
        )
        return Response(s.MeasurementSerializer(self.get_object()).data)

    @extend_schema(
        summary="Delete a draft or returned measurement", tags=TAGS, responses={204: None}
    )
    def delete(self, request, *args, **kwargs):
        service_call(measurement_services.measurement_delete, measurement=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class WorkflowApi(PartnershipApiView):
    serializer_class = s.MeasurementSerializer
    action = ""

    def get_object(self):
        return self.get_tenant_object(
            Measurement.objects.select_related("indicator"), uuid=self.kwargs["measurement_uuid"]
        )

    def answer(self, measurement):
        return Response(s.MeasurementSerializer(self.get_object()).data)


class SubmitApi(WorkflowApi):
    required_perms = {"POST": ENTER}

    @extend_schema(summary="Submit a measurement for approval", tags=TAGS, request=None)
    def post(self, request, *args, **kwargs):
        measurement = service_call(
            measurement_services.measurement_submit,
            measurement=self.get_object(),
            actor=request.user,
        )
        return self.answer(measurement)


class ApproveApi(WorkflowApi):
    required_perms = {"POST": APPROVE}

    @extend_schema(summary="Approve a submitted measurement", tags=TAGS, request=None)
    def post(self, request, *args, **kwargs):
        measurement = service_call(
            measurement_services.measurement_approve,
            measurement=self.get_object(),
            actor=request.user,
        )
        return self.answer(measurement)


class ReturnApi(WorkflowApi):
    required_perms = {"POST": APPROVE}

    @extend_schema(
        summary="Return a submitted measurement with a comment",
        tags=TAGS,
        request=s.ReturnSerializer,
    )
    def post(self, request, *args, **kwargs):
        measurement = self.get_object()
        serializer = s.ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        measurement = service_call(
            measurement_services.measurement_return,
            measurement=measurement,
            actor=request.user,
            comment=serializer.validated_data["comment"],
        )
        return self.answer(measurement)


class ProgressApi(PartnershipApiView):
    serializer_class = s.ProgressSerializer
    required_perms = {"GET": READ}
    pagination_class = None
    filterset_class = IndicatorFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Indicator.objects.none()
        return indicator_list(partnership=self.partnership)

    @extend_schema(
        summary="Progress of each indicator: approved values by its aggregation rule "
        "against the end-of-partnership target",
        tags=TAGS,
        responses={200: s.ProgressSerializer(many=True)},
    )
    def get(self, request, *args, **kwargs):
        indicators = self.filter_queryset(self.get_queryset())
        rows = progress_summary(partnership=self.partnership, indicators=indicators)
        return Response(s.ProgressSerializer(rows, many=True).data)


PREFIX = "partnerships/<slug:partnership_slug>/mel/"

urlpatterns = [
    path("mel/library/", LibraryListApi.as_view(), name="mel-library-list"),
    path("mel/library/<uuid:library_uuid>/", LibraryDetailApi.as_view(), name="mel-library-detail"),
    path(f"{PREFIX}frameworks/", FrameworkListApi.as_view(), name="mel-framework-list"),
    path(
        f"{PREFIX}frameworks/<uuid:framework_uuid>/",
        FrameworkDetailApi.as_view(),
        name="mel-framework-detail",
    ),
    path(f"{PREFIX}results/", ResultListApi.as_view(), name="mel-result-list"),
    path(
        f"{PREFIX}results/<uuid:result_uuid>/", ResultDetailApi.as_view(), name="mel-result-detail"
    ),
    path(f"{PREFIX}indicators/", IndicatorListApi.as_view(), name="mel-indicator-list"),
    path(
        f"{PREFIX}indicators/<uuid:indicator_uuid>/",
        IndicatorDetailApi.as_view(),
        name="mel-indicator-detail",
    ),
    path(f"{PREFIX}adoptions/", AdoptApi.as_view(), name="mel-adopt"),
    path(f"{PREFIX}targets/", TargetListApi.as_view(), name="mel-target-list"),
    path(f"{PREFIX}measurements/", MeasurementListApi.as_view(), name="mel-measurement-list"),
    path(f"{PREFIX}measurements/bulk/", MeasurementBulkApi.as_view(), name="mel-measurement-bulk"),
    path(
        f"{PREFIX}measurements/<uuid:measurement_uuid>/",
        MeasurementDetailApi.as_view(),
        name="mel-measurement-detail",
    ),
    path(
        f"{PREFIX}measurements/<uuid:measurement_uuid>/submit/",
        SubmitApi.as_view(),
        name="mel-measurement-submit",
    ),
    path(
        f"{PREFIX}measurements/<uuid:measurement_uuid>/approve/",
        ApproveApi.as_view(),
        name="mel-measurement-approve",
    ),
    path(
        f"{PREFIX}measurements/<uuid:measurement_uuid>/return/",
        ReturnApi.as_view(),
        name="mel-measurement-return",
    ),
    path(f"{PREFIX}progress/", ProgressApi.as_view(), name="mel-progress"),
]
