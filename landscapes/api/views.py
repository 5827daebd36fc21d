"""Landscapes and sites with GeoJSON geometry; the boundary-file parser.

Spatial filters compare bounding boxes in SQL; ``?contains=`` then tests the candidate
boundaries exactly with shapely and filters the queryset by their ids, so cursor
pagination stays correct."""

from __future__ import annotations

import django_filters
from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from hub.api.filters import CountryFilter
from hub.services import ApplicationError
from landscapes import selectors, services
from landscapes.api.serializers import (
    BoundaryParseRequestSerializer,
    BoundaryParseResponseSerializer,
    LandscapeDetailSerializer,
    LandscapeSerializer,
    LandscapeWriteSerializer,
    SiteSerializer,
    SiteUpdateSerializer,
    SiteWriteSerializer,
)
from landscapes.exports import parse_bbox, parse_point
from landscapes.geo.errors import BoundaryError
from landscapes.geo.geometry import geometry_contains, normalize_geometry
from landscapes.geo.parsers import MAX_UPLOAD_BYTES, parse_boundary_file
from landscapes.models import GeometryKind, Landscape, Site, TaxonomyTerm
from partnerships.api.base import PartnershipApiView, api_key_of

# --- filters --------------------------------------------------------------------------


class BBoxFormField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_bbox(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class PointFormField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_point(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


@extend_schema_field(OpenApiTypes.STR)
class BBoxFilter(django_filters.Filter):
    field_class = BBoxFormField

    def filter(self, qs, value):
        if value is None:
            return qs
        min_lon, min_lat, max_lon, max_lat = value
        return qs.filter(
            bbox_min_lon__lte=max_lon,
            bbox_max_lon__gte=min_lon,
            bbox_min_lat__lte=max_lat,
            bbox_max_lat__gte=min_lat,
        )


@extend_schema_field(OpenApiTypes.STR)
class ContainsFilter(django_filters.Filter):
    """Rows whose polygon contains the point; ``geometry`` names the model's geometry
    column (a landscape's boundary, a site's geometry) and ``<geometry>_kind`` its kind."""

    field_class = PointFormField

    def __init__(self, *args, geometry: str = "boundary", **kwargs):
        super().__init__(*args, **kwargs)
        self.geometry = geometry

    def filter(self, qs, value):
        if value is None:
            return qs
        lon, lat = value
        candidates = qs.filter(
            **{f"{self.geometry}_kind": GeometryKind.POLYGON},
            bbox_min_lon__lte=lon,
            bbox_max_lon__gte=lon,
            bbox_min_lat__lte=lat,
            bbox_max_lat__gte=lat,
        ).values_list("pk", self.geometry)
        inside = [pk for pk, boundary in candidates if geometry_contains(boundary, lon, lat)]
        return qs.filter(pk__in=inside)


class GeoFilterSet(django_filters.FilterSet):
    bbox = BBoxFilter()
    contains = ContainsFilter()


class LandscapeFilter(GeoFilterSet):
    country = CountryFilter(method="filter_country")
    term = django_filters.ModelChoiceFilter(
        field_name="terms",
        to_field_name="key",
        queryset=TaxonomyTerm.objects.all(),
    )
    partnership = django_filters.CharFilter(field_name="partnership__slug")

    class Meta:
        model = Landscape
        fields = ["bbox", "contains", "country", "term", "partnership"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(countries__contains=value)


class SiteFilter(GeoFilterSet):
    contains = ContainsFilter(geometry="geometry")
    landscape = django_filters.UUIDFilter(field_name="landscape__uuid")
    kind = django_filters.ChoiceFilter(choices=Site.Kind.choices)

    class Meta:
        model = Site
        fields = ["bbox", "contains", "landscape", "kind"]


BBOX_PARAMETER = OpenApiParameter(
    "bbox",
    OpenApiTypes.STR,
    description="Only rows whose bounding box overlaps this box: "
    "`minLon,minLat,maxLon,maxLat` in WGS84 degrees.",
    pattern=r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$",
    examples=[OpenApiExample("Mount Elgon", value="34.3,0.8,34.9,1.4")],
)
CONTAINS_PARAMETER = OpenApiParameter(
    "contains",
    OpenApiTypes.STR,
    description="Only rows whose polygon contains this point: `lon,lat` in WGS84 degrees.",
    pattern=r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?$",
    examples=[OpenApiExample("A farm on Mount Elgon", value="34.55,1.12")],
)
TERM_PARAMETER = OpenApiParameter(
    "term",
    OpenApiTypes.STR,
    description="Only landscapes described by this taxonomy term (its key).",
    examples=[OpenApiExample("Coffee", value="coffee")],
)
GEO_PARAMETERS = [BBOX_PARAMETER, CONTAINS_PARAMETER]


# --- landscapes -----------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        operation_id="landscapes_list",
        tags=["landscapes"],
        summary="Landscapes the caller can see (an API key: its partnership's)",
        parameters=[*GEO_PARAMETERS, TERM_PARAMETER],
    )
)
class LandscapeListApi(ListAPIView):
    """Public landscapes and those of the caller's partnerships, with the simplified
    geometry only; the full boundary is in the partnership's landscape detail."""

    serializer_class = LandscapeSerializer
    filterset_class = LandscapeFilter
    ordering_fields = ["name", "created_at", "updated_at"]
    ordering = ["name"]

    def get_queryset(self):
        key = api_key_of(self.request)
        return selectors.api_landscapes(
            user=self.request.user,
            api_key_partnership_id=key.partnership_id if key is not None else None,
        ).defer("boundary")


def _landscape_response(view, landscape, *, warnings=(), status_code=status.HTTP_200_OK):
    landscape = selectors.landscape_get(partnership=view.partnership, slug=landscape.slug)
    context = view.get_serializer_context() | {"warnings": list(warnings)}
    return Response(LandscapeDetailSerializer(landscape, context=context).data, status=status_code)


def _call(func, **kwargs):
    try:
        return func(**kwargs)
    except ApplicationError as error:
        raise ValidationError({error.field or "non_field_errors": [error.message]}) from error


class PartnershipLandscapeMixin:
    def get_serializer_context(self):
        return super().get_serializer_context() | {
            "partnership": getattr(self, "partnership", None)
        }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Landscape.objects.none()
        return (
            Landscape.objects.for_partnership(self.partnership)
            .select_related("partnership")
            .prefetch_related("terms")
        )


def _set_boundary(landscape, boundary, user) -> tuple[Landscape, list[str]]:
    if boundary is None:
        return services.landscape_clear_boundary(landscape=landscape, actor=user), []
    result = _call(
        services.landscape_set_boundary,
        landscape=landscape,
        geometry=boundary,
        source="api",
        actor=user,
    )
    return result.landscape, result.warnings


@extend_schema_view(
    get=extend_schema(
        operation_id="partnerships_landscapes_list",
        tags=["landscapes"],
        summary="The partnership's landscapes",
        parameters=[*GEO_PARAMETERS, TERM_PARAMETER],
    ),
    post=extend_schema(
        operation_id="partnerships_landscapes_create",
        tags=["landscapes"],
        summary="Add a landscape (with its boundary, optionally)",
        request=LandscapeWriteSerializer,
        responses={201: LandscapeDetailSerializer},
    ),
)
class PartnershipLandscapeListApi(PartnershipLandscapeMixin, PartnershipApiView, ListAPIView):
    serializer_class = LandscapeSerializer
    filterset_class = LandscapeFilter
    ordering_fields = ["name", "created_at", "updated_at"]
    ordering = ["name"]

    def get_queryset(self):
        return super().get_queryset().defer("boundary")

    @transaction.atomic
    def post(self, request, partnership_slug):
        data = LandscapeWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        boundary = values.pop("boundary", None)
        landscape = _call(services.landscape_create, partnership=self.partnership, **values)
        warnings: list[str] = []
        if boundary is not None:
            landscape, warnings = _set_boundary(landscape, boundary, request.user)
        return _landscape_response(
            self, landscape, warnings=warnings, status_code=status.HTTP_201_CREATED
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="partnerships_landscapes_retrieve",
        tags=["landscapes"],
        summary="One landscape with its full boundary",
    ),
    patch=extend_schema(
        operation_id="partnerships_landscapes_partial_update",
        tags=["landscapes"],
        summary="Change a landscape; a new boundary keeps the old one in its history",
        request=LandscapeWriteSerializer,
        responses=LandscapeDetailSerializer,
    ),
    delete=extend_schema(
        operation_id="partnerships_landscapes_destroy",
        tags=["landscapes"],
        summary="Delete a landscape with its sites and goals",
    ),
)
class PartnershipLandscapeDetailApi(PartnershipLandscapeMixin, PartnershipApiView):
    serializer_class = LandscapeDetailSerializer
    pagination_class = None
    filter_backends = []

    def get_object(self):
        landscape = self.get_tenant_object(self.get_queryset(), uuid=self.kwargs["landscape_uuid"])
        return landscape

    def get(self, request, partnership_slug, landscape_uuid):
        return _landscape_response(self, self.get_object())

    @transaction.atomic
    def patch(self, request, partnership_slug, landscape_uuid):
        landscape = self.get_object()
        data = LandscapeWriteSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        has_boundary = "boundary" in values
        boundary = values.pop("boundary", None)
        landscape = _call(services.landscape_update, landscape=landscape, **values)
        warnings: list[str] = []
        if has_boundary:
            landscape, warnings = _set_boundary(landscape, boundary, request.user)
        return _landscape_response(self, landscape, warnings=warnings)

    def delete(self, request, partnership_slug, landscape_uuid):
        services.landscape_delete(landscape=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- sites ----------------------------------------------------------------------------


class SiteMixin:
    def get_serializer_context(self):
        return super().get_serializer_context() | {
            "partnership": getattr(self, "partnership", None)
        }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Site.objects.none()
        return Site.objects.for_partnership(self.partnership).select_related("landscape")


@extend_schema_view(
    get=extend_schema(
        operation_id="partnerships_sites_list",
        tags=["sites"],
        summary="Sites in the partnership's landscapes",
        parameters=GEO_PARAMETERS,
    ),
    post=extend_schema(
        operation_id="partnerships_sites_create",
        tags=["sites"],
        summary="Add a site to one of the partnership's landscapes",
        request=SiteWriteSerializer,
        responses={201: SiteSerializer},
    ),
)
class SiteListApi(SiteMixin, PartnershipApiView, ListAPIView):
    serializer_class = SiteSerializer
    filterset_class = SiteFilter
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def post(self, request, partnership_slug):
        data = SiteWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        site = _call(services.site_create, **data.validated_data)
        return Response(SiteSerializer(site).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(operation_id="partnerships_sites_retrieve", tags=["sites"],
                      summary="One site"),
    patch=extend_schema(operation_id="partnerships_sites_partial_update", tags=["sites"],
                        summary="Change a site", request=SiteUpdateSerializer,
                        responses=SiteSerializer),
    delete=extend_schema(operation_id="partnerships_sites_destroy", tags=["sites"],
                         summary="Delete a site"),
)  # fmt: skip
class SiteDetailApi(SiteMixin, mixins.RetrieveModelMixin, PartnershipApiView):
    serializer_class = SiteSerializer
    pagination_class = None
    filter_backends = []

    def get_object(self):
        return self.get_tenant_object(self.get_queryset(), uuid=self.kwargs["site_uuid"])

    def get(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)

    def patch(self, request, partnership_slug, site_uuid):
        site = self.get_object()
        data = SiteUpdateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        site = _call(services.site_update, site=site, **data.validated_data)
        return Response(SiteSerializer(site).data)

    def delete(self, request, partnership_slug, site_uuid):
        services.site_delete(site=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- boundary files -------------------------------------------------------------------


class BoundaryParseApi(GenericAPIView):
    """Upload a GeoJSON, KML, KMZ, zipped Shapefile or GPX file as ``file``. An
    unreadable, unsafe or invalid file is a 400 whose message says what is wrong."""

    parser_classes = [MultiPartParser, FormParser]
    serializer_class = BoundaryParseRequestSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        operation_id="boundaries_parse",
        tags=["landscapes"],
        summary="Read a boundary file and return its GeoJSON geometry with area (nothing is stored)",
        request={"multipart/form-data": BoundaryParseRequestSerializer},
        responses={200: BoundaryParseResponseSerializer},
    )
    def post(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > MAX_UPLOAD_BYTES + 64 * 1024:
            raise ValidationError({"file": [_too_large()]})
        data = BoundaryParseRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        file = data.validated_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise ValidationError({"file": [_too_large()]})
        try:
            geometry = parse_boundary_file(name=file.name, data=file, size=file.size)
            normalized = normalize_geometry(geometry)
        except BoundaryError as error:
            raise ValidationError(
                {"file": [getattr(error, "message", None) or str(error)]}
            ) from error
        body = {
            "geometry": normalized.geometry,
            "area_ha": normalized.area_ha,
            "centroid": list(normalized.centroid),
            "bbox": list(normalized.bbox),
            "display_geometry": normalized.display_geometry,
            "warnings": list(normalized.warnings),
        }
        return Response(BoundaryParseResponseSerializer(body).data)


def _too_large() -> str:
    return _("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}
