"""Prices as marketplace sellers write them: "$1,299.99", "1.299,99 €", "£12", "USD 45.00".

A seller sells in one currency and writes prices one way; the truth keeps the amount as a
Decimal and the ISO currency code.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CURRENCIES = ("USD", "EUR", "GBP")
USD_TO = {"USD": Decimal(1), "EUR": Decimal("0.92"), "GBP": Decimal("0.79")}
STYLES_PER_CURRENCY = {"USD": 2, "EUR": 3, "GBP": 2}
CENT = Decimal("0.01")


def convert(amount_usd: Decimal, currency: str) -> Decimal:
    return (amount_usd * USD_TO[currency]).quantize(CENT, ROUND_HALF_UP)


def charm(amount: Decimal, ending: str) -> Decimal:
    """A shop price: 1,287.43 -> 1,287.99 ("99"), 1,288.00 ("00"), or unchanged ("")."""
    if ending == "99":
        return amount.to_integral_value(rounding="ROUND_FLOOR") + Decimal("0.99")
    if ending == "00":
        return amount.to_integral_value(rounding=ROUND_HALF_UP).quantize(CENT)
    return amount


def format_price(amount: Decimal, currency: str, style: int) -> str:
    """The price text a seller of `currency` writing in `style` shows for `amount`."""
    style %= STYLES_PER_CURRENCY[currency]
    english = f"{amount:,.2f}"
    continental = english.replace(",", " ").replace(".", ",").replace(" ", ".")
    if currency == "USD":
        return f"${english}" if style == 0 else f"USD {amount:.2f}"
    if currency == "EUR":
        return (f"{continental} €", f"€{continental}", f"EUR {continental}")[style]
    if style == 0:
        whole = amount == amount.to_integral_value()
        return f"£{amount:,.0f}" if whole else f"£{english}"
    return f"GBP {english}"
