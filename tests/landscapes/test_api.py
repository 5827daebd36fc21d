from pathlib import Path

import pytest
from rest_framework.test import APIClient

from landscapes.models import BoundaryVersion, Landscape, Site, TaxonomyTerm
from tests.landscapes.factories import LandscapeFactory, make_site, square, with_boundary
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "corpus"
LIST = "/api/v1/landscapes/"

# An L-shaped landscape: its bounding box covers (34.15, 1.15), the polygon does not.
L_SHAPE = {"type": "Polygon", "coordinates": [[[34.0, 1.0], [34.2, 1.0], [34.2, 1.1], [34.1, 1.1],
                                               [34.1, 1.2], [34.0, 1.2], [34.0, 1.0]]]}  # fmt: skip


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world(user):
    coffee = TaxonomyTerm.objects.get(key="coffee")
    tea = TaxonomyTerm.objects.get(key="tea")
    mine = PartnershipFactory(visibility="private")
    MembershipFactory(partnership=mine, user=user, role="editor")
    elgon = with_boundary(LandscapeFactory(name="Elgon", countries=["KE", "UG"]), L_SHAPE)
    elgon.terms.set([coffee])
    kericho = with_boundary(
        LandscapeFactory(name="Kericho", countries=["KE"], partnership=mine),
        square(35.2, -0.5, 0.3),
    )
    kericho.terms.set([tea])
    mayo = with_boundary(LandscapeFactory(name="Alto Mayo", countries=["PE"]), square(-77.5, -5.8))
    mayo.terms.set([coffee])
    point = with_boundary(
        LandscapeFactory(name="Point only", countries=["KE"]),
        {"type": "Point", "coordinates": [34.05, 1.05]},
    )
    hidden = with_boundary(
        LandscapeFactory(name="Hidden", partnership=PartnershipFactory(visibility="private")),
        square(34.0, 1.0, 0.5),
    )
    return {"mine": mine, "elgon": elgon, "kericho": kericho, "mayo": mayo, "point": point,
            "hidden": hidden}  # fmt: skip


def names(response):
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Alto Mayo", "Elgon", "Kericho", "Point only"]),
        ("?bbox=33.9,0.9,34.3,1.3", ["Elgon", "Point only"]),
        ("?bbox=34.21,0.9,35,1.3", []),
        ("?bbox=-80,-10,-70,0", ["Alto Mayo"]),
        ("?contains=34.05,1.15", ["Elgon"]),
        ("?contains=34.15,1.15", []),  # inside the bounding box, outside the L
        ("?contains=35.3,-0.4", ["Kericho"]),
        ("?country=KE", ["Elgon", "Kericho", "Point only"]),
        ("?country=UG", ["Elgon"]),
        ("?term=coffee", ["Alto Mayo", "Elgon"]),
        ("?term=tea&country=KE", ["Kericho"]),
        ("?bbox=-180,-90,180,90&term=coffee&country=KE", ["Elgon"]),
    ],
)
def test_landscape_filters(api, world, query, expected):
    assert names(api.get(LIST + query)) == expected


@pytest.mark.parametrize(
    "query, field",
    [
        ("?bbox=1,2,3", "bbox"),
        ("?bbox=10,0,5,1", "bbox"),
        ("?bbox=0,0,200,1", "bbox"),
        ("?contains=abc", "contains"),
        ("?contains=34,95", "contains"),
        ("?term=no-such-term", "term"),
        ("?country=XX", "country"),
    ],
)
def test_bad_filters_are_400_in_the_one_error_format(api, world, query, field):
    response = api.get(LIST + query)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]


