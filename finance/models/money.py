"""Money columns: a Decimal amount and an ISO 4217 currency code, never a float."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from finance.currencies import CURRENCY_CHOICES

# Larger than any landscape investment (a trillion) is a typing mistake, not a figure.
MAX_AMOUNT = Decimal("999999999999.99")


def amount_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)],
        **kwargs,
    )


def currency_field(verbose_name=None, **kwargs) -> models.CharField:
    return models.CharField(
        verbose_name or _("currency"), max_length=3, choices=CURRENCY_CHOICES, **kwargs
    )
