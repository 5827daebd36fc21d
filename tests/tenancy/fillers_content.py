"""URL kwarg fillers for a partnership's stories and library proposals (/p/<slug>/)."""

from tests.landscapes.factories_content import ResourceFactory, StoryFactory
from tests.tenancy.harness import register_filler


@register_filler("story_uuid")
def _story(partnership):
    return StoryFactory(partnership=partnership).uuid


@register_filler("resource_uuid")
def _resource(partnership):
    return ResourceFactory(partnership=partnership, proposed=True).uuid
