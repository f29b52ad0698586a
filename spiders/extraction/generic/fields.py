"""Reading single product values the way structured data and pages write them.

The rules themselves are the pipelines' (`pipelines.normalize`: currencies to ISO 4217 with
the page's country settling shared symbols, availability words and schema.org values in
several languages, GTIN check digits), so a generic spider's items and a site spider's
items read alike. This module only adapts them to extraction: structured-data amounts that
are numbers, availability lists, and "nothing stated" as None rather than "Unknown".
Reads no settings.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipelines.normalize import availability, parse_price

AVAILABILITIES = ("InStock", "OutOfStock", "PreOrder", "Unknown")


def amount_from_value(value) -> Decimal | None:
    """A structured-data price (`"17.99"`, `17.99`, `"1.299,00"`) as a Decimal."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = str(value).strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return Decimal(text)
    return parse_price(text).amount


def format_amount(amount: Decimal | None) -> str | None:
    """A price as plain decimal text, never in exponent form: Decimal('1E+3') -> '1000'."""
    if amount is None:
        return None
    try:
        return f"{amount:f}"
    except (InvalidOperation, ValueError):
        return None


def stated_availability(value) -> str | None:
    """The availability a schema.org / OpenGraph value or a visible phrase states
    (`http://schema.org/InStock`, `in stock`, `Nicht auf Lager`); None when it states none.
    A list gives its first member that states one."""
    for member in value if isinstance(value, list) else [value]:
        if member is not None:
            state = availability(str(member))
            if state != "Unknown":
                return state
    return None
