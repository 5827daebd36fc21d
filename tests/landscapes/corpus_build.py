"""Builds the boundary-file test corpus.

Small files are committed in ``corpus/``; run ``python -m tests.landscapes.corpus_build`` to
regenerate them. Large or hostile files (zip bombs, 5,000-member zips, a 200 MB GeoJSON, dense
polygons) are generated at test time by the ``make_*`` functions below so nothing big is
committed.
"""

import io
import json
import math
import zipfile
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"

# Mount Elgon, Kenya/Uganda border.
SQUARE = (34.50, 1.00, 34.59, 1.09)
HOLE_OUTER = (34.40, 0.90, 34.60, 1.10)
HOLE_INNER = (34.45, 0.95, 34.50, 1.00)
MULTI_A = (34.40, 0.90, 34.45, 0.95)
MULTI_B = (34.70, 1.20, 34.80, 1.30)
TRACK = (34.60, 1.15, 34.70, 1.25)
SUMMIT = (34.525, 1.125)
UTM_36N = 32636

_KML_NS = "http://www.opengis.net/kml/2.2"
_GPX_NS = "http://www.topografix.com/GPX/1/1"


def rectangle(box, *, step: float = 0.01, clockwise: bool = False) -> list[list[float]]:
    """A closed lon/lat ring along the box edges, a vertex every ``step`` degrees."""
    west, south, east, north = box
    n_x = max(1, round((east - west) / step))
    n_y = max(1, round((north - south) / step))
    ring = [[west + (east - west) * i / n_x, south] for i in range(n_x)]
    ring += [[east, south + (north - south) * i / n_y] for i in range(n_y)]
    ring += [[east - (east - west) * i / n_x, north] for i in range(n_x)]
    ring += [[west, north - (north - south) * i / n_y] for i in range(n_y)]
    ring = [[round(x, 9), round(y, 9)] for x, y in ring]
    ring.append(list(ring[0]))
    return ring[::-1] if clockwise else ring


