import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from landscapes.models import BoundaryVersion, Landscape, TaxonomyTerm
from partnerships.models import Partnership
from tests.landscapes.factories import LandscapeFactory, make_site, square, with_boundary
from tests.partnerships.factories import PartnershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "corpus"


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return buffer.getvalue()


def detail_url(landscape):
    return reverse("landscapes:landscape-detail", args=[landscape.partnership.slug, landscape.slug])


def boundary_url(landscape):
    return reverse("landscapes:boundary", args=[landscape.partnership.slug, landscape.slug])


@pytest.fixture
def editor_client(client, member_factory):
    membership = member_factory("editor")
    client.force_login(membership.user)
    client.partnership = membership.partnership
    return client


def test_the_profile_of_a_public_partnerships_landscape_needs_no_sign_in(client):
    landscape = with_boundary(LandscapeFactory(name="Mount Elgon"), square(34.0, 1.0))
    landscape.terms.set([TaxonomyTerm.objects.get(key="coffee")])
    make_site(landscape, name="Kapsokwony nursery", lon=34.05, lat=1.05)

    response = client.get(detail_url(landscape), HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Mount Elgon" in body and "Kapsokwony nursery" in body
    assert "Café" in body  # the term in the reader's language
    digits = f"{int(landscape.area_ha.quantize(Decimal('1'), rounding=ROUND_HALF_UP)):,}".split(",")
    assert re.search(r"landscape-area\">" + r"\D{0,8}".join(digits) + "<", body)
    map_data = response.context["map_data"]
    assert map_data["boundary"]["type"] == "Polygon"
    assert [f["properties"]["name"] for f in map_data["sites"]["features"]] == [
        "Kapsokwony nursery"
    ]
    assert reverse("landscapes:boundary", args=[landscape.partnership.slug, landscape.slug]) \
        not in body  # fmt: skip


@pytest.mark.parametrize(
    "visibility, approval",
    [("private", "approved"), ("public", "proposed")],
)
def test_a_landscape_of_a_non_public_partnership_is_not_found_for_outsiders(
    client, user, visibility, approval
):
    landscape = LandscapeFactory(
        partnership=PartnershipFactory(visibility=visibility, approval=approval)
    )
    assert client.get(detail_url(landscape)).status_code == 404
    client.force_login(user)
    assert client.get(detail_url(landscape)).status_code == 404


def test_another_partnerships_landscape_slug_is_not_found(client):
    landscape = LandscapeFactory()
    other = PartnershipFactory()

    response = client.get(reverse("landscapes:landscape-detail", args=[other.slug, landscape.slug]))

    assert response.status_code == 404


def test_an_editor_creates_a_landscape(editor_client):
    partnership = editor_client.partnership
    coffee = TaxonomyTerm.objects.get(key="coffee")
    forest = TaxonomyTerm.objects.get(key="tropical-forest")

    response = editor_client.post(
        reverse("landscapes:landscape-create", args=[partnership.slug]),
        {"name": "Alto Mayo", "description": "Forest\n\nand coffee", "countries": ["PE"],
         "area_types": ["forest"], "commodities": [coffee.pk], "ecosystem_types": [forest.pk]},
    )  # fmt: skip

    landscape = Landscape.objects.get(partnership=partnership)
    assert response.status_code == 302
    assert response["Location"] == boundary_url(landscape)
    assert landscape.slug == "alto-mayo"
    assert landscape.description == "<p>Forest</p><p>and coffee</p>"
    assert set(landscape.terms.all()) == {coffee, forest}


def test_an_image_without_alt_text_is_a_form_error(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    partnership = editor_client.partnership
    response = editor_client.post(
        reverse("landscapes:landscape-create", args=[partnership.slug]),
        {"name": "X", "image": SimpleUploadedFile("a.png", png_bytes(), "image/png")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["image_alt"]
    assert not Landscape.objects.filter(partnership=partnership).exists()


def test_a_viewer_may_not_edit(client, member_factory):
    membership = member_factory("viewer")
    landscape = LandscapeFactory(partnership=membership.partnership)
    client.force_login(membership.user)

    assert client.get(boundary_url(landscape)).status_code == 403
    response = client.post(boundary_url(landscape), {"action": "point", "lon": "34", "lat": "1"})
    assert response.status_code == 403
    landscape.refresh_from_db()
    assert landscape.boundary is None


def test_uploading_a_boundary_file_stores_it(editor_client):
    landscape = LandscapeFactory(partnership=editor_client.partnership)

    with open(CORPUS / "elgon.kml", "rb") as file:
        response = editor_client.post(boundary_url(landscape), {"action": "upload", "file": file})

    assert response.status_code == 302
    landscape.refresh_from_db()
    assert landscape.boundary_kind == "polygon"
    assert landscape.boundary_source == "kml"
    assert landscape.area_ha > 0


@pytest.mark.parametrize("name", ["billion_laughs.kml", "no_prj.zip", "png_renamed.kml",
                                  "out_of_range.geojson"])  # fmt: skip
def test_a_bad_file_is_a_form_error_and_nothing_is_stored(editor_client, name):
    landscape = with_boundary(LandscapeFactory(partnership=editor_client.partnership),
                              square(34.0, 1.0))  # fmt: skip

    with open(CORPUS / name, "rb") as file:
        response = editor_client.post(boundary_url(landscape), {"action": "upload", "file": file})

    assert response.status_code == 400
    errors = response.context["upload_form"].errors["file"]
    assert len(errors) == 1 and len(errors[0]) > 20
    assert errors[0] in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    landscape.refresh_from_db()
    assert landscape.boundary == square(34.0, 1.0)
    assert BoundaryVersion.objects.count() == 0


def test_a_drawn_boundary_is_saved_and_the_overlap_is_shown(editor_client):
    partnership = editor_client.partnership
    with_boundary(LandscapeFactory(partnership=partnership, name="Neighbour"),
                  square(34.0, 1.0, 0.2))  # fmt: skip
    landscape = LandscapeFactory(partnership=partnership)

    response = editor_client.post(
        boundary_url(landscape),
        {"action": "draw", "geometry": json.dumps(square(34.1, 1.1, 0.2))},
        follow=True,
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "This boundary overlaps “Neighbour”" in body
    assert 'data-testid="overlap-warning"' in body
    assert len(response.context["map_data"]["overlaps"]) == 1
    landscape.refresh_from_db()
    assert landscape.boundary_source == "drawn"


def test_an_empty_drawing_is_a_form_error(editor_client):
    landscape = LandscapeFactory(partnership=editor_client.partnership)

    response = editor_client.post(boundary_url(landscape), {"action": "draw", "geometry": ""})

    assert response.status_code == 400
    assert response.context["draw_form"].errors["geometry"] == [
        "Draw the boundary on the map first."
    ]


def test_restoring_an_earlier_boundary(editor_client):
    landscape = with_boundary(LandscapeFactory(partnership=editor_client.partnership),
                              square(34.0, 1.0))  # fmt: skip
    with_boundary(landscape, square(36.0, 1.0))
    version = BoundaryVersion.objects.get(landscape=landscape)

    editor_client.post(boundary_url(landscape), {"action": "restore", "version": version.uuid})

    landscape.refresh_from_db()
    assert landscape.bbox == (34.0, 1.0, 34.1, 1.1)
    assert BoundaryVersion.objects.filter(landscape=landscape).count() == 2


def test_the_landscape_list_query_count_is_constant(client):
    partnership = PartnershipFactory()
    url = reverse("landscapes:landscape-list", args=[partnership.slug])

    def grow():
        for i in range(3):
            landscape = with_boundary(LandscapeFactory(partnership=partnership),
                                      square(30 + i, 1.0))  # fmt: skip
            landscape.terms.set(TaxonomyTerm.objects.filter(key__in=["coffee", "tea"]))

    grow()
    assert_constant_queries(lambda: client.get(url), grow)


def test_the_partnership_profile_lists_its_landscapes(client):
    landscape = LandscapeFactory(name="Cantareira")

    response = client.get(reverse("partnerships:profile", args=[landscape.partnership.slug]))

    assert response.status_code == 200
    assert 'data-testid="partnership-landscapes"' in response.content.decode()
    assert detail_url(landscape) in response.content.decode()


def test_the_sitemap_lists_only_public_pages(client):
    public = with_boundary(LandscapeFactory(slug="public-one"), square(34.0, 1.0))
    private = LandscapeFactory(
        slug="private-one", partnership=PartnershipFactory(visibility="private")
    )
    proposed = LandscapeFactory(
        slug="proposed-one", partnership=PartnershipFactory(approval="proposed")
    )

    response = client.get("/sitemap.xml")

    body = response.content.decode()
    assert response.status_code == 200
    assert f"{detail_url(public)}</loc>" in body
    assert f"/p/{public.partnership.slug}/</loc>" in body
    for hidden in (private, proposed):
        assert hidden.slug not in body and f"/p/{hidden.partnership.slug}/" not in body
    assert body.count("<loc>") == 1 + Partnership.objects.public().count() + 1
