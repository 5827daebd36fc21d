"""Safe parsing of uploaded boundary files into a WGS84 GeoJSON geometry."""

import io
import json
import math
import posixpath
import re
import struct
from typing import BinaryIO

import numpy as np
import shapefile
import shapely
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pyproj import CRS, Geod, Transformer
from pyproj.exceptions import CRSError, ProjError

from landscapes.geo.errors import BoundaryError
from landscapes.geo.geometry import (
    MAX_PARTS,
    MAX_VERTICES,
    check_point,
    clean_polygons,
    gc_paused,
    polygons_to_shapely,
    to_geojson,
    too_many_vertices_error,
)
from landscapes.geo.safezip import SafeZip

SUPPORTED_FORMATS = ("geojson", "kml", "kmz", "shapefile", "gpx")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_JSON_DEPTH = 64
SNIFF_BYTES = 64 * 1024
GPX_CLOSE_METRES = 50
GPX_CLOSE_FRACTION = 0.02

EXTENSIONS = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".kml": "kml",
    ".kmz": "kmz",
    ".zip": "shapefile",
    ".gpx": "gpx",
}

LABELS = {
    "geojson": gettext_lazy("a GeoJSON file"),
    "kml": gettext_lazy("a KML file"),
    "kmz": gettext_lazy("a KMZ file"),
    "shapefile": gettext_lazy("a zipped Shapefile"),
    "gpx": gettext_lazy("a GPX file"),
    "zip": gettext_lazy("a zip archive"),
    "png": gettext_lazy("a PNG image"),
    "jpeg": gettext_lazy("a JPEG image"),
    "gif": gettext_lazy("a GIF image"),
    "pdf": gettext_lazy("a PDF document"),
    "gzip": gettext_lazy("a gzip archive"),
    "shp": gettext_lazy("a bare .shp file (without its .shx, .dbf and .prj)"),
    "html": gettext_lazy("a web page (HTML)"),
    "xml": gettext_lazy("an XML document of another kind"),
    "text": gettext_lazy("a plain text file"),
    "binary": gettext_lazy("a binary file of an unknown kind"),
}

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"\x00\x00\x27\x0a", "shp"),
)
_XML_DECLS = re.compile(r"<!(DOCTYPE|ENTITY)", re.I)
_XML_EXTERNAL = re.compile(r"<!ENTITY[^>]*\b(SYSTEM|PUBLIC)\b", re.I)
_XML_ROOT = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_KML_COORD_SEP = re.compile(r"\s*,\s*")
_GEOD = Geod(ellps="WGS84")


def _fail(message, code: str, **detail) -> BoundaryError:
    return BoundaryError(message, code=code, detail=detail)


def _label(kind: str) -> str:
    return str(LABELS[kind])


# Reading and sniffing -------------------------------------------------------------------


def _read_capped(data: BinaryIO, limit: int) -> bytes:
    if hasattr(data, "seekable") and data.seekable():
        data.seek(0)
    chunks = []
    received = 0
    while received <= limit:
        chunk = data.read(min(1024 * 1024, limit + 1 - received))
        if not chunk:
            break
        received += len(chunk)
        chunks.append(chunk)
    if received > limit:
        raise _too_large(None)
    return b"".join(chunks)


def _too_large(size: int | None) -> BoundaryError:
    limit = MAX_UPLOAD_BYTES // 1024 // 1024
    if size is None:
        message = _("The file is larger than %(limit)d MB, the upload limit.") % {"limit": limit}
    else:
        message = _("The file is %(size)s MB; the upload limit is %(limit)d MB.") % {
            "size": f"{size / 1024 / 1024:,.1f}",
            "limit": limit,
        }
    return _fail(message, "file_too_large", limit_bytes=MAX_UPLOAD_BYTES)


