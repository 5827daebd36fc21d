from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.api.fields import CountryCodesField
from hub.api.serializers import StrictInputMixin
from landscapes.models import AreaType, Landscape, LandscapeGoal, Site, TaxonomyTerm

POSITION = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2,
            "example": [34.55, 1.12]}  # fmt: skip
RING = {"type": "array", "items": POSITION, "minItems": 4}
GEOMETRY_SCHEMA = {
    "type": "object",
    "description": "An RFC 7946 GeoJSON geometry in WGS84 longitude/latitude: "
    "Point, Polygon or MultiPolygon.",
    "oneOf": [
        {
            "type": "object",
            "title": "Point",
            "properties": {"type": {"type": "string", "enum": ["Point"]}, "coordinates": POSITION},
            "required": ["type", "coordinates"],
        },
        {
            "type": "object",
            "title": "Polygon",
            "properties": {
                "type": {"type": "string", "enum": ["Polygon"]},
                "coordinates": {"type": "array", "items": RING, "minItems": 1},
            },
            "required": ["type", "coordinates"],
        },
        {
            "type": "object",
            "title": "MultiPolygon",
            "properties": {
                "type": {"type": "string", "enum": ["MultiPolygon"]},
                "coordinates": {
                    "type": "array",
                    "items": {"type": "array", "items": RING, "minItems": 1},
                    "minItems": 1,
                },
            },
            "required": ["type", "coordinates"],
        },
    ],
}
CENTROID_SCHEMA = {
    "type": "array",
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 2,
    "nullable": True,
    "description": "[lon, lat]; null without a boundary.",
}
BBOX_SCHEMA = {
    "type": "array",
    "items": {"type": "number"},
    "minItems": 4,
    "maxItems": 4,
    "nullable": True,
    "description": "[minLon, minLat, maxLon, maxLat]; null without a boundary.",
}


@extend_schema_field(GEOMETRY_SCHEMA, component_name="Geometry")
class GeometryField(serializers.JSONField):
    default_error_messages = {
        "not_geometry": "Send a GeoJSON geometry object with a type: Point, Polygon or "
        "MultiPolygon."
    }

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not isinstance(value, dict) or value.get("type") not in (
            "Point",
            "Polygon",
            "MultiPolygon",
        ):
            self.fail("not_geometry")
        return value


@extend_schema_field(CENTROID_SCHEMA)
class CentroidField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, row):
        return list(row.centroid) if row.centroid else None


@extend_schema_field(BBOX_SCHEMA)
class BBoxField(CentroidField):
    def to_representation(self, row):
        return list(row.bbox) if row.bbox else None


class TermKeysField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Keys of taxonomy terms, e.g. `coffee`, `tropical-forest`.")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", TaxonomyTerm.objects.filter(is_active=True))
        super().__init__(slug_field="key", **kwargs)


AREA = {"max_digits": 14, "decimal_places": 2, "coerce_to_string": False, "read_only": True,
        "allow_null": True}  # fmt: skip


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = LandscapeGoal
        fields = ["uuid", "title", "description", "target_year"]
        read_only_fields = fields


