"""Factories for the landscapes app. Geometry goes through the services, so the
computed columns are always consistent: use ``with_boundary`` / ``SiteFactory``."""

import factory

from landscapes import services
from landscapes.models import Landscape, LandscapeGoal, Site
from tests.partnerships.factories import PartnershipFactory


def square(lon: float, lat: float, size: float = 0.1) -> dict:
    """A counter-clockwise square with its south-west corner at (lon, lat)."""
    return {
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size],
                         [lon, lat + size], [lon, lat]]],
    }  # fmt: skip


class LandscapeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Landscape

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Landscape {n}")
    slug = factory.Sequence(lambda n: f"landscape-{n}")
    description = "<p>Hills, farms and a river.</p>"
    countries = ["KE"]


def with_boundary(landscape: Landscape, geometry: dict, source: str = "geojson") -> Landscape:
    return services.landscape_set_boundary(
        landscape=landscape, geometry=geometry, source=source
    ).landscape


class LandscapeGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LandscapeGoal

    landscape = factory.SubFactory(LandscapeFactory)
    partnership = factory.SelfAttribute("landscape.partnership")
    title = factory.Sequence(lambda n: f"Goal {n}")
    target_year = 2030


def make_site(landscape: Landscape, *, name: str = "Nursery", lon: float = 34.5,
              lat: float = 1.1) -> Site:  # fmt: skip
    return services.site_create(
        landscape=landscape,
        name=name,
        kind=Site.Kind.NURSERY,
        geometry={"type": "Point", "coordinates": [lon, lat]},
    )