def _head_text(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if b"\x00" in head[:4096]:
        return None
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def sniff(raw: bytes) -> str:
    """The format the content looks like, whatever its name says."""
    head = raw[:SNIFF_BYTES]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    text = _head_text(head)
    if text is None:
        return "binary"
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return "geojson"
    if not stripped.startswith("<"):
        return "text"
    lowered = stripped[:4096].lower()
    if lowered.startswith("<!doctype html") or "<html" in lowered:
        return "html"
    body = _skip_prolog(stripped)
    if _XML_DECLS.match(body):
        return "xml-declarations"
    match = _XML_ROOT.match(body)
    root = match.group(1).lower() if match else ""
    if root in ("kml", "gpx"):
        return root
    return "xml"


def _skip_prolog(text: str) -> str:
    """The text from the first element or declaration, past <?...?> and comments."""
    while True:
        text = text.lstrip()
        if text.startswith("<?"):
            end = text.find("?>")
        elif text.startswith("<!--"):
            end = text.find("-->")
        else:
            return text
        if end < 0:
            return ""
        text = text[end + 2 :].lstrip(">")


def _expected_kind(name: str) -> str:
    extension = posixpath.splitext(name.replace("\\", "/").lower())[1]
    if extension == ".shp":
        raise _fail(
            _(
                "A shapefile is several files: upload a .zip containing the .shp, .shx, .dbf "
                "and .prj files."
            ),
            "shapefile_not_zipped",
        )
    if extension not in EXTENSIONS:
        raise _fail(
            _(
                "Files of type “%(ext)s” are not supported. Upload GeoJSON (.geojson, .json), "
                "KML (.kml), KMZ (.kmz), a zipped Shapefile (.zip) or GPX (.gpx)."
            )
            % {"ext": extension or name[:60]},
            "unsupported_extension",
        )
    return EXTENSIONS[extension]


def _mismatch(actual: str, expected: str) -> BoundaryError:
    return _fail(
        _("This file looks like %(actual)s, not %(expected)s.")
        % {"actual": _label(actual), "expected": _label(expected)},
        "wrong_format",
        detected=actual,
        expected=expected,
    )


def parse_boundary_file(*, name: str, data: BinaryIO, size: int) -> dict:
    """Detect the format by content, check it matches the extension, enforce limits, parse
    safely and return a WGS84 GeoJSON geometry (Polygon, MultiPolygon or Point)."""
    with gc_paused():
        return _parse(name=name, data=data, size=size)


def _parse(*, name: str, data: BinaryIO, size: int) -> dict:
    expected = _expected_kind(name)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _too_large(size)
    raw = _read_capped(data, MAX_UPLOAD_BYTES)
    if not raw.strip():
        raise _fail(_("The file is empty."), "empty")
    actual = sniff(raw)
    if actual == "xml-declarations":
        if expected not in ("kml", "gpx"):
            raise _fail(
                _("This file looks like an XML document, not %(expected)s.")
                % {"expected": _label(expected)},
                "wrong_format",
            )
        return _parse_xml(raw, expected)
    if actual == "zip":
        archive = SafeZip(raw)
        actual = _zip_kind(archive, expected)
        if actual == "kmz":
            return _parse_kmz(archive)
        return _parse_shapefile(archive)
    if actual != expected:
        raise _mismatch(actual, expected)
    if actual == "geojson":
        return _parse_geojson(raw)
    return _parse_xml(raw, actual)


# Assembling ----------------------------------------------------------------------------


class _Collector:
    """Gathers polygons, points and lines from any format, with running limits."""

    def __init__(self, label: str):
        self.label = label
        self.polygons: list[list] = []
        self.points: list = []
        self.lines = 0
        self.sources = 0
        self.vertices = 0

    def add_polygon(self, rings: list) -> None:
        self.vertices += sum(len(r) for r in rings)
        if self.vertices > MAX_VERTICES:
            raise too_many_vertices_error()
        if len(self.polygons) >= MAX_PARTS:
            raise _fail(
                _("The file has more than %(limit)s polygons.") % {"limit": f"{MAX_PARTS:,}"},
                "too_many_parts",
            )
        self.polygons.append(rings)

    def add_point(self, coordinates) -> None:
        if len(self.points) < MAX_PARTS:
            self.points.append(coordinates)

    def geometry(self, *, union: bool) -> dict:
        if self.polygons:
            cleaned = clean_polygons(self.polygons)
            if len(cleaned) == 1:
                return to_geojson(polygons_to_shapely(cleaned))
            parts = [polygons_to_shapely([p]) for p in cleaned]
            if union and all(p.is_valid for p in parts):
                return to_geojson(shapely.unary_union(parts))
            return to_geojson(polygons_to_shapely(cleaned))
        if len(self.points) == 1:
            lon, lat = check_point(self.points[0])
            return {"type": "Point", "coordinates": [lon, lat]}
        if self.points:
            raise _fail(
                _(
                    "The %(format)s file contains %(count)d points and no area. A boundary is "
                    "one or more polygons, or a single point when the area is not known yet."
                )
                % {"format": self.label, "count": len(self.points)},
                "too_many_points",
            )
        if self.lines:
            raise _fail(
                _(
                    "The %(format)s file contains only lines, not areas. Close the line into a "
                    "polygon (or draw the boundary on the map) and try again."
                )
                % {"format": self.label},
                "lines_only",
            )
        raise _fail(
            _("The %(format)s file contains no boundary geometry.") % {"format": self.label},
            "empty",
        )


# GeoJSON -------------------------------------------------------------------------------

_GEOJSON_GEOMETRIES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}
_WGS84_CRS_NAMES = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:ogc::crs84",
    "urn:ogc:def:crs:epsg::4326",
    "urn:ogc:def:crs:epsg:4326",
    "epsg:4326",
    "crs84",
    "wgs84",
}


