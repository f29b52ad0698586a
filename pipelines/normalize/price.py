"""Prices: the amount as a Decimal and the currency as an ISO 4217 code, from what a page wrote.

Parsing is price-parser's (Zyte's library, tested on thousands of real price strings); this
module only decides the currency: an ISO code the item gives as a hint wins, then the
currency the text names, then the hint's symbol; ambiguous "$" is USD unless the country the
price is written for says otherwise (see currency.BY_COUNTRY).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from price_parser import Price
from price_parser.parser import extract_price_text, parse_number

from pipelines.normalize.currency import currency_code, is_iso_code
from pipelines.normalize.text import clean_text


@dataclass(frozen=True)
class ParsedPrice:
    amount: Decimal | None  # None when the text holds no number
    currency: str | None  # ISO 4217, None when unknown or ambiguous
    currency_text: str | None  # the symbol or word the text used, as price-parser read it


def parse_price(
    text: str | None,
    currency_hint: str | None = None,
    decimal_separator: str | None = None,
    country: str | None = None,
) -> ParsedPrice:
    """Read "$1,299.99", "1.299,99 €", "£12" or "USD 45.00" into an amount and a currency.

    `currency_hint` is what else the page said about the currency (an ISO code, a symbol,
    or text near the price); `decimal_separator` forces "." or "," when the page's locale
    is known; `country` is the country the price is written for ("$" in "CA" is CAD).
    """
    cleaned = clean_text(text)
    hint = clean_text(currency_hint)
    parsed = Price.fromstring(cleaned, currency_hint=hint, decimal_separator=decimal_separator)
    if is_iso_code(hint):
        currency = hint.strip().upper()
    else:
        currency = currency_code(parsed.currency, country)
    return ParsedPrice(amount=parsed.amount, currency=currency, currency_text=parsed.currency)


def parse_amount(text: str | None) -> Decimal | None:
    """The amount alone: parse_price(text).amount without working out the currency, which is
    most of price-parser's time (validation checks every item's amount; normalization then
    parses the price in full)."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    amount_text = extract_price_text(cleaned)
    return parse_number(amount_text) if amount_text is not None else None
