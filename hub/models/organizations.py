import pghistory
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from hub.models.base import UUIDModel
from hub.search.postgres import search_document_field

# Global search (hub/organizations/search.py) and its GIN index.
ORGANIZATION_SEARCH_FIELDS = (("name", "A"), ("acronym", "A"), ("description", "C"))


@pghistory.track(exclude=["search_document"])
class Organization(UUIDModel):
    """A partner organization known to the hub; partnerships link to these."""

    class Type(models.TextChoices):
        NGO = "ngo", _("NGO")
        GOVERNMENT = "government", _("Government")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        COMMUNITY = "community", _("Community organization")
        RESEARCH = "research", _("Research")
        FINANCE = "finance", _("Finance institution")
        DONOR = "donor", _("Donor")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="organizations/logos/", blank=True)
    description = models.TextField(_("description"), blank=True)
    search_document = search_document_field(ORGANIZATION_SEARCH_FIELDS)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [
            GinIndex(
                SearchVector("name", "acronym", "description", config="simple"),
                name="organization_search_idx",
            ),
            GinIndex(fields=["search_document"], name="organization_global_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
