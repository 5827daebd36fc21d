"""Where an investment's money comes from and how it moves: sources, transactions, budgets."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from finance.models.choices import (
    BudgetStatus,
    BudgetType,
    FundingStatus,
    Instrument,
    SourceType,
    TransactionType,
)
from finance.models.money import amount_field, currency_field
from hub.models import TimeStampedModel, UUIDModel
from partnerships.tenancy import TenantModel


@pghistory.track()
class FundingSource(TenantModel, UUIDModel):
    investment = models.ForeignKey(
        "finance.Investment", on_delete=models.CASCADE, related_name="funding_sources"
    )
    funder = models.ForeignKey(
        "hub.Organization",
        on_delete=models.PROTECT,
        related_name="funding_sources",
        verbose_name=_("funder"),
    )
    source_type = models.CharField(_("source type"), max_length=20, choices=SourceType.choices)
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    amount = amount_field(_("amount"))
    currency = currency_field()
    status = models.CharField(
        _("status"), max_length=10, choices=FundingStatus.choices, default=FundingStatus.PLEDGED
    )
    pledged_on = models.DateField(_("pledged on"), null=True, blank=True)
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["-amount"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="finance_funding_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder} · {self.amount} {self.currency}"


@pghistory.track()
class Transaction(TenantModel, UUIDModel):
    """An IATI transaction of an investment."""

    investment = models.ForeignKey(
        "finance.Investment", on_delete=models.CASCADE, related_name="transactions"
    )
    funding_source = models.ForeignKey(
        FundingSource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transactions",
        verbose_name=_("funding source"),
    )
    type = models.CharField(_("type"), max_length=2, choices=TransactionType.choices)
    date = models.DateField(_("date"))
    amount = amount_field(_("amount"))
    currency = currency_field()
    description = models.CharField(_("description"), max_length=300, blank=True)
    provider = models.ForeignKey(
        "hub.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider organization"),
    )
    receiver = models.ForeignKey(
        "hub.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiver organization"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["investment", "type", "date"], name="finance_tx_inv_type_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="finance_transaction_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date} · {self.amount} {self.currency}"


@pghistory.track()
class Budget(TenantModel, UUIDModel):
    """An IATI budget of an investment for one period (at most a year, per IATI)."""

    investment = models.ForeignKey(
        "finance.Investment", on_delete=models.CASCADE, related_name="budgets"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    amount = amount_field(_("amount"))
    currency = currency_field()
    type = models.CharField(
        _("type"), max_length=1, choices=BudgetType.choices, default=BudgetType.ORIGINAL
    )
    status = models.CharField(
        _("status"), max_length=1, choices=BudgetStatus.choices, default=BudgetStatus.INDICATIVE
    )

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["period_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="finance_budget_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end} · {self.amount} {self.currency}"

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})


@pghistory.track()
class ExchangeRate(TimeStampedModel):
    """Units of ``currency`` that one unit of the base currency (settings.FINANCE_BASE_CURRENCY,
    USD) buys on ``date``. Hub staff maintain them; conversions use the latest rate on or
    before the figure's date and state the date they used."""

    currency = currency_field()
    date = models.DateField(_("date"))
    rate = models.DecimalField(_("units per base currency unit"), max_digits=20, decimal_places=8)
    source = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="finance_rate_unique"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="finance_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.date}: {self.rate}"
