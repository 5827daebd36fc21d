"""normalize_geometry, geometry_contains and geometries_overlap."""

import pytest
import shapely
from shapely.geometry import LinearRing, shape

from landscapes.geo import (
    BoundaryError,
    geometries_overlap,
    geometry_contains,
    normalize_geometry,
)
from tests.landscapes import corpus_build as cb
from tests.landscapes.test_geo_parsers import quadrangle_ha


def polygon(*rings) -> dict:
    return {"type": "Polygon", "coordinates": [list(r) for r in rings]}


def test_rings_follow_the_right_hand_rule():
    # given an outer ring drawn clockwise and a hole drawn counter-clockwise
    outer = cb.rectangle(cb.HOLE_OUTER, clockwise=True)
    hole = cb.rectangle(cb.HOLE_INNER)

    result = normalize_geometry(polygon(outer, hole))

    # then RFC 7946: exterior counter-clockwise, hole clockwise
    exterior, interior = result.geometry["coordinates"]
    assert LinearRing(exterior).is_ccw
    assert not LinearRing(interior).is_ccw
    assert LinearRing(result.display_geometry["coordinates"][0]).is_ccw


def test_area_centroid_and_bbox_of_a_10_km_square():
    result = normalize_geometry(polygon(cb.rectangle(cb.SQUARE)))

    assert float(result.area_ha) == pytest.approx(quadrangle_ha(*cb.SQUARE), rel=0.005)
    assert result.area_ha.as_tuple().exponent == -2
    assert result.centroid == pytest.approx((34.545, 1.045), abs=1e-7)
    assert result.bbox == pytest.approx(cb.SQUARE, abs=1e-7)
    assert result.warnings == []


def test_centroid_falls_inside_a_c_shaped_polygon():
    # given a "C" whose geometric centroid lies in the opening
    ring = [[34.4, 0.9], [34.6, 0.9], [34.6, 0.95], [34.45, 0.95], [34.45, 1.05]]
    ring += [[34.6, 1.05], [34.6, 1.1], [34.4, 1.1], [34.4, 0.9]]

    result = normalize_geometry(polygon(ring))

    assert not shape(result.geometry).centroid.within(shape(result.geometry))
    assert geometry_contains(result.geometry, *result.centroid)


def test_multipolygon_centroid_is_inside_one_of_its_parts():
    geometry = {
        "type": "MultiPolygon",
        "coordinates": [[cb.rectangle(cb.MULTI_A)], [cb.rectangle(cb.MULTI_B)]],
    }

    result = normalize_geometry(geometry)

    assert geometry_contains(result.geometry, *result.centroid)
    assert result.geometry["type"] == "MultiPolygon"
    assert len(result.geometry["coordinates"]) == 2


def test_display_geometry_of_a_20000_vertex_polygon_is_small_and_close():
    # given a detailed polygon with 20,000 vertices
    ring = cb.dense_ring(20_000)

    result = normalize_geometry(polygon(ring))

    # then the stored geometry keeps every vertex, the display one has ≤ 500
    stored, display = shape(result.geometry), shape(result.display_geometry)
    assert shapely.get_num_coordinates(stored) == 20_001
    assert shapely.get_num_coordinates(display) <= 500
    assert display.is_valid
    assert display.area == pytest.approx(stored.area, rel=0.02)
    coordinates = result.display_geometry["coordinates"][0]
    assert all(round(x, 6) == x and round(y, 6) == y for x, y in coordinates)


def test_display_geometry_of_many_small_parts_stays_under_the_budget():
    # given 300 separate small squares (4 vertices each is already > 500 in total)
    parts = [
        [cb.rectangle((34.4 + i * 0.001, 1.0, 34.4 + i * 0.001 + 0.0005, 1.0005), step=1)]
        for i in range(300)
    ]

    result = normalize_geometry({"type": "MultiPolygon", "coordinates": parts})

    assert shapely.get_num_coordinates(shape(result.display_geometry)) <= 500
    assert len(result.geometry["coordinates"]) == 300


def test_unclosed_ring_is_closed_with_a_warning():
    result = normalize_geometry(polygon([[34.5, 1.0], [34.6, 1.0], [34.6, 1.1], [34.5, 1.1]]))

    ring = result.geometry["coordinates"][0]
    assert ring[0] == ring[-1]
    assert result.warnings == ["Ring 1 of polygon 1 was not closed; it was closed."]


def test_ring_with_too_few_points_is_refused():
    with pytest.raises(BoundaryError) as caught:
        normalize_geometry(polygon([[34.5, 1.0], [34.6, 1.0], [34.5, 1.0]]))

    assert caught.value.message == (
        "Ring 1 of polygon 1 has only 2 distinct points; a ring needs at least 3."
    )


