"""Writes of the landscapes app: landscapes, boundaries, sites and goals."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.services import ApplicationError
from landscapes.geo.errors import BoundaryError
from landscapes.geo.geometry import normalize_geometry
from landscapes.models import (
    BoundaryVersion,
    GeometryKind,
    Landscape,
    LandscapeGoal,
    Site,
    TaxonomyTerm,
)
from landscapes.selectors import Overlap, landscape_overlaps
from partnerships.models import Partnership
from partnerships.services.profile import rich_text_clean

IMAGE_TYPES = {
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".webp": {"image/webp"},
}
MAX_IMAGE_BYTES = 10 * 1024 * 1024
UNSET: Any = object()

BOUNDARY_SOURCES = ("geojson", "kml", "kmz", "shapefile", "gpx", "drawn", "point", "api")


@dataclass
class BoundaryResult:
    landscape: Landscape
    warnings: list[str] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)


def image_check(file: UploadedFile) -> None:
    """Refuse an image by its size, extension and declared type before reading it."""
    extension = os.path.splitext(file.name or "")[1].lower()
    if extension not in IMAGE_TYPES or file.content_type not in IMAGE_TYPES[extension]:
        raise ApplicationError(_("The image must be a PNG, JPEG or WebP file."), field="image")
    if file.size > MAX_IMAGE_BYTES:
        raise ApplicationError(_("The image must be smaller than 10 MB."), field="image")


# Path segments of the landscape pages that a landscape's slug must not shadow.
RESERVED_SLUGS = frozenset({"new"})


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70] or "landscape"
    slug, n = base, 2
    taken = Landscape.objects.exclude(pk=exclude_pk) if exclude_pk else Landscape.objects.all()
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_slug(slug: str, *, exclude_pk: int | None = None) -> None:
    if slug in RESERVED_SLUGS:
        raise ApplicationError(_("This short name is reserved; choose another."), field="slug")
    qs = Landscape.objects.filter(slug=slug)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ApplicationError(_("Another landscape already uses this short name."), field="slug")


RICH_FIELDS = ("description", "objectives", "problem_situation", "opportunities",
               "intervention_strategy")  # fmt: skip


@transaction.atomic
def landscape_create(
    *,
    partnership: Partnership,
    name: str,
    slug: str = "",
    description: str = "",
    countries: list[str] | tuple[str, ...] = (),
    area_types: list[str] | tuple[str, ...] = (),
    population: int | None = None,
    website: str = "",
    image: UploadedFile | None = None,
    image_alt: str = "",
    terms: list[TaxonomyTerm] | tuple[TaxonomyTerm, ...] = (),
    objectives: str = "",
    problem_situation: str = "",
    opportunities: str = "",
    intervention_strategy: str = "",
) -> Landscape:
    if slug:
        _check_slug(slug)
    else:
        slug = _unique_slug(name)
    if image:
        image_check(image)
    landscape = Landscape(
        partnership=partnership,
        name=name.strip(),
        slug=slug,
        description=rich_text_clean(description),
        countries=list(countries),
        area_types=list(area_types),
        population=population,
        website=website,
        image_alt=image_alt.strip(),
        objectives=rich_text_clean(objectives),
        problem_situation=rich_text_clean(problem_situation),
        opportunities=rich_text_clean(opportunities),
        intervention_strategy=rich_text_clean(intervention_strategy),
    )
    if image:
        landscape.image = image
    landscape.full_clean()
    landscape.save()
    landscape.terms.set(terms)
    return landscape


@transaction.atomic
def landscape_update(
    *,
    landscape: Landscape,
    name: str = UNSET,
    slug: str = UNSET,
    description: str = UNSET,
    countries: list[str] = UNSET,
    area_types: list[str] = UNSET,
    population: int | None = UNSET,
    website: str = UNSET,
    image: UploadedFile | bool | None = UNSET,
    image_alt: str = UNSET,
    terms: list[TaxonomyTerm] = UNSET,
    objectives: str = UNSET,
    problem_situation: str = UNSET,
    opportunities: str = UNSET,
    intervention_strategy: str = UNSET,
) -> Landscape:
    """Change the given fields only. ``image=False`` removes the image."""
    values = {
        "name": name, "slug": slug, "description": description, "countries": countries,
        "area_types": area_types, "population": population, "website": website,
        "image_alt": image_alt, "objectives": objectives, "problem_situation": problem_situation,
        "opportunities": opportunities, "intervention_strategy": intervention_strategy,
    }  # fmt: skip
    changed = {key: value for key, value in values.items() if value is not UNSET}
    if "slug" in changed:
        if not changed["slug"]:
            del changed["slug"]
        elif changed["slug"] != landscape.slug:
            _check_slug(changed["slug"], exclude_pk=landscape.pk)
    for key, value in changed.items():
        if key in RICH_FIELDS:
            value = rich_text_clean(value)
        elif key in ("name", "image_alt"):
            value = value.strip()
        elif key in ("countries", "area_types"):
            value = list(value)
        setattr(landscape, key, value)
    if image is False:
        landscape.image = ""
    elif image is not UNSET and image is not None:
        image_check(image)
        landscape.image = image
    landscape.full_clean()
    landscape.save()
    if terms is not UNSET:
        landscape.terms.set(terms)
    return landscape


@transaction.atomic
def landscape_delete(*, landscape: Landscape) -> None:
    landscape.delete()


def _geometry_kind(geometry: dict) -> str:
    return GeometryKind.POINT if geometry["type"] == "Point" else GeometryKind.POLYGON


def _normalize(geometry: dict, *, field_name: str):
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise ApplicationError(_("The geometry must be a GeoJSON geometry."), field=field_name)
    try:
        return normalize_geometry(geometry)
    except BoundaryError as error:
        message = getattr(error, "message", None) or str(error)
        raise ApplicationError(message, field=field_name) from error


@transaction.atomic
def landscape_set_boundary(
    *, landscape: Landscape, geometry: dict, source: str, actor=None
) -> BoundaryResult:
    """Store a new boundary with its computed columns; the replaced one is kept as a
    BoundaryVersion. Overlaps with the partnership's other landscapes are warnings."""
    if source not in BOUNDARY_SOURCES:
        raise ApplicationError(_("Unknown boundary source."), field="source")
    normalized = _normalize(geometry, field_name="boundary")
    landscape = Landscape.objects.select_for_update().get(pk=landscape.pk)
    if landscape.boundary is not None:
        BoundaryVersion.objects.create(
            partnership=landscape.partnership,
            landscape=landscape,
            geometry=landscape.boundary,
            kind=landscape.boundary_kind,
            area_ha=landscape.area_ha,
            source=landscape.boundary_source,
            set_at=landscape.boundary_updated_at,
            set_by=landscape.boundary_updated_by,
            replaced_by=actor if actor is not None and actor.is_authenticated else None,
        )
    landscape.boundary = normalized.geometry
    landscape.boundary_kind = _geometry_kind(normalized.geometry)
    landscape.display_geometry = normalized.display_geometry
    landscape.set_geometry_columns(normalized)
    landscape.boundary_source = source
    landscape.boundary_updated_at = timezone.now()
    landscape.boundary_updated_by = actor if actor is not None and actor.is_authenticated else None
    landscape.full_clean()
    landscape.save()
    warnings = list(normalized.warnings)
    if normalized.repaired and not warnings:
        warnings.append(_("The boundary was invalid and has been repaired; check it on the map."))
    overlaps = landscape_overlaps(landscape=landscape)
    for overlap in overlaps:
        warnings.append(
            _("This boundary overlaps “%(name)s”, another landscape of the partnership.")
            % {"name": overlap.landscape.name}
        )
    return BoundaryResult(landscape=landscape, warnings=warnings, overlaps=overlaps)