def test_contains_keeps_pagination_correct(api, user):
    for i in range(5):
        with_boundary(
            LandscapeFactory(name=f"Nested {i}"), square(34.0 - i * 0.01, 1.0, 0.1 + i * 0.02)
        )
    with_boundary(LandscapeFactory(name="Elsewhere"), square(40.0, 1.0))

    first = api.get(LIST + "?contains=34.05,1.05&page_size=2")
    second = api.get(first.json()["next"])
    third = api.get(second.json()["next"])

    seen = names(first) + names(second) + names(third)
    assert sorted(seen) == [f"Nested {i}" for i in range(5)]
    assert third.json()["next"] is None


def test_the_list_sends_the_simplified_geometry_not_the_boundary(api, world):
    row = next(r for r in api.get(LIST).json()["results"] if r["name"] == "Elgon")

    assert "boundary" not in row
    assert row["display_geometry"]["type"] == "Polygon"
    assert row["bbox"] == [34.0, 1.0, 34.2, 1.2]
    assert row["centroid"] == pytest.approx([34.0833, 1.0833], abs=1e-3)
    assert row["terms"] == ["coffee"]
    assert row["countries"] == ["KE", "UG"]
    assert isinstance(row["area_ha"], float)


def test_the_list_query_count_is_constant(api):
    coffee = TaxonomyTerm.objects.get(key="coffee")

    def grow():
        for i in range(3):
            landscape = with_boundary(LandscapeFactory(), square(30 + i, 1.0))
            landscape.terms.set([coffee])

    grow()
    assert_constant_queries(lambda: api.get(LIST), grow)
    assert_constant_queries(lambda: api.get(LIST + "?contains=30.05,1.05"), grow)


def test_anonymous_callers_get_401(world):
    assert APIClient().get(LIST).status_code == 401