def _json_depth(raw: bytes, chunk_size: int = 1024 * 1024) -> int:
    """Maximum bracket nesting, counted in chunks so memory stays small."""
    depth = deepest = 0
    for start in range(0, len(raw), chunk_size):
        codes = np.frombuffer(
            raw, dtype=np.uint8, count=min(chunk_size, len(raw) - start), offset=start
        )
        steps = (codes == ord("[")).astype(np.int32) + (codes == ord("{"))
        steps -= (codes == ord("]")) + (codes == ord("}"))
        running = np.cumsum(steps, dtype=np.int64) + depth
        if len(running):
            deepest = max(deepest, int(running.max()))
            depth = int(running[-1])
    return deepest


def _check_crs(obj: dict) -> None:
    crs = obj.get("crs")
    if crs is None:
        return
    name = ""
    if isinstance(crs, dict):
        props = crs.get("properties") or {}
        name = str(props.get("name") or props.get("href") or crs.get("type") or "")
    if name.strip().lower() not in _WGS84_CRS_NAMES:
        raise _fail(
            _(
                "The GeoJSON declares the coordinate system “%(crs)s”. Only WGS84 longitude/"
                "latitude (EPSG:4326) is accepted: export the file again as WGS84."
            )
            % {"crs": name[:80] or "?"},
            "unsupported_crs",
            crs=name[:200],
        )


def _geojson_collect(geometry, collector: _Collector, depth: int = 0) -> None:
    if not isinstance(geometry, dict):
        raise _fail(_("A GeoJSON geometry is not an object."), "not_geojson")
    _check_crs(geometry)
    gtype = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if gtype == "Polygon":
        collector.add_polygon(_list(coordinates))
    elif gtype == "MultiPolygon":
        for polygon in _list(coordinates):
            collector.add_polygon(_list(polygon))
    elif gtype == "Point":
        collector.add_point(coordinates)
    elif gtype == "MultiPoint":
        for point in _list(coordinates):
            collector.add_point(point)
    elif gtype in ("LineString", "MultiLineString"):
        collector.lines += 1
    elif gtype == "GeometryCollection" and depth < 4:
        for member in _list(geometry.get("geometries")):
            _geojson_collect(member, collector, depth + 1)
    else:
        raise _fail(
            _("“%(type)s” is not a GeoJSON geometry type.") % {"type": str(gtype)[:40]},
            "not_geojson",
        )


