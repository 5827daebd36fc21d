"""Every supported boundary format parses to the expected WGS84 geometry and area.

Expected areas come from the closed-form area of a latitude/longitude quadrangle on the WGS84
ellipsoid (Snyder, "Map Projections: A Working Manual", authalic latitude), independent of the
geodesic polygon area computed by the code. Tolerance: 0.5 %.
"""

import math
from pathlib import Path

import pytest
from shapely.geometry import shape

from landscapes.geo import BoundaryError, normalize_geometry, parse_boundary_file
from tests.landscapes import corpus_build as cb

CORPUS = Path(__file__).parent / "corpus"
AREA_TOLERANCE = 0.005


def quadrangle_ha(west: float, south: float, east: float, north: float) -> float:
    a = 6378137.0
    f = 1 / 298.257223563
    e2 = f * (2 - f)
    e = math.sqrt(e2)

    def q(lat: float) -> float:
        s = math.sin(math.radians(lat))
        return (1 - e2) * (s / (1 - e2 * s * s) - math.log((1 - e * s) / (1 + e * s)) / (2 * e))

    return a * a / 2 * math.radians(east - west) * (q(north) - q(south)) / 10_000


SQUARE_HA = quadrangle_ha(*cb.SQUARE)
HOLE_HA = quadrangle_ha(*cb.HOLE_OUTER) - quadrangle_ha(*cb.HOLE_INNER)
MULTI_HA = quadrangle_ha(*cb.MULTI_A) + quadrangle_ha(*cb.MULTI_B)
UNION_HA = quadrangle_ha(34.50, 1.00, 34.60, 1.09) + quadrangle_ha(*cb.MULTI_B)
TRACK_HA = quadrangle_ha(*cb.TRACK)


def parse(name: str) -> dict:
    path = CORPUS / name
    with path.open("rb") as handle:
        return parse_boundary_file(name=name, data=handle, size=path.stat().st_size)


def test_the_independent_reference_area_is_about_a_10_km_square():
    assert 9_900 < SQUARE_HA < 10_000


@pytest.mark.parametrize(
    "name, geometry_type, expected_ha, holes",
    [
        ("elgon_square.geojson", "Polygon", SQUARE_HA, 0),
        ("elgon_hole.geojson", "Polygon", HOLE_HA, 1),
        ("elgon_multi.geojson", "MultiPolygon", MULTI_HA, 0),
        ("elgon_union.geojson", "MultiPolygon", UNION_HA, 0),
        ("elgon.kml", "Polygon", HOLE_HA, 1),
        ("elgon.kmz", "Polygon", HOLE_HA, 1),
        ("elgon_utm36n.zip", "Polygon", SQUARE_HA, 0),
        ("elgon_track.gpx", "Polygon", TRACK_HA, 0),
    ],
)
def test_valid_file_parses_to_expected_geometry_and_area(name, geometry_type, expected_ha, holes):
    # given a valid boundary file from the corpus
    # when it is parsed and normalised
    geometry = parse(name)
    result = normalize_geometry(geometry)

    # then the geometry type, number of holes and geodesic area are as expected
    assert geometry["type"] == geometry_type
    assert result.geometry["type"] == geometry_type
    assert float(result.area_ha) == pytest.approx(expected_ha, rel=AREA_TOLERANCE)
    polygons = (
        [result.geometry["coordinates"]]
        if geometry_type == "Polygon"
        else result.geometry["coordinates"]
    )
    assert sum(len(p) - 1 for p in polygons) == holes
    assert result.repaired is False


@pytest.mark.parametrize("name", ["elgon_point.geojson", "elgon_waypoint.gpx"])
def test_a_single_point_is_accepted(name):
    geometry = parse(name)

    assert geometry == {"type": "Point", "coordinates": [cb.SUMMIT[0], cb.SUMMIT[1]]}
    assert normalize_geometry(geometry).area_ha is None


def test_utm_shapefile_is_reprojected_to_lon_lat():
    # given a shapefile whose .prj says UTM zone 36N (coordinates in metres)
    # when it is parsed
    geometry = parse("elgon_utm36n.zip")

    # then its corners land back on the longitude/latitude it was built from (≈ 1 cm)
    west, south, east, north = shape(geometry).bounds
    assert (west, south, east, north) == pytest.approx(cb.SQUARE, abs=1e-6)


def test_kml_ignores_label_points_next_to_the_polygon():
    geometry = parse("elgon.kml")

    assert geometry["type"] == "Polygon"
    assert shape(geometry).bounds == pytest.approx(cb.HOLE_OUTER, abs=1e-9)


def test_feature_collection_unions_touching_features():
    geometry = parse("elgon_union.geojson")

    parts = sorted(shape(geometry).geoms, key=lambda p: p.bounds)
    assert len(parts) == 2
    assert parts[0].bounds == pytest.approx((34.50, 1.00, 34.60, 1.09), abs=1e-9)
    assert parts[1].bounds == pytest.approx(cb.MULTI_B, abs=1e-9)


