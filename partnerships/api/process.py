"""API for the process tracker: /api/v1/partnerships/<partnership_slug>/process/.

Progress rows exist for the stages a partnership has recorded something on: POST
opens a stage (at most once), GET lists, PUT/PATCH update one."""

from __future__ import annotations

from django.db import transaction
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from partnerships.api.governance import (
    TenantDetailApi,
    TenantListCreateApi,
    merged,
    service_call,
)
from partnerships.models import ProcessStage, StageEvidence, StageProgress
from partnerships.selectors import process as selectors
from partnerships.services import process as services


class ProcessStageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcessStage
        fields = ["key", "name", "description", "order"]
        read_only_fields = fields


class StageEvidenceSerializer(serializers.ModelSerializer):
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = StageEvidence
        fields = ["uuid", "title", "url", "has_file", "created_at"]
        read_only_fields = fields

    def get_has_file(self, evidence: StageEvidence) -> bool:
        return bool(evidence.file)


class StageProgressSerializer(serializers.ModelSerializer):
    stage = serializers.SlugRelatedField(
        slug_field="key",
        queryset=ProcessStage.objects.filter(is_active=True),
        help_text="key of an active process stage; set when the progress is created",
    )
    stage_detail = ProcessStageSerializer(source="stage", read_only=True)
    evidence = StageEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = StageProgress
        fields = ["uuid", "stage", "stage_detail", "status", "started_on", "completed_on",
                  "notes", "evidence", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["uuid", "created_at", "updated_at"]
        validators: list = []

    def validate_stage(self, stage):
        if self.instance is not None and stage != self.instance.stage:
            raise serializers.ValidationError("The stage of a progress record cannot change.")
        partnership = self.context["partnership"]
        if (
            self.instance is None
            and StageProgress.objects.for_partnership(partnership).filter(stage=stage).exists()
        ):
            raise serializers.ValidationError(
                "This stage is already tracked: update its progress record instead."
            )
        return stage


class StageProgressFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=StageProgress.Status.choices)

    class Meta:
        model = StageProgress
        fields = ["status"]


class ProgressApiMixin:
    model = StageProgress
    serializer_class = StageProgressSerializer
    filterset_class = StageProgressFilter
    ordering_fields = ["created_at", "updated_at"]
    ordering = ["created_at"]

    def tenant_queryset(self):
        return selectors.stage_progress_queryset(partnership=self.partnership)


FIELDS = ["status", "started_on", "completed_on", "notes"]


@extend_schema_view(
    get=extend_schema(summary="List the partnership's stage progress", tags=["process"]),
    post=extend_schema(summary="Start tracking a stage", tags=["process"]),
)
class ProgressListApi(ProgressApiMixin, TenantListCreateApi):
    def create_row(self, data):
        with transaction.atomic():
            progress = service_call(
                services.stage_progress_open, partnership=self.partnership, stage=data["stage"]
            )
            values = {"status": StageProgress.Status.NOT_STARTED, "started_on": None,
                      "completed_on": None, "notes": ""}  # fmt: skip
            values.update({k: data[k] for k in FIELDS if k in data})
            return service_call(services.stage_progress_update, progress=progress, **values)


@extend_schema_view(
    get=extend_schema(summary="Get one stage's progress", tags=["process"]),
    put=extend_schema(summary="Replace one stage's progress", tags=["process"]),
    patch=extend_schema(summary="Update one stage's progress", tags=["process"]),
)
class ProgressDetailApi(ProgressApiMixin, TenantDetailApi):
    lookup_url_kwarg = "progress_uuid"
    http_method_names = ["get", "put", "patch", "head", "options"]

    def update_row(self, progress, serializer):
        return service_call(
            services.stage_progress_update,
            progress=progress,
            **merged(serializer, progress, FIELDS),
        )


PREFIX = "partnerships/<slug:partnership_slug>/"

urlpatterns = [
    path(f"{PREFIX}process/", ProgressListApi.as_view(), name="process-progress-list"),
    path(f"{PREFIX}process/<uuid:progress_uuid>/", ProgressDetailApi.as_view(), name="process-progress-detail"),
]  # fmt: skip
