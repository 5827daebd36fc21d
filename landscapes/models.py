"""Landscapes stewarded by a partnership, their boundaries, sites and goals, and the
hub-managed taxonomy that describes them.

Geometry is RFC 7946 GeoJSON (WGS84 lon/lat) in JSON columns. The computed columns
(area, centroid, bounding box, simplified display geometry) are written together
with the geometry by ``landscapes.services`` and never by user input.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from hub.models import TimeStampedModel, UUIDModel, in_language
from hub.search.postgres import search_document_field
from partnerships.tenancy import TenantModel, TenantQuerySet

# Global search (landscapes/search.py) and its GIN index; the long texts are rich text.
LANDSCAPE_SEARCH_FIELDS = (
    ("name", "A"),
    ("description", "B"),
    ("objectives", "C"),
    ("problem_situation", "C"),
    ("opportunities", "C"),
    ("intervention_strategy", "C"),
)


@pghistory.track()
class TaxonomyTerm(TimeStampedModel):
    """A term of a hub-managed vocabulary, labelled in the four platform languages."""

    class Vocabulary(models.TextChoices):
        ECOSYSTEM_TYPE = "ecosystem_type", _("Ecosystem type")
        LIVELIHOOD = "livelihood", _("Livelihood")
        COMMODITY = "commodity", _("Commodity")
        PRODUCTION_METHOD = "production_method", _("Production method")
        LANGUAGE = "language", _("Language")

    vocabulary = models.CharField(_("vocabulary"), max_length=20, choices=Vocabulary.choices)
    key = models.SlugField(_("key"), max_length=60)
    label_en = models.CharField(_("label (English)"), max_length=120)
    label_es = models.CharField(_("label (Spanish)"), max_length=120, blank=True)
    label_fr = models.CharField(_("label (French)"), max_length=120, blank=True)
    label_pt = models.CharField(_("label (Portuguese)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["vocabulary", "position", "label_en"]
        constraints = [
            models.UniqueConstraint(fields=["key"], name="taxonomy_term_key_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    def label_in(self, language: str | None) -> str:
        return in_language(self, "label", language or "en")

    @property
    def label(self) -> str:
        return in_language(self, "label")


class AreaType(models.TextChoices):
    RURAL = "rural", _("Rural")
    PERI_URBAN = "peri_urban", _("Peri-urban")
    URBAN = "urban", _("Urban")
    COASTAL_MARINE = "coastal_marine", _("Coastal / marine")
    MOUNTAIN = "mountain", _("Mountain")
    FOREST = "forest", _("Forest")
    DRYLANDS = "drylands", _("Drylands")
    WETLAND = "wetland", _("Wetland")


class GeometryKind(models.TextChoices):
    NONE = "none", _("Not drawn yet")
    POINT = "point", _("Point")
    POLYGON = "polygon", _("Polygon")


class GeometryColumns(models.Model):
    """The columns computed from a geometry; the bounding box is indexed together."""

    area_ha = models.DecimalField(
        _("area (ha)"), max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    centroid_lon = models.FloatField(null=True, blank=True, editable=False)
    centroid_lat = models.FloatField(null=True, blank=True, editable=False)
    bbox_min_lon = models.FloatField(null=True, blank=True, editable=False)
    bbox_min_lat = models.FloatField(null=True, blank=True, editable=False)
    bbox_max_lon = models.FloatField(null=True, blank=True, editable=False)
    bbox_max_lat = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def centroid(self) -> tuple[float, float] | None:
        if self.centroid_lon is None:
            return None
        return (self.centroid_lon, self.centroid_lat)

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        if self.bbox_min_lon is None:
            return None
        return (self.bbox_min_lon, self.bbox_min_lat, self.bbox_max_lon, self.bbox_max_lat)

    def set_geometry_columns(self, normalized) -> None:
        self.area_ha = normalized.area_ha
        self.centroid_lon, self.centroid_lat = normalized.centroid
        (self.bbox_min_lon, self.bbox_min_lat, self.bbox_max_lon, self.bbox_max_lat) = (
            normalized.bbox
        )

    def clear_geometry_columns(self) -> None:
        self.area_ha = None
        self.centroid_lon = self.centroid_lat = None
        self.bbox_min_lon = self.bbox_min_lat = self.bbox_max_lon = self.bbox_max_lat = None


class LandscapeQuerySet(TenantQuerySet):
    def public(self) -> LandscapeQuerySet:
        """Landscapes of public, approved partnerships: the anonymous directory."""
        from partnerships.models import Partnership

        return self.filter(
            partnership__visibility=Partnership.Visibility.PUBLIC,
            partnership__approval=Partnership.Approval.APPROVED,
        )

    def readable_by(self, user) -> LandscapeQuerySet:
        """Public landscapes plus those of the caller's partnerships (hub staff: all)."""
        from partnerships.models import Partnership

        if user.is_authenticated and user.is_staff:
            return self
        public = models.Q(
            partnership__visibility=Partnership.Visibility.PUBLIC,
            partnership__approval=Partnership.Approval.APPROVED,
        )
        if not user.is_authenticated:
            return self.filter(public)
        mine = models.Q(
            partnership__in=Partnership.objects.filter(memberships__user=user).values("pk")
        )
        return self.filter(public | mine)

    def overlapping_bbox(self, min_lon, min_lat, max_lon, max_lat) -> LandscapeQuerySet:
        return self.filter(
            bbox_min_lon__lte=max_lon,
            bbox_max_lon__gte=min_lon,
            bbox_min_lat__lte=max_lat,
            bbox_max_lat__gte=min_lat,
        )


