"""Validation, safe repair and normalisation of boundary geometries (RFC 7946, WGS84)."""

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import shapely
from django.utils.translation import gettext as _
from pyproj import Geod
from shapely.errors import GEOSException
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.strtree import STRtree
from shapely.validation import explain_validity

from landscapes.geo.errors import BoundaryError

MAX_VERTICES = 1_000_000
MAX_PARTS = 10_000
DISPLAY_MAX_VERTICES = 500
MAX_REPAIR_AREA_CHANGE = 0.01
STORED_DECIMALS = 7
DISPLAY_DECIMALS = 6

_GEOD = Geod(ellps="WGS84")
_VALIDITY = re.compile(r"^(?P<reason>[^\[]+)\[(?P<x>\S+) (?P<y>\S+)\]")


@contextmanager
def gc_paused():
    """Building hundreds of thousands of coordinate lists makes the cyclic GC thrash; they
    hold no cycles, so pause it for the duration."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class NormalizedGeometry:
    geometry: dict
    area_ha: Decimal | None
    centroid: tuple[float, float]
    bbox: tuple[float, float, float, float]
    display_geometry: dict
    repaired: bool = False
    warnings: list[str] = field(default_factory=list)


def fmt_coord(value: float) -> str:
    text = f"{value:.5f}".rstrip("0")
    text = text + "0" if text.endswith(".") else text
    return "0.0" if text == "-0.0" else text


def _range_hint(lon: float, lat: float) -> str:
    if abs(lon) > 1000 or abs(lat) > 1000:
        return " " + _(
            "These look like projected coordinates (metres): export the boundary in WGS84 "
            "longitude/latitude (EPSG:4326)."
        )
    if abs(lat) > 90 and abs(lon) <= 90 and abs(lat) <= 180:
        return " " + _("Longitude and latitude may be swapped.")
    return ""


def out_of_range_error(lon: float, lat: float, where: str) -> BoundaryError:
    message = _(
        "%(where)s is out of range: (%(lon)s, %(lat)s). Longitude must be between -180 and 180 "
        "and latitude between -90 and 90."
    ) % {"where": where, "lon": fmt_coord(lon), "lat": fmt_coord(lat)}
    return BoundaryError(
        message + _range_hint(lon, lat),
        code="coordinate_out_of_range",
        detail={"where": where, "coordinate": [lon, lat]},
    )


def _vertex_where(polygon: int, ring: int, vertex: int) -> str:
    return _("Vertex %(vertex)d of ring %(ring)d of polygon %(polygon)d") % {
        "vertex": vertex,
        "ring": ring,
        "polygon": polygon,
    }


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _slow_ring(ring, polygon: int, ring_no: int) -> np.ndarray:
    out = []
    for index, position in enumerate(ring, start=1):
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not _is_number(position[0])
            or not _is_number(position[1])
        ):
            raise BoundaryError(
                _("%(where)s is not a [longitude, latitude] pair of numbers.")
                % {"where": _vertex_where(polygon, ring_no, index)},
                code="bad_coordinate",
            )
        out.append((float(position[0]), float(position[1])))
    return np.asarray(out, dtype=np.float64).reshape(-1, 2)


def _ring_array(ring, polygon: int, ring_no: int) -> np.ndarray:
    if not isinstance(ring, list | tuple | np.ndarray):
        raise BoundaryError(
            _("Ring %(ring)d of polygon %(polygon)d is not a list of positions.")
            % {"ring": ring_no, "polygon": polygon},
            code="bad_coordinate",
        )
    try:
        arr = np.asarray(ring)
    except (ValueError, TypeError):
        arr = None
    if arr is None or arr.ndim != 2 or arr.shape[1] < 2 or arr.dtype.kind not in "iuf":
        arr = _slow_ring(ring, polygon, ring_no)
    arr = arr[:, :2].astype(np.float64, copy=False)
    good = np.isfinite(arr).all(axis=1) & (np.abs(arr[:, 0]) <= 180) & (np.abs(arr[:, 1]) <= 90)
    if not good.all():
        index = int(np.argmin(good))
        lon, lat = (float(v) for v in arr[index])
        raise out_of_range_error(lon, lat, _vertex_where(polygon, ring_no, index + 1))
    return arr


def clean_polygons(polygons, *, warnings: list[str] | None = None) -> list[list[np.ndarray]]:
    """Check structure, numbers, ranges and limits; drop repeated vertices and close rings."""
    if not isinstance(polygons, list | tuple) or not polygons:
        raise BoundaryError(_("The boundary has no coordinates."), code="empty")
    if len(polygons) > MAX_PARTS:
        raise BoundaryError(
            _("The boundary has %(count)s polygons; at most %(limit)s are allowed.")
            % {"count": f"{len(polygons):,}", "limit": f"{MAX_PARTS:,}"},
            code="too_many_parts",
        )
    total_vertices = 0
    total_rings = 0
    cleaned = []
    for p_index, rings in enumerate(polygons, start=1):
        if not isinstance(rings, list | tuple) or not rings:
            raise BoundaryError(
                _("Polygon %(polygon)d has no rings.") % {"polygon": p_index}, code="bad_coordinate"
            )
        total_rings += len(rings)
        if total_rings > MAX_PARTS:
            raise BoundaryError(
                _("The boundary has more than %(limit)s rings.") % {"limit": f"{MAX_PARTS:,}"},
                code="too_many_parts",
            )
        polygon = []
        for r_index, ring in enumerate(rings, start=1):
            total_vertices += len(ring) if hasattr(ring, "__len__") else 0
            if total_vertices > MAX_VERTICES:
                raise too_many_vertices_error()
            arr = _ring_array(ring, p_index, r_index)
            if len(arr) > 1:
                moved = np.any(arr[1:] != arr[:-1], axis=1)
                arr = arr[np.concatenate(([True], moved))]
            if len(arr) and not np.array_equal(arr[0], arr[-1]):
                arr = np.vstack((arr, arr[:1]))
                if warnings is not None:
                    warnings.append(
                        _("Ring %(ring)d of polygon %(polygon)d was not closed; it was closed.")
                        % {"ring": r_index, "polygon": p_index}
                    )
            if len(arr) < 4:
                raise BoundaryError(
                    _(
                        "Ring %(ring)d of polygon %(polygon)d has only %(count)d distinct points; "
                        "a ring needs at least 3."
                    )
                    % {"ring": r_index, "polygon": p_index, "count": max(len(arr) - 1, 0)},
                    code="too_few_points",
                    detail={"polygon": p_index, "ring": r_index},
                )
            polygon.append(arr)
        cleaned.append(polygon)
    return cleaned


def too_many_vertices_error() -> BoundaryError:
    return BoundaryError(
        _("The boundary has more than %(limit)s vertices; simplify it before uploading.")
        % {"limit": f"{MAX_VERTICES:,}"},
        code="too_many_vertices",
    )


def check_point(coordinates, where: str | None = None) -> tuple[float, float]:
    if (
        not isinstance(coordinates, list | tuple)
        or len(coordinates) < 2
        or not _is_number(coordinates[0])
        or not _is_number(coordinates[1])
    ):
        raise BoundaryError(
            _("The point is not a [longitude, latitude] pair of numbers."), code="bad_coordinate"
        )
    lon, lat = float(coordinates[0]), float(coordinates[1])
    if not (np.isfinite(lon) and np.isfinite(lat) and abs(lon) <= 180 and abs(lat) <= 90):
        raise out_of_range_error(lon, lat, where or _("The point"))
    return lon, lat


def polygons_to_shapely(polygons: list[list[np.ndarray]]) -> Polygon | MultiPolygon:
    parts = [Polygon(rings[0], rings[1:]) for rings in polygons]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def polygonal(geom: BaseGeometry) -> Polygon | MultiPolygon:
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts = []
    for part in getattr(geom, "geoms", []):
        if isinstance(part, Polygon) and not part.is_empty:
            parts.append(part)
        elif isinstance(part, MultiPolygon):
            parts.extend(p for p in part.geoms if not p.is_empty)
    if not parts:
        return MultiPolygon()
    return parts[0] if len(parts) == 1 else shapely.unary_union(parts)


def _parts(geom: Polygon | MultiPolygon) -> list[Polygon]:
    return list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]


def _location(text: str) -> tuple[str, tuple[float, float] | None]:
    match = _VALIDITY.match(text)
    if not match:
        return text, None
    return match["reason"].strip(), (float(match["x"]), float(match["y"]))


def _near(location) -> str:
    if location is None:
        return ""
    return " " + _("near %(lon)s, %(lat)s") % {
        "lon": fmt_coord(location[0]),
        "lat": fmt_coord(location[1]),
    }


def describe_invalidity(geom: Polygon | MultiPolygon) -> tuple[str, dict]:
    """A sentence saying what is wrong with an invalid geometry and where."""
    for p_index, polygon in enumerate(_parts(geom), start=1):
        if polygon.is_valid:
            continue
        reason, location = _location(explain_validity(polygon))
        near = _near(location)
        detail = {"reason": reason, "polygon": p_index, "location": location}
        rings = [polygon.exterior, *polygon.interiors]
        if "Self-intersection" in reason:
            for r_index, ring in enumerate(rings, start=1):
                if not shapely.LineString(ring.coords).is_simple:
                    detail["ring"] = r_index
                    return (
                        _("Ring %(ring)d of polygon %(polygon)d crosses itself%(near)s.")
                        % {"ring": r_index, "polygon": p_index, "near": near},
                        detail,
                    )
            return (
                _("The rings of polygon %(polygon)d cross each other%(near)s.")
                % {"polygon": p_index, "near": near},
                detail,
            )
        if reason == "Hole lies outside shell":
            shell = Polygon(polygon.exterior)
            for r_index, ring in enumerate(rings[1:], start=2):
                if not shell.covers(Polygon(ring)):
                    detail["ring"] = r_index
                    return (
                        _(
                            "Ring %(ring)d of polygon %(polygon)d is a hole that lies outside "
                            "its outer ring%(near)s."
                        )
                        % {"ring": r_index, "polygon": p_index, "near": near},
                        detail,
                    )
        return (
            _("Polygon %(polygon)d is not a valid shape (%(reason)s)%(near)s.")
            % {"polygon": p_index, "reason": reason, "near": near},
            detail,
        )
    reason, location = _location(explain_validity(geom))
    parts = _parts(geom)
    tree = STRtree(parts)
    pairs = tree.query(parts, predicate="intersects")
    for i, j in zip(*pairs.tolist(), strict=True):
        overlap = parts[i].intersection(parts[j]) if i < j else None
        if overlap is not None and overlap.area > 0:
            where = overlap.representative_point()
            location = (where.x, where.y)
            return (
                _("Polygons %(a)d and %(b)d overlap%(near)s.")
                % {"a": int(i) + 1, "b": int(j) + 1, "near": _near(location)},
                {"reason": reason, "polygons": [int(i) + 1, int(j) + 1], "location": location},
            )
    return (
        _("The boundary is not a valid shape (%(reason)s)%(near)s.")
        % {"reason": reason, "near": _near(location)},
        {"reason": reason, "location": location},
    )


def repair(geom: Polygon | MultiPolygon, warnings: list[str]) -> Polygon | MultiPolygon:
    """make_valid, keeping polygonal parts, only when the drawn area changes by < 1 %."""
    problem, detail = describe_invalidity(geom)
    intended = geom.area
    try:
        fixed = polygonal(shapely.make_valid(geom))
    except GEOSException:
        fixed = MultiPolygon()
    change = abs(fixed.area - intended) / intended if intended > 0 else float("inf")
    if fixed.is_empty or not fixed.is_valid or change >= MAX_REPAIR_AREA_CHANGE:
        raise BoundaryError(
            problem
            + " "
            + _(
                "It cannot be repaired automatically without changing the area by more than "
                "1 %; please correct it and try again."
            ),
            code="invalid_geometry",
            detail=detail,
        )
    warnings.append(
        problem
        + " "
        + _("It was repaired automatically (the area changed by %(pct)s %%).")
        % {"pct": f"{change * 100:.2g}"}
    )
    return fixed


def _ring_area_m2(ring) -> float:
    xy = shapely.get_coordinates(ring)
    return abs(_GEOD.polygon_area_perimeter(xy[:, 0], xy[:, 1])[0])


def geodesic_area_m2(geom: Polygon | MultiPolygon) -> float:
    """Area on the WGS84 ellipsoid (pyproj.Geod), holes subtracted."""
    return sum(
        _ring_area_m2(p.exterior) - sum(_ring_area_m2(r) for r in p.interiors) for p in _parts(geom)
    )


def _orient(geom: Polygon | MultiPolygon) -> Polygon | MultiPolygon:
    if isinstance(geom, Polygon):
        return orient(geom, sign=1.0)
    return MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])


def _ring_list(ring, decimals: int) -> list:
    return np.round(shapely.get_coordinates(ring), decimals).tolist()


def to_geojson(geom: BaseGeometry, decimals: int = STORED_DECIMALS) -> dict:
    if isinstance(geom, Point):
        return {"type": "Point", "coordinates": [round(geom.x, decimals), round(geom.y, decimals)]}
    polygons = [
        [_ring_list(p.exterior, decimals), *(_ring_list(r, decimals) for r in p.interiors)]
        for p in _parts(geom)
    ]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _drop_small(geom: Polygon | MultiPolygon, min_area: float) -> Polygon | MultiPolygon:
    parts = sorted(_parts(geom), key=lambda p: p.area, reverse=True)
    kept = []
    for index, part in enumerate(parts):
        if index and part.area < min_area:
            continue
        holes = [r for r in part.interiors if Polygon(r).area >= min_area]
        kept.append(Polygon(part.exterior, holes))
    return kept[0] if len(kept) == 1 else MultiPolygon(kept)


def _display_tolerance(geom: Polygon | MultiPolygon, max_vertices: int) -> float:
    """A first tolerance from fast (non topology-preserving) chained simplification."""
    minx, miny, maxx, maxy = geom.bounds
    extent = max(maxx - minx, maxy - miny, 1e-6)
    tolerance = extent / 20_000
    probe = geom
    while tolerance < extent:
        probe = shapely.simplify(probe, tolerance, preserve_topology=False)
        if shapely.get_num_coordinates(probe) <= max_vertices:
            break
        tolerance *= 1.5
    return tolerance


def snap(geom: Polygon | MultiPolygon, decimals: int) -> Polygon | MultiPolygon:
    """Round coordinates to ``decimals``; fall back to GEOS snap-rounding if that breaks it."""
    rounded = shapely.set_coordinates(geom, np.round(shapely.get_coordinates(geom), decimals))
    if rounded.is_valid:
        return rounded
    return polygonal(shapely.set_precision(geom, 10**-decimals))


def display_geometry(geom: Polygon | MultiPolygon, max_vertices: int = DISPLAY_MAX_VERTICES):
    """Topology-preserving simplification with an adaptive tolerance (≤ max_vertices)."""
    simplified = geom
    if shapely.get_num_coordinates(geom) > max_vertices:
        tolerance = _display_tolerance(geom, max_vertices)
        for _step in range(80):
            simplified = polygonal(shapely.simplify(simplified, tolerance, preserve_topology=True))
            if shapely.get_num_coordinates(simplified) > max_vertices:
                simplified = _drop_small(simplified, (4 * tolerance) ** 2)
            if shapely.get_num_coordinates(simplified) <= max_vertices:
                break
            tolerance *= 1.5
    rounded = snap(simplified, DISPLAY_DECIMALS)
    return _orient(rounded if not rounded.is_empty else simplified)


def _point_result(coordinates) -> NormalizedGeometry:
    lon, lat = check_point(coordinates)
    point = Point(lon, lat)
    return NormalizedGeometry(
        geometry=to_geojson(point),
        area_ha=None,
        centroid=(round(lon, STORED_DECIMALS), round(lat, STORED_DECIMALS)),
        bbox=(lon, lat, lon, lat),
        display_geometry=to_geojson(point, DISPLAY_DECIMALS),
        repaired=False,
        warnings=[],
    )


def normalize_geometry(geometry: dict) -> NormalizedGeometry:
    """Validate coordinates, repair invalid geometry where safe and compute area, centroid,
    bbox and a display geometry. Raises BoundaryError saying what is wrong and where."""
    with gc_paused():
        return _normalize(geometry)


def _normalize(geometry: dict) -> NormalizedGeometry:
    if not isinstance(geometry, dict):
        raise BoundaryError(_("The boundary is not a GeoJSON geometry."), code="not_geometry")
    gtype = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if gtype == "Point":
        return _point_result(coordinates)
    if gtype == "Polygon":
        polygons = [coordinates]
    elif gtype == "MultiPolygon":
        polygons = coordinates
    else:
        raise BoundaryError(
            _("A boundary must be a Polygon, MultiPolygon or Point, not %(type)s.")
            % {"type": str(gtype)[:40]},
            code="unsupported_geometry",
        )
    warnings: list[str] = []
    geom = polygons_to_shapely(clean_polygons(polygons, warnings=warnings))
    repaired = False
    if not geom.is_valid:
        geom = repair(geom, warnings)
        repaired = True
    geom = snap(geom, STORED_DECIMALS)
    if geom.is_empty:
        raise BoundaryError(_("The boundary is too small to be stored."), code="empty")
    geom = _orient(geom)
    area_ha = Decimal(str(round(geodesic_area_m2(geom) / 10_000, 2))).quantize(Decimal("0.01"))
    centre = geom.centroid
    if not geom.contains(centre):
        centre = geom.representative_point()
    minx, miny, maxx, maxy = geom.bounds
    return NormalizedGeometry(
        geometry=to_geojson(geom),
        area_ha=area_ha,
        centroid=(round(centre.x, STORED_DECIMALS), round(centre.y, STORED_DECIMALS)),
        bbox=tuple(round(v, STORED_DECIMALS) for v in (minx, miny, maxx, maxy)),
        display_geometry=to_geojson(display_geometry(geom), DISPLAY_DECIMALS),
        repaired=repaired,
        warnings=warnings,
    )


def _shape(geometry: dict) -> BaseGeometry:
    geom = shape(geometry)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return geom


def geometry_contains(geometry: dict, lon: float, lat: float) -> bool:
    """True when the point (lon, lat) lies inside or on the boundary of the geometry."""
    try:
        return bool(_shape(geometry).covers(Point(lon, lat)))
    except (GEOSException, ValueError, TypeError, KeyError, AttributeError):
        return False


def geometries_overlap(a: dict, b: dict) -> dict | None:
    """The overlap of two geometries as GeoJSON when it has an area, else None."""
    try:
        first, second = _shape(a), _shape(b)
        if not first.intersects(second):
            return None
        overlap = polygonal(first.intersection(second))
    except (GEOSException, ValueError, TypeError, KeyError, AttributeError):
        return None
    if overlap.is_empty or overlap.area <= 0:
        return None
    return to_geojson(_orient(overlap))
