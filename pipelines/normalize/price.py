"""Prices: the amount as a Decimal and the currency as an ISO 4217 code, from what a page wrote.

Parsing is price-parser's (Zyte's library, tested on thousands of real price strings); this
module only decides the currency: an ISO code the item gives as a hint wins, then the
currency the text names, then the hint's symbol; ambiguous "$" is USD unless the country the
price is written for says otherwise (see currency.BY_COUNTRY).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from price_parser.parser import extract_currency_symbol, extract_price_text, parse_number

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
    # price_parser.Price.fromstring, step by step, so that the amount comes from _amount
    currency_text = extract_currency_symbol(cleaned, hint)
    if currency_text is not None:
        currency_text = currency_text.strip()
    if decimal_separator is None:
        amount = _amount(cleaned)
    else:
        amount_text = extract_price_text(cleaned) if cleaned is not None else None
        amount = None if amount_text is None else parse_number(amount_text, decimal_separator)
    if is_iso_code(hint):
        currency = hint.strip().upper()
    else:
        currency = currency_code(currency_text, country)
    return ParsedPrice(amount=amount, currency=currency, currency_text=currency_text)


def amount_and_currency(
    text: str | None, currency_hint: str | None = None
) -> tuple[Decimal | None, str | None]:
    """parse_price(text, currency_hint)'s amount and currency. When the hint is an ISO code,
    which wins, the currency the text names is not looked for: price-parser's search through
    every symbol it knows is most of a plain price's parse (normalization's case)."""
    hint = None if currency_hint is None else clean_text(currency_hint)
    if hint is not None and is_iso_code(hint):
        return _amount(clean_text(text)), hint.strip().upper()
    cleaned = None if text is None else clean_text(text)
    if cleaned is not None and (plain := _PLAIN_AMOUNT.fullmatch(cleaned)):
        # the currency of "USD 1991.83" is that of "USD 0": no currency symbol holds a digit
        # or starts with ".", and price-parser's patterns tell digits apart from letters
        # only, so the number takes no part in finding the currency, and a few spellings
        # ("USD 0", "$0", "0 EUR") cover a crawl's prices
        start, end = plain.span(1)
        return _amount(cleaned), _plain_currency(f"{cleaned[:start]}0{cleaned[end:]}", hint)
    parsed = parse_price(text, currency_hint)
    return parsed.amount, parsed.currency


def parse_amount(text: str | None) -> Decimal | None:
    """The amount alone: parse_price(text).amount without working out the currency, which is
    most of price-parser's time (validation checks every item's amount; normalization then
    finds it in _amount's cache)."""
    return _amount(clean_text(text))


# "USD 1991.83", "$1,181.83", "EUR 1.403,99", "985,99 €": one number of digits, points and
# commas, and around it no other digit, point, comma, apostrophe or percent sign. price-parser
# finds just that number in such a text (a euro sign, which it takes for a decimal separator
# only between digits, changes nothing), so its parse_number reads the amount without its
# search of the whole text, the costly part (test_price.py holds the shortcut to
# price-parser's own reading)
# (the text before the number is matched greedily: it holds no digit, so it ends where the
# number begins either way, and a greedy run of one class is the regex engine's fast loop)
_PLAIN_AMOUNT = re.compile(r"[^\d.,'%]*([0-9](?:[0-9.,]*[0-9])?)[^\d.,'%]*")
# a number Decimal reads as price-parser would: digits, then at most two decimals
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")


# validation reads an item's amount, then normalization reads the same text again: the
# cache answers the second time (a few items apart at most, so a small cache does)
@lru_cache(maxsize=256)
def _amount(cleaned: str | None) -> Decimal | None:
    if cleaned is None:
        return None
    if plain := _PLAIN_AMOUNT.fullmatch(cleaned):
        number = plain[1]
        return Decimal(number) if _DECIMAL.fullmatch(number) else parse_number(number)
    amount_text = extract_price_text(cleaned)
    return parse_number(amount_text) if amount_text is not None else None


@lru_cache(maxsize=256)
def _plain_currency(spelling: str, hint: str | None) -> str | None:
    """parse_price(spelling, hint).currency for a cleaned price text and hint (see
    amount_and_currency)."""
    return parse_price(spelling, hint).currency
