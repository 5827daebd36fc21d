"""The landscape investment portfolio of a partnership and its investments."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from finance.models.choices import InvestmentKind, RiskLevel, Sector, Stage
from finance.models.money import amount_field, currency_field
from hub.models import UUIDModel
from landscapes.models import GeometryColumns
from partnerships.tenancy import TenantModel


@pghistory.track()
class Portfolio(TenantModel, UUIDModel):
    """One per partnership: the investments it develops and seeks finance for."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    reporting_currency = currency_field(_("reporting currency"), default="USD")

    class Meta:
        verbose_name = _("investment portfolio")
        verbose_name_plural = _("investment portfolios")
        ordering = ["title"]
        permissions = [("review_portfolio", _("Review every investment of the portfolio"))]
        constraints = [
            models.UniqueConstraint(fields=["partnership"], name="finance_one_portfolio"),
        ]

    def __str__(self) -> str:
        return self.title


class PortfolioUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Portfolio, on_delete=models.CASCADE)


class PortfolioGroupObjectPermission(GroupObjectPermissionBase):
    """Funder shares are granted to the funder organization's group (see finance.review)."""

    content_object = models.ForeignKey(Portfolio, on_delete=models.CASCADE)


@pghistory.track()
class Investment(TenantModel, UUIDModel, GeometryColumns):
    """A project or enterprise of the portfolio."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="investments")
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=InvestmentKind.choices)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    stage = models.CharField(_("stage"), max_length=15, choices=Stage.choices, default=Stage.IDEA)
    total_cost = amount_field(_("total cost"))
    currency = currency_field()
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    lead_organization = models.ForeignKey(
        "hub.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_investments",
        verbose_name=_("lead organization"),
    )
    implementing_partners = models.ManyToManyField(
        "hub.Organization",
        blank=True,
        related_name="implemented_investments",
        verbose_name=_("implementing partners"),
    )
    landscape = models.ForeignKey(
        "landscapes.Landscape",
        on_delete=models.PROTECT,
        related_name="investments",
        verbose_name=_("landscape"),
    )
    site = models.ForeignKey(
        "landscapes.Site",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="investments",
        verbose_name=_("site"),
    )
    # A GeoJSON Point or Polygon inside the landscape (normalized by the service); when
    # empty, maps place the investment at its site or landscape.
    location = models.JSONField(_("location"), null=True, blank=True, editable=False)
    results = models.ManyToManyField(
        "mel.Result", blank=True, related_name="investments", verbose_name=_("expected results")
    )
    indicators = models.ManyToManyField(
        "mel.Indicator", blank=True, related_name="investments", verbose_name=_("indicators")
    )
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    on_marketplace = models.BooleanField(_("published on the marketplace"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    iati_identifier = models.CharField(
        _("IATI identifier"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty to derive one from the hub's IATI organisation identifier."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        ordering = ["name"]
        permissions = [("review_investment", _("Review the investment as a funder"))]
        indexes = [
            models.Index(fields=["partnership", "stage"], name="finance_inv_stage_idx"),
            models.Index(
                fields=["on_marketplace", "stage"],
                name="finance_inv_market_idx",
                condition=models.Q(on_marketplace=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "name"], name="finance_investment_name_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(total_cost__gte=0), name="finance_investment_cost_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="finance_investment_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end is before the start.")})
        if self.site_id and self.landscape_id and self.site.landscape_id != self.landscape_id:
            raise ValidationError({"site": _("Choose a site of the investment's landscape.")})


class InvestmentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Investment, on_delete=models.CASCADE)


class InvestmentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Investment, on_delete=models.CASCADE)


@pghistory.track()
class InvestmentDocument(TenantModel, UUIDModel):
    investment = models.ForeignKey(Investment, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="finance/documents/%Y/%m/")
    shared_with_funders = models.BooleanField(
        _("visible to funders"),
        default=True,
        help_text=_("Funders reviewing the investment can download it."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("investment document")
        verbose_name_plural = _("investment documents")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
