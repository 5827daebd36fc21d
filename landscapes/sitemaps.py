"""sitemap.xml: the public pages of public partnerships and their landscapes."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as BaseSitemap
from django.urls import reverse

from landscapes import selectors


class Sitemap(BaseSitemap):
    """Absolute addresses from SITE_URL (not the sites framework's example.com)."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"


class PartnershipSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return selectors.sitemap_partnerships()

    def location(self, partnership):
        return reverse("partnerships:profile", args=[partnership.slug])

    def lastmod(self, partnership):
        return partnership.updated_at


class LandscapeSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return selectors.sitemap_landscapes()

    def location(self, landscape):
        return reverse(
            "landscapes:landscape-detail", args=[landscape.partnership.slug, landscape.slug]
        )

    def lastmod(self, landscape):
        return landscape.updated_at


class DirectorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["landscapes-public:directory"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "directory": DirectorySitemap,
    "partnerships": PartnershipSitemap,
    "landscapes": LandscapeSitemap,
}
