"""An editor uploads a boundary in every supported format, draws one with leaflet-draw,
and sees it with its area on the landscape's profile map."""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.test import Client

from landscapes.models import BoundaryVersion, Landscape
from tests.landscapes.factories import LandscapeFactory
from tests.partnerships.factories import MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CORPUS = Path(__file__).resolve().parents[1] / "landscapes" / "corpus"
UPLOADS = [
    ("elgon_square.geojson", "geojson"),
    ("elgon.kml", "kml"),
    ("elgon.kmz", "kmz"),
    ("elgon_utm36n.zip", "shapefile"),
    ("elgon_track.gpx", "gpx"),
]


def hectares(landscape) -> str:
    """The area as the page shows it (floatformat:0 rounds half up)."""
    return f"{int(landscape.area_ha.quantize(Decimal('1'), rounding=ROUND_HALF_UP)):,}"


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    # No tile server in tests: the map draws on its plain background.
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())


def test_editor_uploads_each_format_and_draws_a_boundary(page, live_server):
    membership = MembershipFactory(role="editor")
    landscape = LandscapeFactory(partnership=membership.partnership, name="Mount Elgon")
    sign_in(page, live_server, membership.user)
    boundary_url = f"/p/{landscape.partnership.slug}/landscapes/{landscape.slug}/boundary/"

    for name, source in UPLOADS:
        page.goto(boundary_url)
        page.set_input_files("input[name=file]", str(CORPUS / name))
        page.get_by_role("button", name="Upload the boundary").click()
        page.wait_for_load_state()
        assert page.locator(".alert-success, .alert.alert-success").first.is_visible(), name
        landscape.refresh_from_db()
        assert landscape.boundary_source == source, name
        assert landscape.area_ha > 0, name
        area = hectares(landscape)
        assert area in page.get_by_test_id("boundary-area").inner_text(), name
        # the uploaded boundary is on the editor map
        assert page.locator("#boundary-map .leaflet-overlay-pane path").count() >= 1, name
    assert BoundaryVersion.objects.filter(landscape=landscape).count() == len(UPLOADS) - 1

    # a bad file: a clear message, nothing stored
    page.goto(boundary_url)
    page.set_input_files("input[name=file]", str(CORPUS / "billion_laughs.kml"))
    page.get_by_role("button", name="Upload the boundary").click()
    assert page.locator(".hub-field-error").first.inner_text()
    assert BoundaryVersion.objects.filter(landscape=landscape).count() == len(UPLOADS) - 1

    # draws a new boundary: remove the current one, then a square with the polygon tool
    page.goto(boundary_url)
    page.get_by_role("tab", name="Draw").click()
    page.locator("#boundary-map .leaflet-overlay-pane path").first.wait_for()
    page.locator(".leaflet-draw-edit-remove").click()
    page.get_by_role("link", name="Clear All").click()
    page.wait_for_function("document.querySelector('#id_geometry').value === ''")
    page.locator(".leaflet-draw-draw-polygon").click()
    box = page.locator("#boundary-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(cx - 80, cy - 60), (cx + 80, cy - 60), (cx + 80, cy + 60), (cx - 80, cy + 60)]
    for x, y in corners:
        page.mouse.click(x, y)
        page.wait_for_timeout(150)
    page.mouse.click(*corners[0])
    drawn = page.locator("#id_geometry").input_value()
    assert '"Polygon"' in drawn
    page.get_by_role("button", name="Save the drawn boundary").click()
    page.wait_for_load_state()

    landscape = Landscape.objects.get(pk=landscape.pk)
    assert landscape.boundary_source == "drawn"
    assert len(landscape.boundary["coordinates"][0]) == 5
    assert landscape.area_ha > 0

    # the profile map shows it, with its area
    page.goto(f"/p/{landscape.partnership.slug}/landscapes/{landscape.slug}/")
    page.wait_for_selector("#landscape-map[data-ready=true]")
    assert page.locator("#landscape-map .leaflet-overlay-pane path").count() == 1
    area = hectares(landscape)
    assert area in page.get_by_test_id("landscape-area").inner_text()
