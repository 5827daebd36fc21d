import csv
import io
import json

import pytest
from django.urls import reverse

from landscapes.models import TaxonomyTerm
from tests.landscapes.factories import LandscapeFactory, square, with_boundary
from tests.partnerships.factories import PartnershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

DIRECTORY = "/landscapes/"


def names(response):
    return sorted(p["name"] for p in response.context["points"])


@pytest.fixture
def landscapes():
    coffee = TaxonomyTerm.objects.get(key="coffee")
    cocoa = TaxonomyTerm.objects.get(key="cocoa")
    forest = TaxonomyTerm.objects.get(key="tropical-forest")
    savanna = TaxonomyTerm.objects.get(key="savanna")
    elgon_partnership = PartnershipFactory(slug="mount-elgon")
    elgon = with_boundary(
        LandscapeFactory(partnership=elgon_partnership, name="Mount Elgon", countries=["KE", "UG"],
                         description="<p>Volcanic slopes with coffee farms.</p>"),
        square(34.5, 1.0),
    )  # fmt: skip
    elgon.terms.set([coffee, forest])
    mayo = with_boundary(
        LandscapeFactory(name="Alto Mayo", countries=["PE"], description="<p>Cloud forest.</p>"),
        square(-77.4, -5.7),
    )
    mayo.terms.set([coffee, forest])
    plateau = with_boundary(
        LandscapeFactory(name="Plateau Central", countries=["BF"]), square(-1.3, 12.5)
    )
    plateau.terms.set([savanna])
    ghana = with_boundary(
        LandscapeFactory(partnership=elgon_partnership, name="Juabeso", countries=["GH"]),
        square(-2.8, 6.6),
    )
    ghana.terms.set([cocoa, forest])
    hidden = with_boundary(
        LandscapeFactory(
            name="Secret Coffee Valley",
            countries=["KE"],
            partnership=PartnershipFactory(visibility="private"),
        ),
        square(34.6, 1.0),
    )
    hidden.terms.set([coffee])
    LandscapeFactory(name="No boundary yet", countries=["KE"])
    return {"elgon": elgon, "mayo": mayo, "plateau": plateau, "ghana": ghana, "hidden": hidden}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Alto Mayo", "Juabeso", "Mount Elgon", "Plateau Central"]),
        ("?q=volcanic", ["Mount Elgon"]),
        ("?q=mayo", ["Alto Mayo"]),
        ("?q=coffee", ["Mount Elgon"]),
        ("?country=KE", ["Mount Elgon"]),
        ("?country=ug", ["Mount Elgon"]),
        ("?ecosystem=tropical-forest", ["Alto Mayo", "Juabeso", "Mount Elgon"]),
        ("?commodity=coffee", ["Alto Mayo", "Mount Elgon"]),
        ("?commodity=coffee&ecosystem=tropical-forest&country=PE", ["Alto Mayo"]),
        ("?partnership=mount-elgon", ["Juabeso", "Mount Elgon"]),
        ("?commodity=tea", []),
    ],
)
def test_directory_filters(client, landscapes, query, expected):
    response = client.get(DIRECTORY + query)

    assert response.status_code == 200
    assert names(response) == expected


def test_the_list_view_includes_landscapes_without_a_boundary(client, landscapes):
    response = client.get(DIRECTORY + "?view=list&country=KE")

    listed = [landscape.name for landscape in response.context["landscapes"]]
    assert listed == ["Mount Elgon", "No boundary yet"]
    assert "Secret Coffee Valley" not in response.content.decode()


def test_the_map_gets_centroids_only(client, landscapes):
    response = client.get(DIRECTORY)

    point = next(p for p in response.context["points"] if p["name"] == "Mount Elgon")
    assert set(point) == {"id", "name", "slug", "partnership", "partnership_name", "lon", "lat",
                          "area_ha", "kind"}  # fmt: skip
    assert (point["lon"], point["lat"]) == pytest.approx((34.55, 1.05), abs=1e-3)
    assert '"coordinates"' not in response.content.decode()


