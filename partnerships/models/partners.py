import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import UUIDModel
from partnerships.tenancy import TenantModel


@pghistory.track()
class PartnerOrganization(TenantModel, UUIDModel):
    """A hub Organization taking part in a partnership in a given role."""

    class Role(models.TextChoices):
        CONVENING = "convening", _("Convening / lead")
        IMPLEMENTING = "implementing", _("Implementing")
        TECHNICAL = "technical", _("Technical")
        FINANCIAL = "financial", _("Financial / funder")
        GOVERNMENT = "government", _("Government")
        COMMUNITY = "community", _("Community")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        RESEARCH = "research", _("Research")

    organization = models.ForeignKey(
        "hub.Organization", on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    joined_on = models.DateField(_("partner since"), null=True, blank=True)
    left_on = models.DateField(_("partner until"), null=True, blank=True)
    contribution = models.TextField(_("contribution"), blank=True)

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organization", "role"], name="partner_org_role_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(joined_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="partner_org_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_role_display()}"


@pghistory.track()
class PartnerContact(TenantModel, UUIDModel):
    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
