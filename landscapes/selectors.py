"""Reads of the landscapes app. Lists never load the full boundaries: maps of many
landscapes get centroids and the simplified display geometry only."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Prefetch, Q, QuerySet

from landscapes.geo.geometry import geometries_overlap
from landscapes.models import (
    BoundaryVersion,
    GeometryKind,
    Landscape,
    LandscapeGoal,
    Site,
    TaxonomyTerm,
)
from partnerships.models import Partnership

# Columns a list needs; the boundary and display geometry stay in the database.
LIST_COLUMNS = (
    "id", "uuid", "name", "slug", "description", "countries", "area_types", "population",
    "website", "image", "image_alt", "boundary_kind", "area_ha", "centroid_lon", "centroid_lat",
    "bbox_min_lon", "bbox_min_lat", "bbox_max_lon", "bbox_max_lat", "partnership_id",
    "created_at", "updated_at", "partnership__id", "partnership__name", "partnership__slug",
    "partnership__visibility", "partnership__approval",
)  # fmt: skip


def _terms_prefetch() -> Prefetch:
    return Prefetch("terms", queryset=TaxonomyTerm.objects.order_by("vocabulary", "position"))


def landscape_list(*, partnership: Partnership) -> QuerySet[Landscape]:
    return (
        Landscape.objects.for_partnership(partnership)
        .select_related("partnership")
        .only(*LIST_COLUMNS)
        .prefetch_related(_terms_prefetch())
        .order_by("name")
    )


def landscape_get(*, partnership: Partnership, slug: str) -> Landscape | None:
    return (
        Landscape.objects.for_partnership(partnership)
        .select_related("partnership", "boundary_updated_by")
        .prefetch_related(
            _terms_prefetch(),
            Prefetch("sites", queryset=Site.objects.order_by("name")),
            Prefetch("goals", queryset=LandscapeGoal.objects.order_by("position", "target_year")),
        )
        .filter(slug=slug)
        .first()
    )


@dataclass
class Overlap:
    landscape: Landscape
    geometry: dict


def landscape_overlaps(*, landscape: Landscape, geometry: dict | None = None) -> list[Overlap]:
    """Other landscapes of the same partnership whose boundary overlaps this one
    (bounding boxes compared in SQL, shapes by shapely)."""
    geometry = geometry if geometry is not None else landscape.boundary
    if not geometry or geometry.get("type") == "Point" or landscape.bbox is None:
        return []
    candidates = (
        Landscape.objects.for_partnership(landscape.partnership)
        .exclude(pk=landscape.pk)
        .filter(boundary_kind=GeometryKind.POLYGON)
        .overlapping_bbox(*landscape.bbox)
        .only("pk", "uuid", "name", "slug", "boundary", "partnership_id")
        .order_by("name")
    )
    overlaps = []
    for other in candidates:
        shared = geometries_overlap(geometry, other.boundary)
        if shared is not None:
            overlaps.append(Overlap(landscape=other, geometry=shared))
    return overlaps


def boundary_versions(*, landscape: Landscape) -> QuerySet[BoundaryVersion]:
    return (
        BoundaryVersion.objects.for_partnership(landscape.partnership)
        .filter(landscape=landscape)
        .select_related("set_by", "replaced_by")
        .defer("geometry")
        .order_by("-created_at", "-id")
    )


def site_list(*, landscape: Landscape) -> QuerySet[Site]:
    return (
        Site.objects.for_partnership(landscape.partnership)
        .filter(landscape=landscape)
        .order_by("name")
    )


def goal_list(*, landscape: Landscape) -> QuerySet[LandscapeGoal]:
    return (
        LandscapeGoal.objects.for_partnership(landscape.partnership)
        .filter(landscape=landscape)
        .order_by("position", "target_year", "title")
    )


def partnership_landscapes(*, partnership: Partnership) -> QuerySet[Landscape]:
    """The landscapes a partnership stewards, for its public profile."""
    return landscape_list(partnership=partnership)


# --- the public directory -------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    country: str = ""
    ecosystem: str = ""
    commodity: str = ""
    partnership: str = ""

    @property
    def active(self) -> bool:
        return any((self.q, self.country, self.ecosystem, self.commodity, self.partnership))


def _search(qs: QuerySet[Landscape], text: str) -> QuerySet[Landscape]:
    """PostgreSQL full-text search (simple configuration: the content is in many
    languages), plus a substring match so partial words still find names."""
    vector = SearchVector("name", weight="A", config="simple") + SearchVector(
        "description", weight="B", config="simple"
    )
    query = SearchQuery(text, search_type="websearch", config="simple")
    return qs.annotate(search=vector).filter(
        Q(search=query) | Q(name__icontains=text) | Q(description__icontains=text)
    )


def directory_landscapes(*, filters: DirectoryFilters) -> QuerySet[Landscape]:
    """Landscapes of public, approved partnerships matching the filters."""
    qs = Landscape.objects.public().select_related("partnership").only(*LIST_COLUMNS)
    if filters.q:
        qs = _search(qs, filters.q)
    if filters.country:
        qs = qs.filter(countries__contains=filters.country.upper())
    if filters.ecosystem:
        qs = qs.filter(terms__key=filters.ecosystem, terms__vocabulary="ecosystem_type")
    if filters.commodity:
        qs = qs.filter(
            pk__in=Landscape.terms.through.objects.filter(
                taxonomyterm__key=filters.commodity, taxonomyterm__vocabulary="commodity"
            ).values("landscape_id")
        )
    if filters.partnership:
        qs = qs.filter(partnership__slug=filters.partnership)
    return qs.prefetch_related(_terms_prefetch()).order_by("name", "id")


def directory_map_points(*, filters: DirectoryFilters) -> list[dict]:
    """One small row per landscape with a boundary: enough for a clustered marker."""
    rows = (
        directory_landscapes(filters=filters)
        .exclude(centroid_lon__isnull=True)
        .prefetch_related(None)
        .values_list(
            "uuid",
            "name",
            "slug",
            "partnership__slug",
            "partnership__name",
            "centroid_lon",
            "centroid_lat",
            "area_ha",
            "boundary_kind",
        )
    )
    return [
        {
            "id": str(uuid),
            "name": name,
            "slug": slug,
            "partnership": partnership_slug,
            "partnership_name": partnership_name,
            "lon": round(lon, 6),
            "lat": round(lat, 6),
            "area_ha": float(area) if area is not None else None,
            "kind": kind,
        }
        for (uuid, name, slug, partnership_slug, partnership_name, lon, lat, area, kind) in rows
    ]


MAX_SHAPES = 300


def directory_shapes(
    *, filters: DirectoryFilters, bbox: tuple[float, float, float, float]
) -> list[dict]:
    """Simplified outlines of the landscapes in view (at most MAX_SHAPES, largest first)."""
    rows = (
        directory_landscapes(filters=filters)
        .filter(boundary_kind="polygon")
        .overlapping_bbox(*bbox)
        .prefetch_related(None)
        .order_by("-area_ha", "id")
        .values_list("uuid", "name", "slug", "partnership__slug", "display_geometry")[:MAX_SHAPES]
    )
    return [
        {
            "type": "Feature",
            "id": str(uuid),
            "geometry": geometry,
            "properties": {"name": name, "slug": slug, "partnership": partnership_slug},
        }
        for uuid, name, slug, partnership_slug, geometry in rows
    ]


def directory_filter_options() -> dict:
    """Countries, ecosystem types, commodities and partnerships that occur among the
    public landscapes (three queries, whatever the number of landscapes)."""
    from django_countries import countries as all_countries

    public = Landscape.objects.public()
    codes: set[str] = set()
    for value in public.order_by().values_list("countries", flat=True).distinct():
        codes.update(code for code in str(value or "").split(",") if code)
    terms = list(
        TaxonomyTerm.objects.filter(
            vocabulary__in=["ecosystem_type", "commodity"], landscapes__in=public
        )
        .distinct()
        .order_by("vocabulary", "position", "label_en")
    )
    partnerships = list(
        Partnership.objects.public()
        .filter(pk__in=public.values("partnership_id"))
        .order_by("name")
        .values_list("slug", "name")
    )
    names = dict(all_countries)
    return {
        "countries": sorted(((code, names.get(code, code)) for code in codes), key=lambda c: c[1]),
        "ecosystems": [t for t in terms if t.vocabulary == "ecosystem_type"],
        "commodities": [t for t in terms if t.vocabulary == "commodity"],
        "partnerships": partnerships,
    }


def sitemap_partnerships() -> QuerySet[Partnership]:
    return Partnership.objects.public().only("slug", "updated_at").order_by("slug")


def sitemap_landscapes() -> QuerySet[Landscape]:
    return (
        Landscape.objects.public()
        .select_related("partnership")
        .only("slug", "updated_at", "partnership__slug")
        .order_by("slug")
    )


def api_landscapes(*, user, api_key_partnership_id: int | None = None) -> QuerySet[Landscape]:
    """Landscapes the caller may read: public ones and their partnerships' (staff: all);
    with an API key only the key's partnership."""
    qs = Landscape.objects.readable_by(user)
    if api_key_partnership_id is not None:
        qs = qs.filter(partnership_id=api_key_partnership_id)
    return qs.select_related("partnership").prefetch_related(_terms_prefetch())