def test_shapes_in_view_are_the_simplified_geometry(client, landscapes):
    response = client.get(reverse("landscapes-public:shapes") + "?bbox=30,-2,40,3")

    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in data["features"]] == ["Mount Elgon"]
    assert data["features"][0]["geometry"] == landscapes["elgon"].display_geometry
    assert client.get(reverse("landscapes-public:shapes") + "?bbox=1,2").status_code == 400


def test_directory_query_count_is_constant(client):
    coffee = TaxonomyTerm.objects.get(key="coffee")

    def grow():
        for i in range(4):
            landscape = with_boundary(
                LandscapeFactory(countries=["KE", "TZ"], partnership=PartnershipFactory()),
                square(30 + i, 1.0),
            )
            landscape.terms.set([coffee])

    grow()
    assert_constant_queries(lambda: client.get(DIRECTORY), grow)
    assert_constant_queries(lambda: client.get(DIRECTORY + "?view=list&q=landscape"), grow)
    assert_constant_queries(lambda: client.get(reverse("landscapes-public:embed")), grow)


def test_the_embed_may_be_framed_and_other_pages_may_not(client, landscapes):
    embed = client.get(reverse("landscapes-public:embed") + "?partnership=mount-elgon")
    directory = client.get(DIRECTORY)

    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert directory["X-Frame-Options"] == "DENY"
    assert sorted(p["name"] for p in embed.context["points"]) == ["Juabeso", "Mount Elgon"]
    assert 'target="_blank"' in embed.content.decode() or "data-link-target" in \
        embed.content.decode()  # fmt: skip


def test_the_directory_shows_the_embed_code(client):
    body = client.get(DIRECTORY).content.decode()

    assert "&lt;iframe src=&quot;http://testserver/landscapes/embed/?partnership=" in body or \
        "&lt;iframe src=\"http://testserver/landscapes/embed/?partnership=" in body  # fmt: skip


def test_the_csv_respects_the_filters_and_neutralises_formulas(client, landscapes):
    landscapes["elgon"].name = '=HYPERLINK("http://evil")'
    landscapes["elgon"].website = "+cmd|' /C calc'!A0"
    landscapes["elgon"].save()

    response = client.get(reverse("landscapes-public:export-csv") + "?commodity=coffee")

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["name", "partnership", "countries"]
    by_name = {row[0]: row for row in rows[1:]}
    assert sorted(by_name) == ['\'=HYPERLINK("http://evil")', "Alto Mayo"]
    evil = by_name['\'=HYPERLINK("http://evil")']
    assert evil[2] == "KE UG"
    assert evil[10] == "'+cmd|' /C calc'!A0"
    assert float(by_name["Alto Mayo"][5]) == pytest.approx(-77.35, abs=1e-3)


def test_exports_of_one_landscape(client, landscapes):
    from tests.landscapes.factories import make_site

    elgon = landscapes["elgon"]
    make_site(elgon, name="Nursery", lon=34.55, lat=1.05)
    base = f"/p/{elgon.partnership.slug}/landscapes/{elgon.slug}/"

    geo = client.get(base + "export.geojson")
    profile = client.get(base + "export.json")

    assert geo["Content-Type"] == "application/geo+json"
    collection = json.loads(geo.content)
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["feature"] for f in collection["features"]] == ["landscape", "site"]
    assert collection["features"][0]["geometry"] == elgon.boundary
    assert collection["features"][1]["geometry"] == {"type": "Point", "coordinates": [34.55, 1.05]}
    assert all(f["type"] == "Feature" and "properties" in f for f in collection["features"])
    data = profile.json()
    assert data["name"] == "Mount Elgon"
    assert data["countries"] == ["KE", "UG"]
    assert data["boundary"] == elgon.boundary
    assert data["terms"]["commodity"] == [{"key": "coffee", "label": "Coffee"}]
    assert [s["name"] for s in data["sites"]] == ["Nursery"]
    hidden = landscapes["hidden"]
    assert client.get(f"/p/{hidden.partnership.slug}/landscapes/{hidden.slug}/export.json") \
        .status_code == 404  # fmt: skip