def _list(value) -> list:
    if not isinstance(value, list):
        raise _fail(_("The GeoJSON coordinates are not lists."), "bad_coordinate")
    return value


def _parse_geojson(raw: bytes) -> dict:
    if _json_depth(raw) > MAX_JSON_DEPTH:
        raise _fail(
            _("The GeoJSON file is nested more than %(limit)d levels deep.")
            % {"limit": MAX_JSON_DEPTH},
            "json_too_deep",
        )
    try:
        obj = json.loads(raw)
    except RecursionError as exc:
        raise _fail(_("The GeoJSON file is nested too deeply."), "json_too_deep") from exc
    except json.JSONDecodeError as exc:
        raise _fail(
            _(
                "The file is not valid JSON (%(problem)s at line %(line)d, column %(column)d); "
                "it may be cut off or damaged."
            )
            % {"problem": exc.msg, "line": exc.lineno, "column": exc.colno},
            "invalid_json",
            line=exc.lineno,
            column=exc.colno,
        ) from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise _fail(_("The file is not valid UTF-8 JSON."), "invalid_json") from exc
    if not isinstance(obj, dict) or "type" not in obj:
        raise _fail(_("The file is JSON but not GeoJSON: it has no “type” member."), "not_geojson")
    _check_crs(obj)
    collector = _Collector("GeoJSON")
    gtype = obj["type"]
    if gtype == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list):
            raise _fail(_("The GeoJSON FeatureCollection has no “features” list."), "not_geojson")
        if not features:
            raise _fail(_("The GeoJSON FeatureCollection has no features."), "empty")
        for index, feature in enumerate(features, start=1):
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                raise _fail(
                    _("Item %(index)d of the FeatureCollection is not a GeoJSON Feature.")
                    % {"index": index},
                    "not_geojson",
                )
            _check_crs(feature)
            if feature.get("geometry") is not None:
                _geojson_collect(feature["geometry"], collector)
        return collector.geometry(union=True)
    if gtype == "Feature":
        if obj.get("geometry") is None:
            raise _fail(_("The GeoJSON Feature has no geometry."), "empty")
        _geojson_collect(obj["geometry"], collector)
        return collector.geometry(union=False)
    if gtype in _GEOJSON_GEOMETRIES:
        _geojson_collect(obj, collector)
        return collector.geometry(union=gtype == "GeometryCollection")
    raise _fail(_("“%(type)s” is not a GeoJSON type.") % {"type": str(gtype)[:40]}, "not_geojson")


# XML: KML and GPX ----------------------------------------------------------------------


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xml_declarations_error(raw: bytes, label: str) -> BoundaryError:
    text = _head_text(raw[:SNIFF_BYTES]) or ""
    if _XML_EXTERNAL.search(text):
        message = _(
            "The %(format)s file declares an external XML entity (a reference to another file "
            "or address), which is not allowed."
        )
        code = "xml_external_entity"
    elif re.search(r"<!ENTITY", text, re.I):
        message = _(
            "The %(format)s file contains an XML entity declaration, which is not allowed "
            "(entities can expand to enormous sizes)."
        )
        code = "xml_entities"
    else:
        message = _(
            "The %(format)s file contains a document type declaration (DOCTYPE), which is not "
            "allowed. Export it again without one."
        )
        code = "xml_dtd"
    return _fail(message % {"format": label}, code)


def _parse_xml(raw: bytes, kind: str):
    label = "KML" if kind in ("kml", "kmz") else "GPX"
    try:
        root = SafeET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DTDForbidden, EntitiesForbidden, DefusedXmlException) as exc:
        raise _xml_declarations_error(raw, label) from exc
    except SafeET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise _fail(
            _(
                "The %(format)s file is not well-formed XML (line %(line)d, column "
                "%(column)d); it may be cut off or damaged."
            )
            % {"format": label, "line": line, "column": column},
            "invalid_xml",
            line=line,
            column=column,
        ) from exc
    root_name = _local(root.tag).lower()
    if kind in ("kml", "kmz") and root_name != "kml":
        raise _mismatch("gpx" if root_name == "gpx" else "xml", "kml")
    if kind == "gpx" and root_name != "gpx":
        raise _mismatch("kml" if root_name == "kml" else "xml", "gpx")
    return _parse_kml_tree(root, label) if root_name == "kml" else _parse_gpx_tree(root)


