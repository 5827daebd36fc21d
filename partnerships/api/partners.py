"""API for partner organizations: /api/v1/partnerships/<partnership_slug>/partners/."""

from __future__ import annotations

from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from hub.models import Organization
from partnerships.api.governance import (
    OrganizationUuidField,
    TenantDetailApi,
    TenantListCreateApi,
    merged,
    service_call,
)
from partnerships.models import PartnerContact, PartnerOrganization
from partnerships.selectors import partners as selectors
from partnerships.services import partners as services


class PartnerContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerContact
        fields = ["uuid", "name", "position", "email", "phone"]
        read_only_fields = fields


class PartnerSerializer(serializers.ModelSerializer):
    organization = OrganizationUuidField(help_text="uuid of a hub organization")
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    sector = serializers.ChoiceField(
        source="organization.type", choices=Organization.Type.choices, read_only=True
    )
    contacts = PartnerContactSerializer(many=True, read_only=True)

    class Meta:
        model = PartnerOrganization
        fields = ["uuid", "organization", "organization_name", "sector", "role", "joined_on",
                  "left_on", "contribution", "contacts", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["uuid", "created_at", "updated_at"]
        # Checked by the service, with a message naming the field.
        validators: list = []


class PartnerFilter(filters.FilterSet):
    role = filters.ChoiceFilter(choices=PartnerOrganization.Role.choices)
    sector = filters.ChoiceFilter(
        field_name="organization__type", choices=Organization.Type.choices
    )
    organization = filters.UUIDFilter(field_name="organization__uuid")
    current = filters.BooleanFilter(
        method="filter_current", help_text="true: partners today; false: former partners"
    )

    class Meta:
        model = PartnerOrganization
        fields = ["role", "sector", "organization", "current"]

    def filter_current(self, queryset, name, value):
        current = Q(left_on__isnull=True) | Q(left_on__gte=timezone.localdate())
        return queryset.filter(current) if value else queryset.exclude(current)


class PartnerApiMixin:
    model = PartnerOrganization
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    ordering_fields = ["created_at", "joined_on"]
    ordering = ["-created_at"]

    def tenant_queryset(self):
        return selectors.partner_queryset(partnership=self.partnership)


@extend_schema_view(
    get=extend_schema(summary="List partner organizations", tags=["partners"]),
    post=extend_schema(summary="Link an organization as a partner", tags=["partners"]),
)
class PartnerListApi(PartnerApiMixin, TenantListCreateApi):
    def create_row(self, data):
        return service_call(services.partner_create, partnership=self.partnership, **data)


@extend_schema_view(
    get=extend_schema(summary="Get a partner organization", tags=["partners"]),
    put=extend_schema(summary="Replace a partner organization", tags=["partners"]),
    patch=extend_schema(summary="Update a partner organization", tags=["partners"]),
    delete=extend_schema(summary="Remove a partner organization", tags=["partners"]),
)
class PartnerDetailApi(PartnerApiMixin, TenantDetailApi):
    lookup_url_kwarg = "partner_uuid"

    def update_row(self, partner, serializer):
        fields = merged(serializer, partner, ["organization", "role", "joined_on", "left_on",
                                              "contribution"])  # fmt: skip
        return service_call(services.partner_update, partner=partner, **fields)

    def perform_destroy(self, partner):
        services.partner_delete(partner=partner)


PREFIX = "partnerships/<slug:partnership_slug>/"

urlpatterns = [
    path(f"{PREFIX}partners/", PartnerListApi.as_view(), name="partner-list"),
    path(f"{PREFIX}partners/<uuid:partner_uuid>/", PartnerDetailApi.as_view(), name="partner-detail"),
]  # fmt: skip
