"""API for governance: bodies, meetings, decisions and action items, under
/api/v1/partnerships/<partnership_slug>/governance/. References to other rows are
uuids that must belong to the same partnership; writes go through the services."""

from __future__ import annotations

from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.exceptions import ValidationError

from hub.models import Organization, User
from hub.services import ApplicationError
from partnerships.api.base import PartnershipApiView
from partnerships.models import ActionItem, BodyMember, Decision, GovernanceBody, Meeting
from partnerships.selectors import governance as selectors
from partnerships.services import governance as services

# --- shared pieces (also used by the partners and process modules) --------------------


class TenantUuidField(serializers.SlugRelatedField):
    """A reference, by uuid, to a row of the partnership in the request."""

    def __init__(self, model, **kwargs):
        self.model = model
        kwargs.setdefault(
            "error_messages",
            {"does_not_exist": "No such record in this partnership: {value}.",
             "invalid": "Enter a valid uuid."},
        )  # fmt: skip
        super().__init__(slug_field="uuid", queryset=model.objects.none(), **kwargs)

    def get_queryset(self):
        return self.model.objects.for_partnership(self.context["partnership"])


class MemberUuidField(serializers.SlugRelatedField):
    """A person, by uuid, who is a member of the partnership in the request."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"does_not_exist": "This person is not a member of the partnership: {value}.",
             "invalid": "Enter a valid uuid."},
        )  # fmt: skip
        super().__init__(slug_field="uuid", queryset=User.objects.none(), **kwargs)

    def get_queryset(self):
        return selectors.member_users(partnership=self.context["partnership"])


class OrganizationUuidField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", queryset=Organization.objects.all(), **kwargs)


def service_call(func, **kwargs):
    """Run a service; its refusal becomes a 400 error on the field it names."""
    try:
        return func(**kwargs)
    except ApplicationError as error:
        raise ValidationError({error.field or "non_field_errors": [error.message]}) from error


def merged(serializer, instance, fields: list[str]) -> dict:
    """For PATCH: the validated data completed with the row's current values."""
    data = serializer.validated_data
    return {field: data[field] if field in data else getattr(instance, field) for field in fields}


class TenantListCreateApi(mixins.ListModelMixin, mixins.CreateModelMixin, PartnershipApiView):
    model = None

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "partnership": getattr(self, "partnership", None),
        }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.tenant_queryset()

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = self.refetch(self.create_row(serializer.validated_data))

    def refetch(self, row):
        return self.tenant_queryset().get(pk=row.pk)


