"""Serializers of the MEL API. References to other rows are uuids of the same
partnership; values are decimal strings; disaggregated values are
``{"Sex": {"Female": "12", "Male": "10"}}``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.api.serializers import StrictInputMixin
from landscapes.models import Landscape, LandscapeGoal
from mel.models import (
    Disaggregation,
    Framework,
    Indicator,
    LibraryIndicator,
    Measurement,
    MeasurementStatus,
    Pillar,
    Result,
    Target,
)
from mel.models.framework import MAX_LEVELS
from partnerships.api.governance import MemberUuidField, TenantUuidField

BREAKDOWN_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "additionalProperties": {"type": "string", "format": "decimal"},
    },
    "example": {"Sex": {"Female": "120", "Male": "95"}},
    "description": "Disaggregated values: category → value → number.",
}


@extend_schema_field(BREAKDOWN_SCHEMA)
class BreakdownField(serializers.JSONField):
    pass


class FrameworkSerializer(StrictInputMixin, serializers.ModelSerializer):
    level_names = serializers.ListField(
        child=serializers.CharField(max_length=60),
        min_length=1,
        max_length=MAX_LEVELS,
        required=False,
    )

    class Meta:
        model = Framework
        fields = [
            "uuid",
            "name",
            "description",
            "level_names",
            "start_date",
            "end_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "created_at", "updated_at"]
        validators: list = []


class ResultSerializer(StrictInputMixin, serializers.ModelSerializer):
    framework = TenantUuidField(Framework)
    parent = TenantUuidField(Result, required=False, allow_null=True)
    landscape = TenantUuidField(Landscape, required=False, allow_null=True)
    landscape_goals = TenantUuidField(LandscapeGoal, many=True, required=False)
    level_name = serializers.CharField(read_only=True)

    class Meta:
        model = Result
        fields = [
            "uuid",
            "framework",
            "parent",
            "depth",
            "level_name",
            "code",
            "title",
            "description",
            "position",
            "landscape",
            "landscape_goals",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "depth", "position", "created_at", "updated_at"]


class ResultUpdateSerializer(ResultSerializer):
    framework = serializers.SlugRelatedField(slug_field="uuid", read_only=True)


class DisaggregationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disaggregation
        fields = ["uuid", "name", "values"]


class LibraryIndicatorSerializer(serializers.ModelSerializer):
    disaggregations = serializers.JSONField(read_only=True)

    class Meta:
        model = LibraryIndicator
        fields = [
            "uuid",
            "code",
            "name",
            "definition",
            "guidance",
            "unit",
            "currency",
            "indicator_type",
            "direction",
            "aggregation",
            "pillars",
            "sdg_targets",
            "disaggregations",
        ]
        read_only_fields = fields


class IndicatorSerializer(StrictInputMixin, serializers.ModelSerializer):
    result = TenantUuidField(Result)
    responsible = MemberUuidField(required=False, allow_null=True)
    disaggregations = TenantUuidField(Disaggregation, many=True, required=False)
    library_indicator = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True, allow_null=True
    )
    pillars = serializers.ListField(
        child=serializers.ChoiceField(choices=Pillar.choices), required=False
    )
    sdg_targets = serializers.ListField(child=serializers.CharField(max_length=6), required=False)

    class Meta:
        model = Indicator
        fields = [
            "uuid",
            "code",
            "name",
            "definition",
            "result",
            "unit",
            "currency",
            "indicator_type",
            "direction",
            "aggregation",
            "frequency",
            "disaggregations",
            "disaggregations_sum_to_total",
            "data_source",
            "collection_method",
            "quality_checks",
            "responsible",
            "baseline_value",
            "baseline_date",
            "end_target",
            "pillars",
            "sdg_targets",
            "library_indicator",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "library_indicator", "created_at", "updated_at"]
        validators: list = []


class AdoptSerializer(StrictInputMixin, serializers.Serializer):
    library_indicator = serializers.SlugRelatedField(
        slug_field="uuid", queryset=LibraryIndicator.objects.filter(is_published=True)
    )
    result = TenantUuidField(Result)
    code = serializers.CharField(max_length=30, required=False, allow_blank=True)
    frequency = serializers.ChoiceField(
        choices=Indicator._meta.get_field("frequency").choices, required=False
    )


class TargetSerializer(StrictInputMixin, serializers.ModelSerializer):
    indicator = TenantUuidField(Indicator)
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    period_end = serializers.DateField(required=False)

    class Meta:
        model = Target
        fields = [
            "uuid",
            "indicator",
            "period_start",
            "period_end",
            "value",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "created_at", "updated_at"]
        validators: list = []


class MeasurementSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    breakdown = BreakdownField(read_only=True)
    entered_by = serializers.SlugRelatedField(slug_field="uuid", read_only=True, allow_null=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="uuid", read_only=True, allow_null=True)

    class Meta:
        model = Measurement
        fields = [
            "uuid",
            "indicator",
            "period_start",
            "period_end",
            "value",
            "breakdown",
            "narrative",
            "status",
            "review_comment",
            "entered_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MeasurementInputSerializer(StrictInputMixin, serializers.Serializer):
    """A value for one indicator and period. ``value`` is a number as a string or
    number (``yes``/``no`` for yes/no indicators); ``period_end`` defaults to the end
    of the calendar period of the indicator's frequency."""

    indicator = serializers.UUIDField()
    period_start = serializers.DateField()
    period_end = serializers.DateField(required=False, allow_null=True)
    value = serializers.CharField(max_length=40)
    breakdown = BreakdownField(required=False)
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=10_000)


class MeasurementCreateSerializer(MeasurementInputSerializer):
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Submit for approval at once."
    )


class BulkMeasurementSerializer(StrictInputMixin, serializers.Serializer):
    rows = serializers.ListField(
        child=serializers.DictField(),
        min_length=1,
        max_length=5000,
        help_text="Up to 5,000 rows, each a measurement input.",
    )
    submit = serializers.BooleanField(required=False, default=False)


class BulkResultSerializer(serializers.Serializer):
    measurements = serializers.IntegerField(help_text="Rows written.")


class MeasurementUpdateSerializer(StrictInputMixin, serializers.Serializer):
    value = serializers.CharField(max_length=40)
    breakdown = BreakdownField(required=False)
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    change_reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Required to change an approved value."
    )


class ReturnSerializer(StrictInputMixin, serializers.Serializer):
    comment = serializers.CharField()


class ProgressSerializer(serializers.Serializer):
    indicator = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    aggregation = serializers.CharField()
    baseline_value = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    end_target = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    actual = serializers.DecimalField(
        max_digits=24,
        decimal_places=4,
        allow_null=True,
        help_text="Approved values aggregated by the indicator's rule.",
    )
    percent_achieved = serializers.DecimalField(max_digits=10, decimal_places=1, allow_null=True)
    approved_periods = serializers.IntegerField()
    latest_period_end = serializers.DateField(allow_null=True)


STATUS_CHOICES = MeasurementStatus.choices