def _feature(geometry: dict, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _polygon(*rings) -> dict:
    return {"type": "Polygon", "coordinates": list(rings)}


def _kml_coords(ring) -> str:
    return " ".join(f"{x},{y},0" for x, y in ring)


def kml_document(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<kml xmlns="{_KML_NS}">\n<Document>\n<name>Mount Elgon landscape</name>\n'
        f"{body}\n</Document>\n</kml>\n"
    )


def kml_with_hole() -> str:
    outer = rectangle(HOLE_OUTER)
    inner = rectangle(HOLE_INNER, clockwise=True)
    return kml_document(
        "<Placemark><name>Elgon landscape</name><Polygon>"
        "<outerBoundaryIs><LinearRing><coordinates>\n"
        f"{_kml_coords(outer)}\n"
        "</coordinates></LinearRing></outerBoundaryIs>"
        "<innerBoundaryIs><LinearRing><coordinates>\n"
        f"{_kml_coords(inner)}\n"
        "</coordinates></LinearRing></innerBoundaryIs>"
        "</Polygon></Placemark>\n"
        f"<Placemark><name>Summit</name><Point><coordinates>{SUMMIT[0]},{SUMMIT[1]},4321"
        "</coordinates></Point></Placemark>"
    )


def gpx_document(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<gpx version="1.1" creator="corpus_build" xmlns="{_GPX_NS}">\n{body}\n</gpx>\n'
    )


def gpx_track(ring, *, name: str = "Boundary walk") -> str:
    points = "\n".join(f'<trkpt lat="{y}" lon="{x}"><ele>2100</ele></trkpt>' for x, y in ring)
    return gpx_document(f"<trk><name>{name}</name><trkseg>\n{points}\n</trkseg></trk>")


def shapefile_zip(
    rings_lonlat: list[list[list[float]]],
    *,
    epsg: int = UTM_36N,
    skip: tuple[str, ...] = (),
    base: str = "elgon_utm36n",
) -> bytes:
    """A zipped polygon shapefile whose coordinates are projected to ``epsg``."""
    import shapefile
    from pyproj import CRS, Transformer

    to_projected = Transformer.from_crs(4326, epsg, always_xy=True)
    parts = []
    for ring in rings_lonlat:
        xs, ys = to_projected.transform([p[0] for p in ring], [p[1] for p in ring])
        parts.append([[round(x, 3), round(y, 3)] for x, y in zip(xs, ys, strict=True)])
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    writer = shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON)
    writer.field("name", "C", size=40)
    writer.poly(parts)
    writer.record("Elgon landscape")
    writer.close()
    files = {
        ".shp": shp.getvalue(),
        ".shx": shx.getvalue(),
        ".dbf": dbf.getvalue(),
        ".prj": CRS.from_epsg(epsg).to_wkt("WKT1_ESRI").encode(),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for ext, content in files.items():
            if ext not in skip:
                archive.writestr(f"{base}{ext}", content)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e5273ffc0000000049454e44ae426082"
)

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE kml [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>&lol9;</name></Document></kml>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>&xxe;</name></Document></kml>
"""


def committed_files() -> dict[str, bytes]:
    """Every small corpus file, by name."""
    square = rectangle(SQUARE)
    outer, inner = rectangle(HOLE_OUTER), rectangle(HOLE_INNER, clockwise=True)
    west_half = rectangle((34.50, 1.00, 34.55, 1.09))
    east_half = rectangle((34.55, 1.00, 34.60, 1.09))
    bowtie = [[34.5, 1.0], [34.6, 1.1], [34.6, 1.0], [34.5, 1.1], [34.5, 1.0]]
    lopsided = [[34.5, 1.0], [34.6, 1.0], [34.6, 1.1], [34.5, 1.1], [34.5004, 0.9998], [34.5, 1.0]]
    track = rectangle(TRACK)
    track[-1] = [TRACK[0] + 0.00005, TRACK[1] + 0.00005]
    open_track = rectangle(TRACK)[:-8]
    files = {
        "elgon_square.geojson": {
            "type": "FeatureCollection",
            "features": [_feature(_polygon(square), name="Elgon square")],
        },
        "elgon_hole.geojson": _feature(_polygon(outer, inner), name="Elgon with a hole"),
        "elgon_multi.geojson": {
            "type": "MultiPolygon",
            "coordinates": [[rectangle(MULTI_A)], [rectangle(MULTI_B)]],
        },
        "elgon_union.geojson": {
            "type": "FeatureCollection",
            "features": [
                _feature(_polygon(west_half), name="west"),
                _feature(_polygon(east_half), name="east"),
                _feature(_polygon(rectangle(MULTI_B)), name="north-east"),
            ],
        },
        "elgon_point.geojson": _feature({"type": "Point", "coordinates": list(SUMMIT)}),
        "elgon_lopsided_bowtie.geojson": _feature(_polygon(lopsided)),
        "bowtie.geojson": _feature(_polygon(bowtie)),
        "out_of_range.geojson": _feature(
            _polygon([[34.5, 1.0], [34.6, 1.0], [200.5, 1.1], [34.5, 1.1], [34.5, 1.0]])
        ),
        "projected_coords.geojson": _feature(
            _polygon([[666000, 110000], [676000, 110000], [676000, 120000], [666000, 110000]])
        ),
        "crs_utm.geojson": {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32636"}},
            "features": [_feature(_polygon(square))],
        },
        "empty_collection.geojson": {"type": "FeatureCollection", "features": []},
        "two_points.geojson": {
            "type": "FeatureCollection",
            "features": [
                _feature({"type": "Point", "coordinates": list(SUMMIT)}),
                _feature({"type": "Point", "coordinates": [34.6, 1.2]}),
            ],
        },
    }
    out = {name: (json.dumps(content, indent=1) + "\n").encode() for name, content in files.items()}
    out["truncated.geojson"] = out["elgon_square.geojson"][:300]
    out["elgon.kml"] = kml_with_hole().encode()
    out["elgon.kmz"] = _zip({"doc.kml": out["elgon.kml"]})
    out["elgon_track.gpx"] = gpx_track(track).encode()
    out["elgon_waypoint.gpx"] = gpx_document(
        f'<wpt lat="{SUMMIT[1]}" lon="{SUMMIT[0]}"><name>Wagagai</name></wpt>'
    ).encode()
    out["waypoints.gpx"] = gpx_document(
        f'<wpt lat="{SUMMIT[1]}" lon="{SUMMIT[0]}"/><wpt lat="1.2" lon="34.6"/>'
    ).encode()
    out["open_track.gpx"] = gpx_track(open_track).encode()
    utm_ring = rectangle(SQUARE, clockwise=True)
    out["elgon_utm36n.zip"] = shapefile_zip([utm_ring])
    out["no_shx.zip"] = shapefile_zip([utm_ring], skip=(".shx",))
    out["no_prj.zip"] = shapefile_zip([utm_ring], skip=(".prj",))
    out["billion_laughs.kml"] = BILLION_LAUGHS.encode()
    out["external_entity.kml"] = EXTERNAL_ENTITY.encode()
    out["png_renamed.kml"] = TINY_PNG
    out["kml_renamed.geojson"] = out["elgon.kml"]
    out["path_traversal.zip"] = _zip({"../../evil.kml": out["elgon.kml"]})
    out["nested.zip"] = _zip({"inner.zip": out["elgon_utm36n.zip"]})
    return out


# Generated at test time ---------------------------------------------------------------


def make_zip_bomb(path: Path, *, megabytes: int) -> Path:
    """One member of ``megabytes`` MB of zeros: a tiny file that unpacks enormously."""
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("doc.kml", "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(chunk)
    return path


def make_many_member_zip(path: Path, *, members: int = 5000) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for index in range(members):
            archive.writestr(f"part{index:05d}.kml", b"")
    return path


def make_sparse_file(
    path: Path, *, size: int, head: bytes = b'{"type": "FeatureCollection"'
) -> Path:
    """A file of ``size`` bytes that takes almost no disk space (a hole after ``head``)."""
    with open(path, "wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


def make_deep_json(path: Path, *, depth: int = 100_000) -> Path:
    path.write_bytes(b'{"type":"Polygon","coordinates":' + b"[" * depth + b"]" * depth + b"}")
    return path


def dense_ring(vertices: int, *, centre=(34.55, 1.05), radius: float = 0.1) -> list[list[float]]:
    """A wobbly circle with ``vertices`` distinct vertices (closed)."""
    ring = []
    for i in range(vertices):
        angle = 2 * math.pi * i / vertices
        r = radius * (1 + 0.05 * math.sin(40 * angle) + 0.01 * math.sin(977 * angle))
        ring.append([centre[0] + r * math.cos(angle), centre[1] + r * math.sin(angle)])
    ring.append(list(ring[0]))
    return ring


class EndlessStream(io.RawIOBase):
    """A stream that never ends, for callers that under-report the size."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = b" " * len(buffer)
        return len(buffer)


def write_committed(directory: Path = CORPUS) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in committed_files().items():
        (directory / name).write_bytes(content)


if __name__ == "__main__":
    write_committed()
