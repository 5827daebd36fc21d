"""Landscape profiles as JSON and GeoJSON, and the directory as CSV rows."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from landscapes.models import Landscape

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value) -> str:
    """Neutralise formula injection: a text cell starting like a formula gets a leading
    apostrophe, so spreadsheets show it as text."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``minLon,minLat,maxLon,maxLat`` in degrees; ValueError with a message otherwise."""
    parts = [p.strip() for p in (value or "").split(",")]
    if len(parts) != 4:
        raise ValueError(_("bbox must be four numbers: minLon,minLat,maxLon,maxLat."))
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError as error:
        raise ValueError(_("bbox must be four numbers: minLon,minLat,maxLon,maxLat.")) from error
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise ValueError(_("bbox must be four numbers: minLon,minLat,maxLon,maxLat."))
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise ValueError(_("Longitudes must be between -180 and 180."))
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise ValueError(_("Latitudes must be between -90 and 90."))
    if min_lon > max_lon or min_lat > max_lat:
        raise ValueError(_("The minimum of bbox must not be larger than its maximum."))
    return (min_lon, min_lat, max_lon, max_lat)


def parse_point(value: str) -> tuple[float, float]:
    parts = [p.strip() for p in (value or "").split(",")]
    try:
        lon, lat = (float(p) for p in parts)
    except ValueError as error:
        raise ValueError(_("contains must be two numbers: lon,lat.")) from error
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(_("contains must be a longitude (-180..180) and a latitude (-90..90)."))
    return (lon, lat)


def _url(request, name: str, *args) -> str:
    path = reverse(name, args=args)
    return request.build_absolute_uri(path) if request is not None else path


def _decimal(value) -> float | None:
    return float(value) if value is not None else None


def landscape_profile(landscape: Landscape, *, request=None) -> dict:
    """The whole profile (with the full boundary), for the JSON export."""
    terms: dict[str, list[dict]] = {}
    for term in landscape.terms.all():
        terms.setdefault(term.vocabulary, []).append({"key": term.key, "label": term.label})
    return {
        "id": str(landscape.uuid),
        "slug": landscape.slug,
        "name": landscape.name,
        "url": _url(request, "landscapes:landscape-detail", landscape.partnership.slug,
                    landscape.slug),
        "partnership": {
            "slug": landscape.partnership.slug,
            "name": landscape.partnership.name,
            "url": _url(request, "partnerships:profile", landscape.partnership.slug),
        },
        "description": landscape.description,
        "countries": [str(c) for c in landscape.countries],
        "area_types": list(landscape.area_types),
        "population": landscape.population,
        "website": landscape.website,
        "image": landscape.image.url if landscape.image else None,
        "image_alt": landscape.image_alt,
        "terms": terms,
        "strategy": {
            "objectives": landscape.objectives,
            "problem_situation": landscape.problem_situation,
            "opportunities": landscape.opportunities,
            "intervention_strategy": landscape.intervention_strategy,
        },
        "boundary": landscape.boundary,
        "boundary_kind": landscape.boundary_kind,
        "boundary_source": landscape.boundary_source,
        "boundary_updated_at": landscape.boundary_updated_at.isoformat()
        if landscape.boundary_updated_at
        else None,
        "area_ha": _decimal(landscape.area_ha),
        "centroid": list(landscape.centroid) if landscape.centroid else None,
        "bbox": list(landscape.bbox) if landscape.bbox else None,
        "goals": [
            {"id": str(g.uuid), "title": g.title, "description": g.description,
             "target_year": g.target_year}
            for g in landscape.goals.all()
        ],
        "sites": [
            {"id": str(s.uuid), "name": s.name, "kind": s.kind, "description": s.description,
             "geometry": s.geometry, "area_ha": _decimal(s.area_ha)}
            for s in landscape.sites.all()
        ],
        "updated_at": landscape.updated_at.isoformat(),
    }  # fmt: skip


def landscape_feature_collection(landscape: Landscape, *, request=None) -> dict:
    """RFC 7946 FeatureCollection: the boundary, then one feature per site."""
    features = []
    if landscape.boundary:
        features.append(
            {
                "type": "Feature",
                "id": str(landscape.uuid),
                "geometry": landscape.boundary,
                "properties": {
                    "feature": "landscape",
                    "name": landscape.name,
                    "slug": landscape.slug,
                    "partnership": landscape.partnership.slug,
                    "countries": [str(c) for c in landscape.countries],
                    "area_ha": _decimal(landscape.area_ha),
                    "source": landscape.boundary_source,
                    "url": _url(request, "landscapes:landscape-detail",
                                landscape.partnership.slug, landscape.slug),
                },
            }
        )  # fmt: skip
    for site in landscape.sites.all():
        features.append(
            {
                "type": "Feature",
                "id": str(site.uuid),
                "geometry": site.geometry,
                "properties": {
                    "feature": "site",
                    "name": site.name,
                    "kind": site.kind,
                    "description": site.description,
                    "area_ha": _decimal(site.area_ha),
                    "landscape": landscape.slug,
                },
            }
        )
    collection: dict = {"type": "FeatureCollection", "features": features}
    if landscape.bbox:
        collection["bbox"] = list(landscape.bbox)
    return collection


CSV_HEADER = ["name", "partnership", "countries", "area_types", "area_ha", "centroid_lon",
              "centroid_lat", "population", "ecosystem_types", "commodities", "website", "url"]  # fmt: skip


def directory_rows(landscapes: Iterable[Landscape], *, request=None) -> Iterator[list[str]]:
    yield CSV_HEADER
    for landscape in landscapes:
        terms = list(landscape.terms.all())
        yield [
            csv_safe(value)
            for value in (
                landscape.name,
                landscape.partnership.name,
                " ".join(str(c) for c in landscape.countries),
                " ".join(landscape.area_types),
                f"{landscape.area_ha:.2f}" if landscape.area_ha is not None else "",
                landscape.centroid_lon,
                landscape.centroid_lat,
                landscape.population,
                "; ".join(t.label for t in terms if t.vocabulary == "ecosystem_type"),
                "; ".join(t.label for t in terms if t.vocabulary == "commodity"),
                landscape.website,
                _url(request, "landscapes:landscape-detail", landscape.partnership.slug,
                     landscape.slug),
            )
        ]  # fmt: skip