@pytest.mark.parametrize(
    "name, code, fragment",
    [
        ("billion_laughs.kml", "xml_entities", "XML entity declaration"),
        ("external_entity.kml", "xml_external_entity", "external XML entity"),
        ("png_renamed.kml", "wrong_format", "looks like a PNG image, not a KML file"),
        ("kml_renamed.geojson", "wrong_format", "looks like a KML file, not a GeoJSON file"),
        ("truncated.geojson", "invalid_json", "not valid JSON"),
        ("empty_collection.geojson", "empty", "FeatureCollection has no features"),
        ("crs_utm.geojson", "unsupported_crs", "EPSG::32636"),
        ("out_of_range.geojson", "coordinate_out_of_range", "Vertex 3 of ring 1 of polygon 1"),
        ("projected_coords.geojson", "coordinate_out_of_range", "projected coordinates"),
        ("no_shx.zip", "shapefile_missing_part", "elgon_utm36n.shx (the shape index)"),
        ("no_prj.zip", "shapefile_missing_part", "elgon_utm36n.prj (the coordinate system)"),
        ("path_traversal.zip", "zip_unsafe_path", "../../evil.kml"),
        ("nested.zip", "zip_nested", "inner.zip"),
        ("two_points.geojson", "too_many_points", "2 points and no area"),
        ("waypoints.gpx", "too_many_points", "2 waypoints and no closed track"),
        ("open_track.gpx", "gpx_not_closed", "is not closed"),
    ],
)
def test_hostile_or_broken_file_is_refused_with_the_reason(name, code, fragment):
    with pytest.raises(BoundaryError) as caught:
        parse(name)

    assert caught.value.code == code
    assert fragment in caught.value.message


def test_out_of_range_error_names_the_first_bad_coordinate():
    with pytest.raises(BoundaryError) as caught:
        parse("out_of_range.geojson")

    assert "(200.5, 1.1)" in caught.value.message
    assert caught.value.detail["coordinate"] == [200.5, 1.1]


def test_bowtie_file_parses_but_normalising_names_the_crossing():
    geometry = parse("bowtie.geojson")

    with pytest.raises(BoundaryError) as caught:
        normalize_geometry(geometry)

    assert caught.value.code == "invalid_geometry"
    assert caught.value.message.startswith("Ring 1 of polygon 1 crosses itself near 34.55, 1.05.")
    assert caught.value.detail["location"] == pytest.approx((34.55, 1.05))


def test_lopsided_bowtie_is_repaired_into_a_valid_multipolygon():
    result = normalize_geometry(parse("elgon_lopsided_bowtie.geojson"))

    assert result.repaired is True
    assert result.geometry["type"] == "MultiPolygon"
    assert shape(result.geometry).is_valid
    assert float(result.area_ha) == pytest.approx(quadrangle_ha(34.5, 1.0, 34.6, 1.1), rel=0.005)
    assert "crosses itself near 34.5004, 1.0" in result.warnings[0]


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("boundary.shp", b"\x00\x00\x27\x0a", "upload a .zip containing"),
        ("boundary.docx", b"PK\x03\x04", "are not supported"),
        ("boundary.gpx", cb.kml_with_hole().encode(), "looks like a KML file, not a GPX file"),
        ("boundary.kmz", cb.kml_with_hole().encode(), "looks like a KML file, not a KMZ file"),
        ("boundary.kml", b'{"type": "Point"}', "looks like a GeoJSON file, not a KML file"),
        ("boundary.geojson", b"<html><body>Not found</body></html>", "looks like a web page"),
        ("boundary.geojson", b"   \n", "The file is empty."),
        ("boundary.geojson", b'{"hello": 1}', "not GeoJSON"),
    ],
)
def test_wrong_or_unsupported_files_are_named(name, content, fragment):
    import io

    with pytest.raises(BoundaryError) as caught:
        parse_boundary_file(name=name, data=io.BytesIO(content), size=len(content))

    assert fragment in caught.value.message


def test_kmz_holding_a_shapefile_is_refused():
    import io

    content = (CORPUS / "elgon_utm36n.zip").read_bytes()

    with pytest.raises(BoundaryError) as caught:
        parse_boundary_file(name="elgon.kmz", data=io.BytesIO(content), size=len(content))

    assert caught.value.message == "This file looks like a zipped Shapefile, not a KMZ file."


def _parse_bytes(name: str, content: bytes) -> dict:
    import io

    return parse_boundary_file(name=name, data=io.BytesIO(content), size=len(content))


def test_utm_shapefile_with_a_hole_keeps_the_hole():
    # given a shapefile (outer ring clockwise, hole counter-clockwise, as the format wants)
    outer = cb.rectangle(cb.HOLE_OUTER, clockwise=True)
    hole = cb.rectangle(cb.HOLE_INNER)
    content = cb.shapefile_zip([outer, hole])

    result = normalize_geometry(_parse_bytes("with_hole.zip", content))

    assert result.geometry["type"] == "Polygon"
    assert len(result.geometry["coordinates"]) == 2
    assert float(result.area_ha) == pytest.approx(HOLE_HA, rel=AREA_TOLERANCE)


def test_wgs84_shapefile_is_read_without_reprojection():
    content = cb.shapefile_zip([cb.rectangle(cb.SQUARE, clockwise=True)], epsg=4326)

    geometry = _parse_bytes("wgs84.zip", content)

    assert shape(geometry).bounds == pytest.approx(cb.SQUARE, abs=1e-9)


def test_zip_holding_a_kml_is_read_like_a_kmz():
    content = (CORPUS / "elgon.kmz").read_bytes()

    geometry = _parse_bytes("elgon.zip", content)

    assert shape(geometry).bounds == pytest.approx(cb.HOLE_OUTER, abs=1e-9)