class LandscapeSerializer(serializers.ModelSerializer):
    """A landscape in a list: centroid, bounding box and the simplified geometry."""

    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    countries = CountryCodesField(read_only=True)
    area_types = serializers.ListField(
        child=serializers.ChoiceField(choices=AreaType.choices), read_only=True
    )
    terms = TermKeysField(many=True, read_only=True)
    image = serializers.ImageField(read_only=True, allow_null=True)
    area_ha = serializers.DecimalField(**AREA)
    centroid = CentroidField()
    bbox = BBoxField()
    display_geometry = GeometryField(
        read_only=True, allow_null=True, help_text="Simplified boundary for maps."
    )

    class Meta:
        model = Landscape
        fields = ["uuid", "slug", "name", "partnership", "description", "countries",
                  "area_types", "population", "website", "image", "image_alt", "terms",
                  "boundary_kind", "area_ha", "centroid", "bbox", "display_geometry",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {"description": {"help_text": "Sanitized HTML."}}


class LandscapeDetailSerializer(LandscapeSerializer):
    """One landscape with its full boundary, strategy and goals."""

    boundary = GeometryField(read_only=True, allow_null=True, help_text="The full boundary.")
    goals = GoalSerializer(many=True, read_only=True)
    warnings = serializers.SerializerMethodField(
        help_text="After a write: what to check (a repaired geometry, overlaps with the "
        "partnership's other landscapes). Empty otherwise."
    )

    class Meta(LandscapeSerializer.Meta):
        fields = [*LandscapeSerializer.Meta.fields, "objectives", "problem_situation",
                  "opportunities", "intervention_strategy", "boundary", "boundary_source",
                  "boundary_updated_at", "goals", "warnings"]  # fmt: skip
        read_only_fields = fields

    def get_warnings(self, landscape) -> list[str]:
        return list(self.context.get("warnings", []))


class LandscapeWriteSerializer(StrictInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True,
                                        help_text="HTML; unsafe tags are removed.")  # fmt: skip
    countries = CountryCodesField(required=False, max_length=60)
    area_types = serializers.ListField(
        child=serializers.ChoiceField(choices=AreaType.choices), required=False, max_length=8
    )
    population = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    website = serializers.URLField(required=False, allow_blank=True)
    terms = TermKeysField(many=True, required=False)
    objectives = serializers.CharField(required=False, allow_blank=True)
    problem_situation = serializers.CharField(required=False, allow_blank=True)
    opportunities = serializers.CharField(required=False, allow_blank=True)
    intervention_strategy = serializers.CharField(required=False, allow_blank=True)
    boundary = GeometryField(
        required=False,
        allow_null=True,
        help_text="GeoJSON geometry; null removes the boundary (kept in its history).",
    )


class SiteSerializer(serializers.ModelSerializer):
    landscape = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    geometry = GeometryField(read_only=True)
    area_ha = serializers.DecimalField(**AREA)
    centroid = CentroidField()
    bbox = BBoxField()

    class Meta:
        model = Site
        fields = ["uuid", "landscape", "name", "kind", "description", "geometry",
                  "geometry_kind", "area_ha", "centroid", "bbox", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields


class LandscapeUuidField(serializers.SlugRelatedField):
    """A landscape, by uuid, of the partnership in the request."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"does_not_exist": "No such landscape in this partnership: {value}.",
             "invalid": "Enter a valid uuid."},
        )  # fmt: skip
        super().__init__(slug_field="uuid", queryset=Landscape.objects.none(), **kwargs)

    def get_queryset(self):
        return Landscape.objects.for_partnership(self.context["partnership"])


class SiteWriteSerializer(StrictInputMixin, serializers.Serializer):
    landscape = LandscapeUuidField(help_text="uuid of a landscape of this partnership")
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Site.Kind.choices, default=Site.Kind.OTHER)
    description = serializers.CharField(required=False, allow_blank=True)
    geometry = GeometryField()


class SiteUpdateSerializer(SiteWriteSerializer):
    """A site cannot move to another landscape."""

    def get_fields(self):
        fields = super().get_fields()
        del fields["landscape"]
        for field in fields.values():
            field.required = False
        return fields


class BoundaryParseRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="GeoJSON, KML, KMZ, zipped Shapefile (with .prj) or GPX; at most 20 MB."
    )


class BoundaryParseResponseSerializer(serializers.Serializer):
    geometry = GeometryField(read_only=True)
    area_ha = serializers.DecimalField(**AREA)
    centroid = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2,
                                     help_text="[lon, lat]")  # fmt: skip
    bbox = serializers.ListField(child=serializers.FloatField(), min_length=4, max_length=4,
                                 help_text="[minLon, minLat, maxLon, maxLat]")  # fmt: skip
    display_geometry = GeometryField(read_only=True)
    warnings = serializers.ListField(child=serializers.CharField())
