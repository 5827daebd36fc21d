from decimal import Decimal

import pytest

from hub.services import ApplicationError
from landscapes import services
from landscapes.models import BoundaryVersion, Landscape, TaxonomyTerm
from tests.hub.factories import UserFactory
from tests.landscapes.factories import LandscapeFactory, square, with_boundary
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

BOWTIE = {"type": "Polygon", "coordinates": [[[34.0, 1.0], [34.2, 1.2], [34.2, 1.0],
                                              [34.0, 1.2], [34.0, 1.0]]]}  # fmt: skip


def test_create_sanitizes_rich_text_and_makes_a_unique_slug(partnership):
    LandscapeFactory(partnership=partnership, slug="mount-elgon")
    coffee = TaxonomyTerm.objects.get(key="coffee")

    landscape = services.landscape_create(
        partnership=partnership,
        name="Mount Elgon",
        description='<p onclick="x()">Slopes</p><script>alert(1)</script>',
        countries=["KE", "UG"],
        area_types=["mountain"],
        terms=[coffee],
    )

    assert landscape.slug == "mount-elgon-2"
    assert landscape.description == "<p>Slopes</p>"
    assert [str(c) for c in landscape.countries] == ["KE", "UG"]
    assert list(landscape.terms.all()) == [coffee]
    assert landscape.boundary is None and landscape.boundary_kind == "none"


def test_create_refuses_a_reserved_or_taken_slug(partnership):
    LandscapeFactory(slug="taken")
    for slug in ("new", "taken"):
        with pytest.raises(ApplicationError) as error:
            services.landscape_create(partnership=partnership, name="X", slug=slug)
        assert error.value.field == "slug"
    assert Landscape.objects.filter(partnership=partnership).count() == 0


def test_setting_a_boundary_stores_the_computed_columns(partnership):
    landscape = LandscapeFactory(partnership=partnership)

    result = services.landscape_set_boundary(
        landscape=landscape, geometry=square(34.0, 1.0, 0.1), source="geojson"
    )

    stored = Landscape.objects.get(pk=landscape.pk)
    assert result.warnings == []
    assert stored.boundary_kind == "polygon"
    assert stored.boundary_source == "geojson"
    # A 0.1° square at 1°N is about 11.1 km × 11.06 km.
    assert Decimal("12200") < stored.area_ha < Decimal("12400")
    assert stored.bbox == (34.0, 1.0, 34.1, 1.1)
    assert stored.centroid == pytest.approx((34.05, 1.05), abs=1e-4)
    assert stored.display_geometry["type"] == "Polygon"


def test_replacing_a_boundary_keeps_the_old_one_in_history(partnership):
    editor = UserFactory()
    landscape = with_boundary(LandscapeFactory(partnership=partnership), square(34.0, 1.0))
    old_area = landscape.area_ha

    services.landscape_set_boundary(
        landscape=landscape, geometry=square(35.0, 1.0, 0.2), source="drawn", actor=editor
    )

    landscape.refresh_from_db()
    version = BoundaryVersion.objects.get(landscape=landscape)
    assert version.partnership == partnership
    assert version.geometry == square(34.0, 1.0)
    assert version.area_ha == old_area
    assert version.source == "geojson"
    assert version.replaced_by == editor
    assert landscape.boundary_source == "drawn"
    assert landscape.boundary_updated_by == editor
    assert landscape.bbox == (35.0, 1.0, 35.2, 1.2)


def test_a_point_replaces_a_polygon_and_keeps_it(partnership):
    landscape = with_boundary(LandscapeFactory(partnership=partnership), square(34.0, 1.0))

    result = services.landscape_set_point(landscape=landscape, lon=34.5, lat=1.25)

    assert result.landscape.boundary == {"type": "Point", "coordinates": [34.5, 1.25]}
    assert result.landscape.boundary_kind == "point"
    assert result.landscape.area_ha is None
    assert result.landscape.centroid == (34.5, 1.25)
    assert BoundaryVersion.objects.filter(landscape=landscape, kind="polygon").count() == 1