def test_create_a_landscape_with_a_boundary_and_an_overlap_warning(api, world):
    url = f"/api/v1/partnerships/{world['mine'].slug}/landscapes/"

    response = api.post(
        url,
        {"name": "Kericho East", "countries": ["KE"], "terms": ["tea"],
         "boundary": square(35.4, -0.4, 0.3)},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "kericho-east"
    assert body["boundary"]["type"] == "Polygon"
    assert body["warnings"] == [
        "This boundary overlaps “Kericho”, another landscape of the partnership."
    ]
    assert Landscape.objects.get(slug="kericho-east").partnership == world["mine"]


def test_patching_the_boundary_keeps_history(api, world):
    kericho = world["kericho"]
    url = f"/api/v1/partnerships/{world['mine'].slug}/landscapes/{kericho.uuid}/"

    response = api.patch(url, {"boundary": square(36.0, -0.5, 0.2)}, format="json")

    assert response.status_code == 200
    assert response.json()["bbox"] == [36.0, -0.5, 36.2, -0.3]
    assert BoundaryVersion.objects.get(landscape=kericho).geometry == square(35.2, -0.5, 0.3)


def test_an_invalid_boundary_is_400_and_nothing_changes(api, world):
    kericho = world["kericho"]
    url = f"/api/v1/partnerships/{world['mine'].slug}/landscapes/{kericho.uuid}/"

    response = api.patch(
        url, {"name": "Renamed", "boundary": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["boundary"]
    kericho.refresh_from_db()
    assert kericho.name == "Kericho"
    assert BoundaryVersion.objects.count() == 0


def test_unknown_fields_and_terms_are_refused(api, world):
    url = f"/api/v1/partnerships/{world['mine'].slug}/landscapes/"

    unknown_field = api.post(url, {"name": "X", "partnership": 1}, format="json")
    unknown_term = api.post(url, {"name": "X", "terms": ["coffee", "nope"]}, format="json")

    assert unknown_field.status_code == 400
    assert list(unknown_field.json()["error"]["fields"]) == ["partnership"]
    assert unknown_term.status_code == 400
    assert list(unknown_term.json()["error"]["fields"]) == ["terms"]
    assert not Landscape.objects.filter(name="X").exists()


def test_a_site_in_another_partnerships_landscape_is_refused(api, world):
    url = f"/api/v1/partnerships/{world['mine'].slug}/sites/"
    point = {"type": "Point", "coordinates": [34.05, 1.05]}

    foreign = api.post(url, {"landscape": str(world["elgon"].uuid), "name": "Nursery",
                             "geometry": point}, format="json")  # fmt: skip
    own = api.post(url, {"landscape": str(world["kericho"].uuid), "name": "Nursery",
                         "kind": "nursery", "geometry": point}, format="json")  # fmt: skip

    assert foreign.status_code == 400
    assert list(foreign.json()["error"]["fields"]) == ["landscape"]
    assert own.status_code == 201, own.content
    assert own.json()["landscape"] == str(world["kericho"].uuid)
    assert list(Site.objects.values_list("landscape__name", flat=True)) == ["Kericho"]


def test_site_filters(api, world):
    kericho = world["kericho"]
    make_site(kericho, name="West", lon=35.25, lat=-0.45)
    make_site(kericho, name="East", lon=35.45, lat=-0.3)
    url = f"/api/v1/partnerships/{world['mine'].slug}/sites/"

    assert names(api.get(url + "?bbox=35.2,-0.5,35.3,-0.4")) == ["West"]
    assert names(api.get(url + f"?landscape={kericho.uuid}")) == ["East", "West"]


def test_another_partnerships_site_is_not_found(api, world):
    site = make_site(world["elgon"])

    response = api.get(f"/api/v1/partnerships/{world['mine'].slug}/sites/{site.uuid}/")

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["elgon.kml", "elgon.kmz", "elgon_utm36n.zip", "elgon_track.gpx",
                                  "elgon_square.geojson"])  # fmt: skip
def test_parsing_a_boundary_file(api, name):
    with open(CORPUS / name, "rb") as file:
        response = api.post("/api/v1/boundaries/parse/", {"file": file}, format="multipart")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert body["area_ha"] > 0
    lon, lat = body["centroid"]
    assert 34 < lon < 35.2 and 0.7 < lat < 1.5  # Mount Elgon
    assert len(body["bbox"]) == 4
    assert Landscape.objects.count() == 0


@pytest.mark.parametrize("name", ["billion_laughs.kml", "no_shx.zip", "png_renamed.kml",
                                  "truncated.geojson"])  # fmt: skip
def test_a_bad_boundary_file_is_a_clear_400(api, name):
    with open(CORPUS / name, "rb") as file:
        response = api.post("/api/v1/boundaries/parse/", {"file": file}, format="multipart")

    assert response.status_code == 400
    error = response.json()["error"]
    assert list(error["fields"]) == ["file"]
    assert len(error["fields"]["file"][0]) > 20


def test_parse_needs_a_file(api):
    response = api.post("/api/v1/boundaries/parse/", {}, format="multipart")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["file"]


def test_the_schema_describes_the_geo_filters(api):
    import yaml

    schema = yaml.safe_load(api.get("/api/v1/schema/").content)
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/landscapes/"]["get"]["parameters"]}
    assert {"bbox", "contains", "country", "term"} <= set(parameters)
    assert parameters["bbox"]["examples"]
    assert parameters["contains"]["examples"]
    parse = schema["paths"]["/api/v1/boundaries/parse/"]["post"]
    assert "multipart/form-data" in parse["requestBody"]["content"]


def test_sites_filter_by_a_point_inside_their_polygon(api, world):
    from landscapes import services

    kericho = world["kericho"]
    plot = services.site_create(
        landscape=kericho, name="Tea plot", kind=Site.Kind.FARM, geometry=square(35.3, -0.4, 0.05)
    )
    make_site(kericho, name="Nursery", lon=35.31, lat=-0.39)  # a point: never "contains"
    url = f"/api/v1/partnerships/{kericho.partnership.slug}/sites/"

    assert names(api.get(url, {"contains": "35.31,-0.39"})) == [plot.name]
    assert names(api.get(url, {"contains": "35.4,-0.2"})) == []