def _kml_coordinates(element, label: str, collector: _Collector) -> np.ndarray:
    text = ""
    for child in element.iter():
        if _local(child.tag) == "coordinates":
            text = child.text or ""
            break
    tuples = _KML_COORD_SEP.sub(",", text.strip()).split()
    if collector.vertices + len(tuples) > MAX_VERTICES:
        raise too_many_vertices_error()
    try:
        values = [t.split(",")[:2] for t in tuples]
        return np.asarray(values, dtype=np.float64).reshape(-1, 2)
    except ValueError as exc:
        bad = next((t for t in tuples if len(t.split(",")) < 2 or not _floats(t)), "")
        raise _fail(
            _("The %(format)s file has a coordinate that is not “longitude,latitude”: “%(value)s”.")
            % {"format": label, "value": bad[:60]},
            "bad_coordinate",
        ) from exc


def _floats(text: str) -> bool:
    try:
        return all(math.isfinite(float(v)) for v in text.split(",")[:2])
    except ValueError:
        return False


def _parse_kml_tree(root, label: str) -> dict:
    collector = _Collector(label)
    stack = [root]
    while stack:
        element = stack.pop()
        tag = _local(element.tag)
        if tag == "Polygon":
            rings = []
            for child in element:
                boundary = _local(child.tag)
                if boundary == "outerBoundaryIs":
                    rings.insert(0, _kml_coordinates(child, label, collector))
                elif boundary == "innerBoundaryIs":
                    for ring in child:
                        if _local(ring.tag) == "LinearRing":
                            rings.append(_kml_coordinates(ring, label, collector))
            if rings:
                collector.add_polygon(rings)
        elif tag == "LinearRing":
            collector.add_polygon([_kml_coordinates(element, label, collector)])
        elif tag == "Point":
            points = _kml_coordinates(element, label, collector)
            if len(points):
                collector.add_point(points[0].tolist())
        elif tag in ("LineString", "Track"):
            collector.lines += 1
        else:
            stack.extend(reversed(list(element)))
    return collector.geometry(union=True)


def _gpx_points(parent, tag: str, label: str) -> list[tuple[float, float]]:
    points = []
    for index, element in enumerate((e for e in parent if _local(e.tag) == tag), start=1):
        try:
            lon = float(element.get("lon"))
            lat = float(element.get("lat"))
        except (TypeError, ValueError) as exc:
            raise _fail(
                _("Point %(index)d of %(what)s has no valid “lat” and “lon”.")
                % {"index": index, "what": label},
                "bad_coordinate",
            ) from exc
        points.append((lon, lat))
    return points


def _gpx_ring(points, what: str) -> tuple[np.ndarray | None, float]:
    """A closed ring when the path comes back to its start, else the gap in metres."""
    if len(points) < 4:
        return None, float("nan")
    lons, lats = zip(*points, strict=True)
    try:
        check_point(points[0])
        check_point(points[-1])
        _fwd, _back, gap = _GEOD.inv(lons[0], lats[0], lons[-1], lats[-1])
        length = _GEOD.line_length(lons, lats)
    except (BoundaryError, ValueError):
        return np.asarray(points, dtype=np.float64), 0.0
    if gap <= max(GPX_CLOSE_METRES, GPX_CLOSE_FRACTION * length):
        return np.asarray(points, dtype=np.float64), gap
    return None, gap


