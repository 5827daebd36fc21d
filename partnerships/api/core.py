"""/api/v1/partnerships/: the partnerships the caller can see, one partnership's
profile (leaders may change it) and its members (read only)."""

import django_filters
from django.db.models import F
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from hub.api.fields import CountryCodesField
from hub.api.filters import CountryFilter
from hub.api.serializers import StrictInputMixin
from partnerships import selectors
from partnerships.api.base import PartnershipApiView, api_key_of
from partnerships.models import Membership, Partnership
from partnerships.roles import PartnershipPerm, Role
from partnerships.services.profile import partnership_update

# --- serializers ----------------------------------------------------------------------


class PartnershipSerializer(serializers.ModelSerializer):
    countries = CountryCodesField(read_only=True)
    working_languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    logo = serializers.ImageField(read_only=True, allow_null=True)

    class Meta:
        model = Partnership
        fields = [
            "uuid",
            "slug",
            "name",
            "short_description",
            "description",
            "shared_vision",
            "year_established",
            "status",
            "visibility",
            "join_policy",
            "approval",
            "contact_email",
            "website",
            "logo",
            "countries",
            "working_languages",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {"description": {"help_text": "Sanitized HTML."}}


class PartnershipUpdateSerializer(StrictInputMixin, serializers.ModelSerializer):
    """What leaders may change. Any other field (slug, approval, proposed_by, ...) is
    refused with 400 and nothing changes."""

    countries = CountryCodesField(required=False, max_length=60)
    working_languages = serializers.ListField(
        child=serializers.RegexField(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$", max_length=12),
        required=False,
        max_length=20,
        help_text="Language codes (BCP 47), e.g. `en`, `sw`, `pt-BR`.",
    )

    class Meta:
        model = Partnership
        fields = [
            "name",
            "short_description",
            "description",
            "shared_vision",
            "year_established",
            "status",
            "visibility",
            "join_policy",
            "contact_email",
            "website",
            "countries",
            "working_languages",
        ]
        extra_kwargs = {
            "description": {"help_text": "HTML; unsafe tags and attributes are removed."},
            "year_established": {"min_value": 1900, "max_value": 2100},
        }


class MemberUserSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(source="user.uuid", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    email = serializers.SerializerMethodField(
        help_text="Only for leaders and hub staff; null for everyone else."
    )

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_email(self, membership) -> str | None:
        return membership.user.email if self.context.get("show_email") else None


class MembershipSerializer(serializers.ModelSerializer):
    user = MemberUserSerializer(source="*", read_only=True)
    joined = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Membership
        fields = ["uuid", "user", "role", "joined"]
        read_only_fields = fields


# --- filters --------------------------------------------------------------------------


class PartnershipFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Partnership.Status.choices)
    visibility = django_filters.ChoiceFilter(choices=Partnership.Visibility.choices)
    country = CountryFilter(
        method="filter_country", label="Works in this country (ISO 3166-1 alpha-2 code)"
    )

    class Meta:
        model = Partnership
        fields = ["status", "visibility", "country"]

    def filter_country(self, queryset, name, value):
        # Codes are stored comma-separated and are all two letters long.
        return queryset.filter(countries__contains=value)


class MembershipFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["role"]


# --- views ----------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        operation_id="partnerships_list",
        tags=["partnerships"],
        summary="Partnerships the caller can see (an API key: its own partnership only)",
    )
)
class PartnershipListApi(ListAPIView):
    """Public partnerships, and the private ones the caller belongs to (hub staff: all).
    With an API key: only the key's partnership."""

    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilter
    ordering_fields = ["name", "created_at", "updated_at"]
    ordering = ["name"]

    def get_queryset(self):
        qs = Partnership.objects.visible_to(self.request.user)
        key = api_key_of(self.request)
        if key is not None:
            qs = qs.filter(pk=key.partnership_id)
        return qs


@extend_schema_view(
    get=extend_schema(
        operation_id="partnerships_retrieve",
        tags=["partnerships"],
        summary="One partnership's profile",
    ),
    patch=extend_schema(
        operation_id="partnerships_partial_update",
        tags=["partnerships"],
        summary="Change the profile (leaders)",
        request=PartnershipUpdateSerializer,
        responses=PartnershipSerializer,
    ),
)
class PartnershipDetailApi(PartnershipApiView):
    """Everyone who can see the partnership may read its profile; leaders may change
    it. Slug, approval and who proposed it cannot be changed: sending them is a 400."""

    serializer_class = PartnershipSerializer
    pagination_class = None
    filter_backends = []
    required_perms = {"GET": None, "PATCH": PartnershipPerm.CHANGE}

    def get(self, request, partnership_slug):
        return Response(
            PartnershipSerializer(self.partnership, context=self.get_serializer_context()).data
        )

    def patch(self, request, partnership_slug):
        data = PartnershipUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        partnership = partnership_update(
            partnership=self.partnership, actor=request.user, **data.validated_data
        )
        return Response(
            PartnershipSerializer(partnership, context=self.get_serializer_context()).data
        )


class MembershipApiMixin:
    serializer_class = MembershipSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return Membership.objects.none()
        return selectors.membership_list(partnership=self.partnership).annotate(
            full_name=F("user__full_name")
        )

    def get_serializer_context(self):
        user = self.request.user
        return super().get_serializer_context() | {
            "show_email": user.is_staff or self.role == Role.LEADER
        }


@extend_schema_view(
    get=extend_schema(
        operation_id="partnerships_members_list",
        tags=["members"],
        summary="Members of the partnership and their roles",
    )
)
class MembershipListApi(MembershipApiMixin, PartnershipApiView, ListAPIView):
    """Members and their roles, for members of the partnership and hub staff. Email
    addresses are shown to leaders and hub staff only."""

    filterset_class = MembershipFilter
    ordering_fields = ["joined", "full_name"]
    ordering = ["joined"]

    def get_queryset(self):
        return super().get_queryset().annotate(joined=F("created_at"))


@extend_schema_view(
    get=extend_schema(
        operation_id="partnerships_members_retrieve",
        tags=["members"],
        summary="One membership",
    )
)
class MembershipDetailApi(MembershipApiMixin, PartnershipApiView):
    """One membership of the partnership (another partnership's is 404)."""

    pagination_class = None
    filter_backends = []

    def get(self, request, partnership_slug, membership_uuid):
        membership = self.get_tenant_object(self.get_queryset(), uuid=membership_uuid)
        return Response(self.get_serializer(membership).data)


PARTNERSHIP = "partnerships/<slug:partnership_slug>/"

urlpatterns = [
    path("partnerships/", PartnershipListApi.as_view(), name="partnership-list"),
    path(PARTNERSHIP, PartnershipDetailApi.as_view(), name="partnership-detail"),
    path(f"{PARTNERSHIP}members/", MembershipListApi.as_view(), name="membership-list"),
    path(
        f"{PARTNERSHIP}members/<uuid:membership_uuid>/",
        MembershipDetailApi.as_view(),
        name="membership-detail",
    ),
]