def test_overlap_with_a_landscape_of_the_same_partnership_is_a_warning(partnership):
    neighbour = with_boundary(
        LandscapeFactory(partnership=partnership, name="Neighbour"), square(34.0, 1.0, 0.2)
    )
    with_boundary(LandscapeFactory(partnership=partnership, name="Far away"), square(40.0, 1.0))
    # Same place, another partnership: not this partnership's concern.
    with_boundary(LandscapeFactory(partnership=PartnershipFactory()), square(34.0, 1.0, 0.2))
    landscape = LandscapeFactory(partnership=partnership)

    result = services.landscape_set_boundary(
        landscape=landscape, geometry=square(34.1, 1.1, 0.2), source="drawn"
    )

    assert [o.landscape for o in result.overlaps] == [neighbour]
    assert result.warnings == [
        "This boundary overlaps “Neighbour”, another landscape of the partnership."
    ]
    overlap = result.overlaps[0].geometry
    assert overlap["type"] == "Polygon"
    xs = [x for x, _y in overlap["coordinates"][0]]
    assert (min(xs), max(xs)) == pytest.approx((34.1, 34.2))
    # Stored anyway: an overlap warns, it does not block.
    assert Landscape.objects.get(pk=landscape.pk).boundary_kind == "polygon"


def test_touching_bounding_boxes_without_shared_area_give_no_warning(partnership):
    with_boundary(LandscapeFactory(partnership=partnership), square(34.0, 1.0, 0.1))
    landscape = LandscapeFactory(partnership=partnership)

    result = services.landscape_set_boundary(
        landscape=landscape, geometry=square(34.1, 1.0, 0.1), source="drawn"
    )

    assert result.overlaps == [] and result.warnings == []


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Polygon", "coordinates": [[[34, 1], [200, 1], [34, 2], [34, 1]]]},
        {"type": "LineString", "coordinates": [[34, 1], [35, 2]]},
        {"type": "Polygon", "coordinates": [[[34, 1], [35, 1]]]},
        "not a geometry",
    ],
    ids=["out-of-range", "line", "too-few-vertices", "string"],
)
def test_invalid_geometry_is_refused_and_nothing_is_stored(partnership, geometry):
    landscape = with_boundary(LandscapeFactory(partnership=partnership), square(34.0, 1.0))

    with pytest.raises(ApplicationError) as error:
        services.landscape_set_boundary(landscape=landscape, geometry=geometry, source="drawn")

    assert error.value.field == "boundary"
    assert error.value.message
    stored = Landscape.objects.get(pk=landscape.pk)
    assert stored.boundary == square(34.0, 1.0)
    assert BoundaryVersion.objects.filter(landscape=landscape).count() == 0


def test_a_self_intersecting_polygon_is_refused_with_where_it_crosses(partnership):
    landscape = LandscapeFactory(partnership=partnership)

    with pytest.raises(ApplicationError) as error:
        services.landscape_set_boundary(landscape=landscape, geometry=BOWTIE, source="drawn")

    assert error.value.message.startswith("Ring 1 of polygon 1 crosses itself near 34.1, 1.1.")
    assert Landscape.objects.get(pk=landscape.pk).boundary is None


def test_clearing_keeps_the_boundary_in_history(partnership):
    landscape = with_boundary(LandscapeFactory(partnership=partnership), square(34.0, 1.0))

    services.landscape_clear_boundary(landscape=landscape)

    landscape.refresh_from_db()
    assert landscape.boundary is None and landscape.bbox is None and landscape.area_ha is None
    assert BoundaryVersion.objects.get(landscape=landscape).geometry == square(34.0, 1.0)


def test_an_image_needs_alt_text(partnership):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.landscapes.test_pages import png_bytes

    image = SimpleUploadedFile("view.png", png_bytes(), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.landscape_create(partnership=partnership, name="X", image=image)
    assert "image_alt" in error.value.message_dict
    assert not Landscape.objects.filter(partnership=partnership).exists()


def test_sites_and_goals_belong_to_the_landscapes_partnership(partnership):
    landscape = LandscapeFactory(partnership=partnership)

    site = services.site_create(
        landscape=landscape, name="Nursery", kind="nursery", geometry=square(34.0, 1.0, 0.01)
    )
    goal = services.goal_create(landscape=landscape, title="Restore", target_year=2030)

    assert site.partnership == partnership and goal.partnership == partnership
    assert site.geometry_kind == "polygon" and site.area_ha > 0
    with pytest.raises(ApplicationError):
        services.site_update(site=site, geometry={"type": "Point", "coordinates": [999, 0]})
    site.refresh_from_db()
    assert site.geometry_kind == "polygon"


def test_the_taxonomy_has_labels_in_four_languages():
    from django.utils import translation

    forest = TaxonomyTerm.objects.get(key="tropical-forest")
    labels = {}
    for language in ("en", "es", "fr", "pt"):
        with translation.override(language):
            labels[language] = forest.label
    assert labels == {"en": "Tropical forest", "es": "Bosque tropical",
                      "fr": "Forêt tropicale", "pt": "Floresta tropical"}  # fmt: skip
    assert TaxonomyTerm.objects.count() >= 30
    assert not TaxonomyTerm.objects.filter(label_es="").exists()