def _parse_gpx_tree(root) -> dict:
    collector = _Collector("GPX")
    paths = []
    for element in root:
        tag = _local(element.tag)
        if tag == "trk":
            segments = [s for s in element if _local(s.tag) == "trkseg"]
            for number, segment in enumerate(segments, start=1):
                paths.append(
                    (
                        _("track segment %(n)d") % {"n": number},
                        _gpx_points(segment, "trkpt", _("a track")),
                    )
                )
        elif tag == "rte":
            paths.append((_("route"), _gpx_points(element, "rtept", _("a route"))))
    first_gap = None
    for what, points in paths:
        if collector.vertices + len(points) > MAX_VERTICES:
            raise too_many_vertices_error()
        ring, gap = _gpx_ring(points, what)
        if ring is not None:
            collector.add_polygon([ring])
        elif first_gap is None:
            first_gap = (what, gap, len(points))
    if collector.polygons:
        return collector.geometry(union=True)
    if first_gap is not None:
        what, gap, count = first_gap
        if count < 4:
            message = _("The GPX %(what)s has only %(count)d points; an area needs at least 3.") % {
                "what": what,
                "count": count,
            }
        else:
            message = _(
                "The GPX %(what)s is not closed: its last point is %(gap)s m from its first. "
                "Walk back to the start, or draw the boundary on the map."
            ) % {"what": what, "gap": f"{gap:,.0f}"}
        raise _fail(message, "gpx_not_closed")
    waypoints = _gpx_points(root, "wpt", _("a waypoint"))
    if len(waypoints) == 1:
        collector.add_point(list(waypoints[0]))
        return collector.geometry(union=False)
    if waypoints:
        raise _fail(
            _(
                "The GPX file has %(count)d waypoints and no closed track. A boundary is a "
                "closed track, or a single waypoint when the area is not known yet."
            )
            % {"count": len(waypoints)},
            "too_many_points",
        )
    raise _fail(_("The GPX file contains no track, route or waypoint."), "empty")


# Zip archives: KMZ and Shapefile -------------------------------------------------------


def _zip_kind(archive: SafeZip, expected: str) -> str:
    names = [n.lower() for n in archive.names()]
    has_shp = any(n.endswith(".shp") for n in names)
    has_kml = any(n.endswith(".kml") for n in names)
    if not has_shp and not has_kml:
        nested = archive.nested_archives()
        if nested:
            raise _fail(
                _(
                    "The zip file contains another archive (“%(name)s”); archives inside "
                    "archives are not opened. Upload the inner file instead."
                )
                % {"name": nested[0][:200]},
                "zip_nested",
            )
        if expected == "kmz":
            raise _fail(_("The KMZ file contains no .kml file."), "kmz_no_kml")
        raise _fail(
            _("The zip file contains no shapefile (.shp) or KML (.kml) file."),
            "zip_no_boundary",
        )
    if expected == "kmz" and not has_kml:
        raise _mismatch("shapefile", "kmz")
    if expected not in ("kmz", "shapefile"):
        raise _mismatch("kmz" if has_kml and not has_shp else "shapefile", expected)
    return "kmz" if has_kml and (expected == "kmz" or not has_shp) else "shapefile"


def _parse_kmz(archive: SafeZip) -> dict:
    kml_names = [n for n in archive.names() if n.lower().endswith(".kml")]
    chosen = next((n for n in kml_names if n.lower() == "doc.kml"), kml_names[0])
    return _parse_xml(archive.read(chosen), "kmz")


def _member(names: dict[str, str], base: str, extension: str) -> str | None:
    return names.get(f"{base}{extension}".lower())


