from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from capacity.models import (
    AssessmentScore,
    Attendance,
    Cohort,
    Enrollment,
    Participant,
    Program,
    SelfAssessment,
    Session,
)
from capacity.models.assessments import MAX_SCORE, MIN_SCORE
from capacity.models.participants import AgeGroup, Gender
from hub.api.serializers import StrictInputMixin


class CompetencyRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class ProgramSerializer(serializers.ModelSerializer):
    provider = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    competencies = CompetencyRefSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = [
            "uuid", "title", "description", "format", "language", "delivery", "provider",
            "provider_name", "competencies", "min_attendance_percent",
            "final_assignment_required", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {"description": {"help_text": "Sanitized HTML."}}


class CohortSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    partnerships = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Cohort
        fields = ["uuid", "name", "program", "partnerships", "start_date", "end_date",
                  "time_zone", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer):
    starts_at = serializers.DateTimeField(read_only=True, help_text="UTC.", default_timezone=None)
    starts_at_local = serializers.SerializerMethodField(
        help_text="Wall-clock time in the session's time zone, with its UTC offset."
    )
    facilitators = serializers.SlugRelatedField(slug_field="uuid", many=True, read_only=True)

    class Meta:
        model = Session
        fields = ["uuid", "title", "starts_at", "starts_at_local", "time_zone",
                  "duration_minutes", "location", "online_url", "facilitators",
                  "other_facilitators", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField())
    def get_starts_at_local(self, session: Session) -> str:
        return session.local_starts_at.isoformat()


class ParticipantSerializer(serializers.ModelSerializer):
    """Personal data is empty (and ``name`` is "Participant withdrawn") once the person
    withdrew consent."""

    name = serializers.CharField(source="display_name", read_only=True)
    email = serializers.CharField(source="shown_email", read_only=True)
    organization = serializers.CharField(source="shown_organization", read_only=True)
    role_in_landscape = serializers.CharField(source="shown_role", read_only=True)
    community = serializers.CharField(source="shown_community", read_only=True)
    gender = serializers.ChoiceField(choices=Gender.choices, read_only=True, allow_null=True)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, read_only=True, allow_null=True)
    consent_withdrawn = serializers.BooleanField(source="is_withdrawn", read_only=True)

    class Meta:
        model = Participant
        fields = ["uuid", "name", "email", "gender", "age_group", "organization",
                  "role_in_landscape", "community", "consent_withdrawn"]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, participant):
        data = super().to_representation(participant)
        if participant.is_withdrawn:
            data["gender"] = data["age_group"] = None
        return data


class EnrollmentSerializer(serializers.ModelSerializer):
    participant = ParticipantSerializer(read_only=True)
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sessions_due = serializers.IntegerField(read_only=True)
    sessions_attended = serializers.IntegerField(read_only=True)
    attendance_percent = serializers.FloatField(read_only=True, allow_null=True)
    requirements_met = serializers.BooleanField(read_only=True)
    certificate_code = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Enrollment
        fields = ["uuid", "participant", "partnership", "status", "enrolled_on",
                  "assignment_submitted", "completed_on", "dropped_on", "sessions_due",
                  "sessions_attended", "attendance_percent", "requirements_met",
                  "certificate_code", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields


class EnrollmentCreateSerializer(StrictInputMixin, serializers.Serializer):
    partnership = serializers.SlugField(help_text="Slug of one of the cohort's partnerships.")
    status = serializers.ChoiceField(
        choices=[Enrollment.Status.INVITED, Enrollment.Status.ENROLLED], default="enrolled"
    )
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.NOT_STATED)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, default=AgeGroup.NOT_STATED)
    organization = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )
    role_in_landscape = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )
    community = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    consent_version = serializers.IntegerField(
        help_text="Version of the consent text the person agreed to (must be the current one)."
    )
    consent_given_on = serializers.DateField()


class EnrollmentUpdateSerializer(StrictInputMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=Enrollment.Status.choices, required=False)
    assignment_submitted = serializers.BooleanField(required=False)


class AttendanceSerializer(serializers.ModelSerializer):
    session = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    enrollment = serializers.SlugRelatedField(slug_field="uuid", read_only=True)

    class Meta:
        model = Attendance
        fields = ["uuid", "session", "enrollment", "status", "created_at", "updated_at"]
        read_only_fields = fields


class AttendanceInputSerializer(StrictInputMixin, serializers.Serializer):
    enrollment = serializers.UUIDField(help_text="uuid of an enrollment in the session's cohort")
    status = serializers.ChoiceField(choices=Attendance.Status.choices)


class ScoreSerializer(serializers.ModelSerializer):
    competency = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    competency_code = serializers.CharField(source="competency.code", read_only=True)

    class Meta:
        model = AssessmentScore
        fields = ["competency", "competency_code", "score"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    framework = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = SelfAssessment
        fields = ["uuid", "framework", "phase", "assessed_on", "notes", "scores",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields


class ScoreInputSerializer(serializers.Serializer):
    competency = serializers.UUIDField()
    score = serializers.IntegerField(min_value=MIN_SCORE, max_value=MAX_SCORE)


class AssessmentInputSerializer(StrictInputMixin, serializers.Serializer):
    framework = serializers.UUIDField()
    phase = serializers.ChoiceField(choices=SelfAssessment.Phase.choices)
    assessed_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    scores = ScoreInputSerializer(many=True)


class CountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_gender = serializers.DictField(child=serializers.IntegerField())
    by_age_group = serializers.DictField(child=serializers.IntegerField())
    by_partnership = serializers.DictField(child=serializers.IntegerField())


class ParticipationSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    participated = CountsSerializer(help_text="Distinct people who attended or completed.")
    trained = CountsSerializer(help_text="Distinct people who completed in the period.")
