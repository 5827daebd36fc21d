from tests.landscapes.factories import LandscapeFactory, LandscapeGoalFactory, make_site
from tests.tenancy.harness import register_filler


def _landscape(partnership):
    landscape = getattr(partnership, "_harness_landscape", None)
    if landscape is None:
        landscape = LandscapeFactory(partnership=partnership)
        partnership._harness_landscape = landscape
    return landscape


@register_filler("landscape_slug")
def _landscape_slug(partnership):
    return _landscape(partnership).slug


@register_filler("landscape_uuid")
def _landscape_uuid(partnership):
    return _landscape(partnership).uuid


@register_filler("site_uuid")
def _site_uuid(partnership):
    return make_site(_landscape(partnership)).uuid


@register_filler("goal_uuid")
def _goal_uuid(partnership):
    return LandscapeGoalFactory(landscape=_landscape(partnership)).uuid