def _parse_shapefile(archive: SafeZip) -> dict:
    names = {n.lower(): n for n in archive.names()}
    shps = [n for n in archive.names() if n.lower().endswith(".shp")]
    if len(shps) > 1:
        raise _fail(
            _("The zip file contains %(count)d shapefiles (%(names)s); upload one per zip.")
            % {"count": len(shps), "names": ", ".join(s[:60] for s in shps[:5])},
            "shapefile_several",
        )
    shp_name = shps[0]
    base = shp_name[:-4]
    roles = {
        ".shx": _("the shape index"),
        ".dbf": _("the attribute table"),
        ".prj": _("the coordinate system"),
    }
    missing = [ext for ext in roles if _member(names, base, ext) is None]
    if missing:
        parts = ", ".join(f"{posixpath.basename(base)}{ext} ({roles[ext]})" for ext in missing)
        raise _fail(
            _(
                "The zipped shapefile is missing %(parts)s. A shapefile is several files: "
                "put the .shp, .shx, .dbf and .prj files together in the zip."
            )
            % {"parts": parts},
            "shapefile_missing_part",
            missing=missing,
        )
    prj = archive.read(_member(names, base, ".prj")).decode("utf-8", errors="replace")
    transformer = _transformer(prj)
    try:
        reader = shapefile.Reader(
            shp=io.BytesIO(archive.read(shp_name)),
            shx=io.BytesIO(archive.read(_member(names, base, ".shx"))),
            dbf=io.BytesIO(archive.read(_member(names, base, ".dbf"))),
        )
        return _shapefile_geometry(reader, transformer)
    except BoundaryError:
        raise
    except (shapefile.ShapefileException, struct.error, ValueError, IndexError, EOFError) as exc:
        raise _fail(
            _("The shapefile could not be read; it may be damaged (%(problem)s).")
            % {"problem": str(exc)[:120]},
            "shapefile_invalid",
        ) from exc


def _transformer(prj: str) -> Transformer | None:
    try:
        crs = CRS.from_user_input(prj.strip())
    except (CRSError, ProjError) as exc:
        raise _fail(
            _("The .prj file does not describe a coordinate system that can be read."),
            "shapefile_bad_prj",
        ) from exc
    wgs84 = CRS.from_epsg(4326)
    if crs.equals(wgs84, ignore_axis_order=True):
        return None
    return Transformer.from_crs(crs, wgs84, always_xy=True)


_SHAPEFILE_AREAS = {shapefile.POLYGON, shapefile.POLYGONZ, shapefile.POLYGONM}
_SHAPEFILE_POINTS = {
    shapefile.POINT,
    shapefile.POINTZ,
    shapefile.POINTM,
    shapefile.MULTIPOINT,
    shapefile.MULTIPOINTZ,
    shapefile.MULTIPOINTM,
}


def _reproject(ring, transformer: Transformer | None) -> np.ndarray:
    arr = np.atleast_2d(np.asarray(ring, dtype=np.float64))[:, :2]
    if transformer is None:
        return arr
    lon, lat = transformer.transform(arr[:, 0], arr[:, 1], errcheck=False)
    out = np.column_stack((lon, lat))
    if not np.isfinite(out).all():
        raise _fail(
            _(
                "Some shapefile coordinates could not be converted to longitude/latitude: "
                "check that the .prj matches the data."
            ),
            "shapefile_reprojection",
        )
    return out


def _shapefile_geometry(reader: shapefile.Reader, transformer: Transformer | None) -> dict:
    if len(reader) > MAX_PARTS:
        raise _fail(
            _("The shapefile has %(count)s shapes; at most %(limit)s are allowed.")
            % {"count": f"{len(reader):,}", "limit": f"{MAX_PARTS:,}"},
            "too_many_parts",
        )
    collector = _Collector("Shapefile")
    for shape in reader.iterShapes():
        if shape.shapeType == shapefile.NULL:
            continue
        if collector.vertices + len(shape.points) > MAX_VERTICES:
            raise too_many_vertices_error()
        if shape.shapeType in _SHAPEFILE_AREAS:
            geo = shape.__geo_interface__
            polygons = [geo["coordinates"]] if geo["type"] == "Polygon" else geo["coordinates"]
            for polygon in polygons:
                collector.add_polygon([_reproject(ring, transformer) for ring in polygon])
        elif shape.shapeType in _SHAPEFILE_POINTS:
            for point in _reproject(shape.points, transformer).tolist():
                collector.add_point(point)
        else:
            collector.lines += 1
    return collector.geometry(union=True)