def landscape_set_point(
    *, landscape: Landscape, lon: float, lat: float, actor=None
) -> BoundaryResult:
    return landscape_set_boundary(
        landscape=landscape,
        geometry={"type": "Point", "coordinates": [lon, lat]},
        source="point",
        actor=actor,
    )


@transaction.atomic
def landscape_clear_boundary(*, landscape: Landscape, actor=None) -> Landscape:
    """Remove the boundary (kept in the history)."""
    landscape = Landscape.objects.select_for_update().get(pk=landscape.pk)
    if landscape.boundary is None:
        return landscape
    BoundaryVersion.objects.create(
        partnership=landscape.partnership,
        landscape=landscape,
        geometry=landscape.boundary,
        kind=landscape.boundary_kind,
        area_ha=landscape.area_ha,
        source=landscape.boundary_source,
        set_at=landscape.boundary_updated_at,
        set_by=landscape.boundary_updated_by,
        replaced_by=actor if actor is not None and actor.is_authenticated else None,
    )
    landscape.boundary = None
    landscape.boundary_kind = GeometryKind.NONE
    landscape.display_geometry = None
    landscape.clear_geometry_columns()
    landscape.boundary_source = ""
    landscape.boundary_updated_at = timezone.now()
    landscape.boundary_updated_by = actor if actor is not None and actor.is_authenticated else None
    landscape.full_clean()
    landscape.save()
    return landscape


# --- sites ----------------------------------------------------------------------------


def _site_set_geometry(site: Site, geometry: dict) -> None:
    normalized = _normalize(geometry, field_name="geometry")
    site.geometry = normalized.geometry
    site.geometry_kind = _geometry_kind(normalized.geometry)
    site.display_geometry = normalized.display_geometry
    site.set_geometry_columns(normalized)


@transaction.atomic
def site_create(
    *,
    landscape: Landscape,
    name: str,
    kind: str,
    geometry: dict,
    description: str = "",
) -> Site:
    site = Site(
        partnership=landscape.partnership,
        landscape=landscape,
        name=name.strip(),
        kind=kind,
        description=description.strip(),
    )
    _site_set_geometry(site, geometry)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def site_update(
    *,
    site: Site,
    name: str = UNSET,
    kind: str = UNSET,
    geometry: dict = UNSET,
    description: str = UNSET,
) -> Site:
    if name is not UNSET:
        site.name = name.strip()
    if kind is not UNSET:
        site.kind = kind
    if description is not UNSET:
        site.description = description.strip()
    if geometry is not UNSET:
        _site_set_geometry(site, geometry)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def site_delete(*, site: Site) -> None:
    site.delete()


# --- goals ----------------------------------------------------------------------------


@transaction.atomic
def goal_create(
    *,
    landscape: Landscape,
    title: str,
    description: str = "",
    target_year: int | None = None,
    position: int = 0,
) -> LandscapeGoal:
    goal = LandscapeGoal(
        partnership=landscape.partnership,
        landscape=landscape,
        title=title.strip(),
        description=description.strip(),
        target_year=target_year,
        position=position,
    )
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: LandscapeGoal,
    title: str = UNSET,
    description: str = UNSET,
    target_year: int | None = UNSET,
    position: int = UNSET,
) -> LandscapeGoal:
    if title is not UNSET:
        goal.title = title.strip()
    if description is not UNSET:
        goal.description = description.strip()
    if target_year is not UNSET:
        goal.target_year = target_year
    if position is not UNSET:
        goal.position = position
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, goal: LandscapeGoal) -> None:
    goal.delete()
