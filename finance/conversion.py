"""Currency conversion through the hub's exchange-rate table.

Rates are stored as units of a currency per unit of ``settings.FINANCE_BASE_CURRENCY``.
A conversion uses, for each currency, the latest rate on or before the date asked for,
and says which rate date it used (the older of the two when both currencies need one).
Load a ``RateTable`` once per page or report (one query) and convert many figures with it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from hub.services import ApplicationError

CENT = Decimal("0.01")


class MissingRate(ApplicationError):
    """No rate for a currency on or before a date; the message names both."""

    def __init__(self, currency: str, on: datetime.date):
        self.currency = currency
        self.on = on
        super().__init__(
            _(
                "There is no exchange rate for %(currency)s on or before %(date)s. "
                "Hub staff can add one under Finance → Exchange rates."
            )
            % {"currency": currency, "date": on.isoformat()}
        )


@dataclass(frozen=True)
class Converted:
    amount: Decimal
    currency: str
    # The date of the rate used; None when no conversion was needed.
    rate_date: datetime.date | None


class RateTable:
    """The latest rate on or before ``on`` of each currency asked for."""

    def __init__(self, currencies: Iterable[str], *, on: datetime.date):
        from finance.models import ExchangeRate

        self.on = on
        self.base = settings.FINANCE_BASE_CURRENCY
        wanted = {code for code in currencies if code and code != self.base}
        self._rates: dict[str, tuple[Decimal, datetime.date]] = {}
        if wanted:
            latest = (
                ExchangeRate.objects.filter(currency__in=wanted, date__lte=on)
                .order_by("currency", "-date")
                .distinct("currency")
                .values_list("currency", "rate", "date")
            )
            self._rates = {code: (rate, date) for code, rate, date in latest}

    def has(self, currency: str) -> bool:
        return currency == self.base or currency in self._rates

    def _rate(self, currency: str) -> tuple[Decimal, datetime.date | None]:
        if currency == self.base:
            return Decimal(1), None
        try:
            return self._rates[currency]
        except KeyError:
            raise MissingRate(currency, self.on) from None

    def convert(self, amount: Decimal, from_currency: str, to_currency: str) -> Converted:
        if from_currency == to_currency:
            return Converted(amount, to_currency, None)
        from_rate, from_date = self._rate(from_currency)
        to_rate, to_date = self._rate(to_currency)
        value = (Decimal(amount) / from_rate * to_rate).quantize(CENT, rounding=ROUND_HALF_EVEN)
        dates = [d for d in (from_date, to_date) if d is not None]
        return Converted(value, to_currency, min(dates) if dates else None)


def convert(
    amount: Decimal, from_currency: str, to_currency: str, *, on: datetime.date
) -> Converted:
    """Convert one figure (one query); use ``RateTable`` for many."""
    return RateTable({from_currency, to_currency}, on=on).convert(
        amount, from_currency, to_currency
    )
