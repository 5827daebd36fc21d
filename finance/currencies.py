"""ISO 4217 currencies (from pycountry), offered wherever an amount is entered."""

import pycountry

# Funds, precious metals and testing codes are not money a landscape invests.
_NOT_MONEY = {
    "XAG",
    "XAU",
    "XBA",
    "XBB",
    "XBC",
    "XBD",
    "XDR",
    "XPD",
    "XPT",
    "XSU",
    "XTS",
    "XUA",
    "XXX",
}

CURRENCY_CHOICES: list[tuple[str, str]] = sorted(
    (currency.alpha_3, f"{currency.alpha_3} · {currency.name}")
    for currency in pycountry.currencies
    if currency.alpha_3 not in _NOT_MONEY
)
CURRENCY_CODES: frozenset[str] = frozenset(code for code, _label in CURRENCY_CHOICES)