def test_symmetric_bowtie_is_refused_with_its_location():
    bowtie = [[34.5, 1.0], [34.6, 1.1], [34.6, 1.0], [34.5, 1.1], [34.5, 1.0]]

    with pytest.raises(BoundaryError) as caught:
        normalize_geometry(polygon(bowtie))

    assert "Ring 1 of polygon 1 crosses itself near 34.55, 1.05." in caught.value.message
    assert caught.value.detail["ring"] == 1


def test_hole_outside_its_shell_is_refused_naming_the_ring():
    outer = cb.rectangle(cb.SQUARE)
    stray_hole = cb.rectangle((34.7, 1.2, 34.72, 1.22), clockwise=True)

    with pytest.raises(BoundaryError) as caught:
        normalize_geometry(polygon(outer, stray_hole))

    assert caught.value.message.startswith(
        "Ring 2 of polygon 1 is a hole that lies outside its outer ring"
    )


def test_slightly_overlapping_parts_are_merged_safely():
    # given two polygons of a multipolygon that overlap by a sliver (< 1 % of the area)
    a = cb.rectangle((34.50, 1.00, 34.55, 1.05))
    b = cb.rectangle((34.5499, 1.00, 34.60, 1.05))

    result = normalize_geometry({"type": "MultiPolygon", "coordinates": [[a], [b]]})

    assert result.repaired is True
    assert result.geometry["type"] == "Polygon"
    assert result.warnings[0].startswith("Polygons 1 and 2 overlap near 34.54995")


def test_largely_overlapping_parts_are_refused():
    a = cb.rectangle((34.50, 1.00, 34.55, 1.05))
    b = cb.rectangle((34.52, 1.00, 34.60, 1.05))

    with pytest.raises(BoundaryError) as caught:
        normalize_geometry({"type": "MultiPolygon", "coordinates": [[a], [b]]})

    assert caught.value.message.startswith("Polygons 1 and 2 overlap near")
    assert caught.value.detail["polygons"] == [1, 2]


@pytest.mark.parametrize(
    "geometry, fragment",
    [
        ({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "not LineString"),
        ({"type": "Point", "coordinates": [34.5, 91]}, "The point is out of range: (34.5, 91.0)"),
        ({"type": "Point", "coordinates": ["34.5", 1]}, "not a [longitude, latitude] pair"),
        (polygon([[34.5, 1.0], [34.6, None], [34.6, 1.1], [34.5, 1.0]]), "Vertex 2 of ring 1"),
        (polygon([[34.5, 1.0], [34.6, float("nan")], [34.6, 1.1], [34.5, 1.0]]), "Vertex 2"),
        ({"type": "Polygon", "coordinates": []}, "Polygon 1 has no rings"),
        ("not a dict", "not a GeoJSON geometry"),
    ],
)
def test_malformed_geometry_is_refused(geometry, fragment):
    with pytest.raises(BoundaryError) as caught:
        normalize_geometry(geometry)

    assert fragment in caught.value.message


def test_point_normalises_without_area():
    result = normalize_geometry({"type": "Point", "coordinates": [34.525, 1.125, 4321]})

    assert result.geometry == {"type": "Point", "coordinates": [34.525, 1.125]}
    assert result.area_ha is None
    assert result.centroid == (34.525, 1.125)
    assert result.bbox == (34.525, 1.125, 34.525, 1.125)


def test_geometry_contains():
    square = polygon(cb.rectangle(cb.SQUARE))
    with_hole = polygon(cb.rectangle(cb.HOLE_OUTER), cb.rectangle(cb.HOLE_INNER))

    assert geometry_contains(square, 34.55, 1.05) is True
    assert geometry_contains(square, 34.50, 1.05) is True
    assert geometry_contains(square, 34.70, 1.05) is False
    assert geometry_contains(with_hole, 34.475, 0.975) is False
    assert geometry_contains(with_hole, 34.55, 1.05) is True


def test_geometries_overlap_returns_the_shared_area():
    a = polygon(cb.rectangle((34.50, 1.00, 34.60, 1.10)))
    b = polygon(cb.rectangle((34.55, 1.05, 34.65, 1.15)))

    overlap = geometries_overlap(a, b)

    assert overlap["type"] == "Polygon"
    assert shape(overlap).bounds == pytest.approx((34.55, 1.05, 34.60, 1.10), abs=1e-9)
    assert LinearRing(overlap["coordinates"][0]).is_ccw


@pytest.mark.parametrize(
    "other",
    [
        cb.rectangle((34.60, 1.00, 34.70, 1.10)),
        cb.rectangle((34.80, 1.20, 34.90, 1.30)),
    ],
    ids=["touching", "apart"],
)
def test_touching_or_distant_geometries_do_not_overlap(other):
    a = polygon(cb.rectangle((34.50, 1.00, 34.60, 1.10)))

    assert geometries_overlap(a, polygon(other)) is None


def test_point_does_not_overlap():
    a = polygon(cb.rectangle(cb.SQUARE))

    assert geometries_overlap(a, {"type": "Point", "coordinates": [34.55, 1.05]}) is None
