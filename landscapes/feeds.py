"""RSS 2.0 and Atom 1.0 feeds of published stories (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from landscapes import selectors_content as selectors

FEED_ITEMS = 20


class StoriesRssFeed(Feed):
    title = _("Landscape Hub stories")
    link = reverse_lazy("stories:list")
    description = _("Stories from landscape partnerships and the hub.")

    def items(self):
        return selectors.story_public_list()[:FEED_ITEMS]

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return story.summary

    def item_link(self, story):
        return reverse("stories:detail", args=[story.uuid])

    def item_guid(self, story):
        return f"urn:uuid:{story.uuid}"

    item_guid_is_permalink = False

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.updated_at

    def item_author_name(self, story):
        return story.partnership.name if story.partnership_id else "Landscape Hub"

    def item_categories(self, story):
        return [landscape.name for landscape in story.landscapes.all()]


class StoriesAtomFeed(StoriesRssFeed):
    feed_type = Atom1Feed
    subtitle = StoriesRssFeed.description