class TenantDetailApi(
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    PartnershipApiView,
):
    model = None
    lookup_field = "uuid"

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "partnership": getattr(self, "partnership", None),
        }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.tenant_queryset()

    def get_object(self):
        return self.get_tenant_object(self.get_queryset(), uuid=self.kwargs[self.lookup_url_kwarg])

    def get(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)

    def put(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)

    def patch(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def delete(self, request, *args, **kwargs):
        return self.destroy(request, *args, **kwargs)

    def perform_update(self, serializer):
        row = self.update_row(serializer.instance, serializer)
        serializer.instance = self.tenant_queryset().get(pk=row.pk)


# --- serializers ----------------------------------------------------------------------


class BodyMemberSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    organization = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    display_name = serializers.SerializerMethodField()

    class Meta:
        model = BodyMember
        fields = [
            "uuid",
            "user",
            "name",
            "display_name",
            "organization",
            "position",
            "since",
            "until",
        ]

    def get_display_name(self, seat: BodyMember) -> str:
        if seat.user_id:
            return seat.user.full_name or seat.user.email
        return seat.name


class GovernanceBodySerializer(serializers.ModelSerializer):
    members = BodyMemberSerializer(many=True, read_only=True)

    class Meta:
        model = GovernanceBody
        fields = [
            "uuid",
            "name",
            "kind",
            "mandate",
            "is_active",
            "members",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "created_at", "updated_at"]
        # The unique (partnership, name) rule is checked by the service.
        validators: list = []


class MeetingSerializer(serializers.ModelSerializer):
    body = TenantUuidField(GovernanceBody, required=False, allow_null=True)
    attendees = MemberUuidField(many=True, required=False)

    class Meta:
        model = Meeting
        fields = ["uuid", "title", "body", "starts_at", "location", "agenda", "minutes",
                  "attendees", "other_attendees", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["uuid", "created_at", "updated_at"]
        extra_kwargs = {
            "agenda": {"help_text": "HTML; sanitized on write (basic formatting and links)."},
            "minutes": {"help_text": "HTML; sanitized on write (basic formatting and links)."},
        }


class DecisionSerializer(serializers.ModelSerializer):
    body = TenantUuidField(GovernanceBody, required=False, allow_null=True)
    meeting = TenantUuidField(Meeting, required=False, allow_null=True)

    class Meta:
        model = Decision
        fields = [
            "uuid",
            "title",
            "text",
            "decided_on",
            "body",
            "meeting",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "created_at", "updated_at"]


class ActionItemSerializer(serializers.ModelSerializer):
    owner = MemberUuidField(required=False, allow_null=True)
    meeting = TenantUuidField(Meeting, required=False, allow_null=True)
    decision = TenantUuidField(Decision, required=False, allow_null=True)

    class Meta:
        model = ActionItem
        fields = ["uuid", "title", "description", "owner", "due_date", "status", "meeting",
                  "decision", "completed_at", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["uuid", "completed_at", "created_at", "updated_at"]


# --- filters --------------------------------------------------------------------------


class BodyFilter(filters.FilterSet):
    class Meta:
        model = GovernanceBody
        fields = ["kind", "is_active"]


class MeetingFilter(filters.FilterSet):
    body = filters.UUIDFilter(field_name="body__uuid", help_text="uuid of a governance body")
    starts_after = filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields = ["body", "starts_after", "starts_before"]


class DecisionFilter(filters.FilterSet):
    body = filters.UUIDFilter(field_name="body__uuid", help_text="uuid of a governance body")
    meeting = filters.UUIDFilter(field_name="meeting__uuid", help_text="uuid of a meeting")
    decided_after = filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_before = filters.DateFilter(field_name="decided_on", lookup_expr="lte")

    class Meta:
        model = Decision
        fields = ["body", "meeting", "decided_after", "decided_before"]


class ActionItemFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=ActionItem.Status.choices)
    owner = filters.UUIDFilter(field_name="owner__uuid", help_text="uuid of the owner")
    meeting = filters.UUIDFilter(field_name="meeting__uuid", help_text="uuid of a meeting")
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte")
    due_after = filters.DateFilter(field_name="due_date", lookup_expr="gte")

    class Meta:
        model = ActionItem
        fields = ["status", "owner", "meeting", "due_before", "due_after"]


# --- views ----------------------------------------------------------------------------


class BodyApiMixin:
    model = GovernanceBody
    serializer_class = GovernanceBodySerializer
    filterset_class = BodyFilter
    ordering_fields = ["created_at", "name"]
    ordering = ["name"]

    def tenant_queryset(self):
        return selectors.body_list(partnership=self.partnership)


@extend_schema_view(
    get=extend_schema(summary="List governance bodies", tags=["governance"]),
    post=extend_schema(summary="Create a governance body", tags=["governance"]),
)
class BodyListApi(BodyApiMixin, TenantListCreateApi):
    def create_row(self, data):
        return service_call(services.body_create, partnership=self.partnership, **data)


@extend_schema_view(
    get=extend_schema(summary="Get a governance body", tags=["governance"]),
    put=extend_schema(summary="Replace a governance body", tags=["governance"]),
    patch=extend_schema(summary="Update a governance body", tags=["governance"]),
    delete=extend_schema(summary="Delete a governance body", tags=["governance"]),
)
class BodyDetailApi(BodyApiMixin, TenantDetailApi):
    lookup_url_kwarg = "body_uuid"

    def update_row(self, body, serializer):
        fields = merged(serializer, body, ["name", "kind", "mandate", "is_active"])
        return service_call(services.body_update, body=body, **fields)

    def perform_destroy(self, body):
        services.body_delete(body=body)


class MeetingApiMixin:
    model = Meeting
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["created_at", "starts_at"]
    ordering = ["-starts_at"]

    def tenant_queryset(self):
        return (
            Meeting.objects.for_partnership(self.partnership)
            .select_related("body")
            .prefetch_related("attendees")
        )


@extend_schema_view(
    get=extend_schema(summary="List meetings", tags=["governance"]),
    post=extend_schema(summary="Create a meeting", tags=["governance"]),
)
class MeetingListApi(MeetingApiMixin, TenantListCreateApi):
    def create_row(self, data):
        return service_call(services.meeting_create, partnership=self.partnership, **data)


@extend_schema_view(
    get=extend_schema(summary="Get a meeting", tags=["governance"]),
    put=extend_schema(summary="Replace a meeting", tags=["governance"]),
    patch=extend_schema(summary="Update a meeting", tags=["governance"]),
    delete=extend_schema(summary="Delete a meeting", tags=["governance"]),
)
class MeetingDetailApi(MeetingApiMixin, TenantDetailApi):
    lookup_url_kwarg = "meeting_uuid"

    def update_row(self, meeting, serializer):
        fields = merged(serializer, meeting, ["title", "starts_at", "body", "location", "agenda",
                                              "minutes", "other_attendees"])  # fmt: skip
        attendees = serializer.validated_data.get("attendees", list(meeting.attendees.all()))
        return service_call(services.meeting_update, meeting=meeting, attendees=attendees, **fields)

    def perform_destroy(self, meeting):
        services.meeting_delete(meeting=meeting)


class DecisionApiMixin:
    model = Decision
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    ordering_fields = ["created_at", "decided_on"]
    ordering = ["-decided_on"]

    def tenant_queryset(self):
        return selectors.decision_list(partnership=self.partnership)


@extend_schema_view(
    get=extend_schema(summary="List decisions", tags=["governance"]),
    post=extend_schema(summary="Record a decision", tags=["governance"]),
)
class DecisionListApi(DecisionApiMixin, TenantListCreateApi):
    def create_row(self, data):
        return service_call(services.decision_create, partnership=self.partnership, **data)


@extend_schema_view(
    get=extend_schema(summary="Get a decision", tags=["governance"]),
    put=extend_schema(summary="Replace a decision", tags=["governance"]),
    patch=extend_schema(summary="Update a decision", tags=["governance"]),
    delete=extend_schema(summary="Delete a decision", tags=["governance"]),
)
class DecisionDetailApi(DecisionApiMixin, TenantDetailApi):
    lookup_url_kwarg = "decision_uuid"

    def update_row(self, decision, serializer):
        fields = merged(serializer, decision, ["title", "decided_on", "text", "body", "meeting"])
        return service_call(services.decision_update, decision=decision, **fields)

    def perform_destroy(self, decision):
        services.decision_delete(decision=decision)


class ActionItemApiMixin:
    model = ActionItem
    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    ordering_fields = ["created_at", "due_date", "updated_at"]
    ordering = ["-created_at"]

    def tenant_queryset(self):
        return selectors.action_item_list(partnership=self.partnership)


@extend_schema_view(
    get=extend_schema(summary="List action items", tags=["governance"]),
    post=extend_schema(summary="Create an action item", tags=["governance"]),
)
class ActionItemListApi(ActionItemApiMixin, TenantListCreateApi):
    def create_row(self, data):
        return service_call(services.action_item_create, partnership=self.partnership, **data)


@extend_schema_view(
    get=extend_schema(summary="Get an action item", tags=["governance"]),
    put=extend_schema(summary="Replace an action item", tags=["governance"]),
    patch=extend_schema(summary="Update an action item", tags=["governance"]),
    delete=extend_schema(summary="Delete an action item", tags=["governance"]),
)
class ActionItemDetailApi(ActionItemApiMixin, TenantDetailApi):
    lookup_url_kwarg = "action_uuid"

    def update_row(self, item, serializer):
        fields = merged(serializer, item, ["title", "owner", "due_date", "status", "description",
                                           "meeting", "decision"])  # fmt: skip
        return service_call(services.action_item_update, item=item, **fields)

    def perform_destroy(self, item):
        services.action_item_delete(item=item)


PREFIX = "partnerships/<slug:partnership_slug>/governance/"

urlpatterns = [
    path(f"{PREFIX}bodies/", BodyListApi.as_view(), name="governance-body-list"),
    path(f"{PREFIX}bodies/<uuid:body_uuid>/", BodyDetailApi.as_view(), name="governance-body-detail"),
    path(f"{PREFIX}meetings/", MeetingListApi.as_view(), name="governance-meeting-list"),
    path(f"{PREFIX}meetings/<uuid:meeting_uuid>/", MeetingDetailApi.as_view(), name="governance-meeting-detail"),
    path(f"{PREFIX}decisions/", DecisionListApi.as_view(), name="governance-decision-list"),
    path(f"{PREFIX}decisions/<uuid:decision_uuid>/", DecisionDetailApi.as_view(), name="governance-decision-detail"),
    path(f"{PREFIX}action-items/", ActionItemListApi.as_view(), name="governance-action-item-list"),
    path(f"{PREFIX}action-items/<uuid:action_uuid>/", ActionItemDetailApi.as_view(), name="governance-action-item-detail"),
]  # fmt: skip