# The geometry itself is kept in BoundaryVersion rows, not copied into every event.
@pghistory.track(exclude=["boundary", "display_geometry", "search_document"])
class Landscape(TenantModel, UUIDModel, GeometryColumns):
    """A landscape stewarded by a partnership, with its boundary and strategy."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in links"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    area_types = ArrayField(
        models.CharField(max_length=20, choices=AreaType.choices),
        verbose_name=_("area types"),
        default=list,
        blank=True,
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    image = models.ImageField(_("image"), upload_to="landscapes/images/", blank=True)
    image_alt = models.CharField(_("image description (alt text)"), max_length=250, blank=True)
    terms = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("taxonomy terms"), blank=True, related_name="landscapes"
    )

    objectives = models.TextField(_("objectives"), blank=True)
    problem_situation = models.TextField(_("problem situation"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    intervention_strategy = models.TextField(_("intervention strategy"), blank=True)
    search_document = search_document_field(LANDSCAPE_SEARCH_FIELDS)

    boundary = models.JSONField(_("boundary"), null=True, blank=True, editable=False)
    boundary_kind = models.CharField(
        _("boundary kind"),
        max_length=10,
        choices=GeometryKind.choices,
        default=GeometryKind.NONE,
        editable=False,
    )
    display_geometry = models.JSONField(null=True, blank=True, editable=False)
    boundary_source = models.CharField(
        _("boundary source"), max_length=20, blank=True, editable=False
    )
    boundary_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    boundary_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = LandscapeQuerySet.as_manager()

    class Meta:
        verbose_name = _("landscape")
        verbose_name_plural = _("landscapes")
        ordering = ["name"]
        indexes = [
            models.Index(
                fields=["bbox_min_lon", "bbox_min_lat", "bbox_max_lon", "bbox_max_lat"],
                name="landscape_bbox_idx",
            ),
            GinIndex(fields=["search_document"], name="landscape_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(boundary_kind="none", boundary__isnull=True)
                | (~models.Q(boundary_kind="none") & models.Q(boundary__isnull=False)),
                name="landscape_boundary_kind_matches",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )
        if len(set(self.area_types)) != len(self.area_types):
            raise ValidationError({"area_types": _("Each area type can be chosen once.")})

    def terms_of(self, vocabulary: str) -> list[TaxonomyTerm]:
        """Terms of one vocabulary (uses the prefetched terms when there are)."""
        return [term for term in self.terms.all() if term.vocabulary == vocabulary]

    def get_area_types_display(self) -> list[str]:
        labels = dict(AreaType.choices)
        return [str(labels.get(value, value)) for value in self.area_types]


@pghistory.track()
class BoundaryVersion(TenantModel, UUIDModel):
    """A boundary that was replaced: kept so a landscape's history can be shown."""

    landscape = models.ForeignKey(
        Landscape, on_delete=models.CASCADE, related_name="boundary_versions"
    )
    geometry = models.JSONField(_("geometry"))
    kind = models.CharField(_("kind"), max_length=10, choices=GeometryKind.choices)
    area_ha = models.DecimalField(
        _("area (ha)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=20, blank=True)
    set_at = models.DateTimeField(_("set at"), null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("boundary version")
        verbose_name_plural = _("boundary versions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.landscape} ({self.set_at or self.created_at:%Y-%m-%d})"


@pghistory.track()
class LandscapeGoal(TenantModel, UUIDModel):
    """A goal of the landscape's development strategy; MEL results link to it later."""

    landscape = models.ForeignKey(Landscape, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("target year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("landscape goal")
        verbose_name_plural = _("landscape goals")
        ordering = ["position", "target_year", "title"]

    def __str__(self) -> str:
        return self.title


@pghistory.track(exclude=["display_geometry"])
class Site(TenantModel, UUIDModel, GeometryColumns):
    """A place inside a landscape: a village, a farm, a nursery, a restoration site."""

    class Kind(models.TextChoices):
        VILLAGE = "village", _("Village")
        FARM = "farm", _("Farm")
        RESTORATION_SITE = "restoration_site", _("Restoration site")
        NURSERY = "nursery", _("Tree nursery")
        PROTECTED_AREA = "protected_area", _("Protected area")
        WATER_POINT = "water_point", _("Water point")
        OFFICE = "office", _("Office")
        OTHER = "other", _("Other")

    landscape = models.ForeignKey(Landscape, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    geometry = models.JSONField(_("geometry"), editable=False)
    geometry_kind = models.CharField(
        _("geometry kind"),
        max_length=10,
        choices=[c for c in GeometryKind.choices if c[0] != GeometryKind.NONE],
        editable=False,
    )
    display_geometry = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        indexes = [
            models.Index(
                fields=["bbox_min_lon", "bbox_min_lat", "bbox_max_lon", "bbox_max_lat"],
                name="site_bbox_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# Stories and the knowledge library live in their own module (kept importable from here).
from landscapes.models_content import Resource, Story  # noqa: E402, F401
