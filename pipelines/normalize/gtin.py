"""GTINs (EAN/UPC barcodes): check digit validated, equivalent lengths spelled one way."""

from __future__ import annotations

import re

GTIN_LENGTHS = (8, 12, 13, 14)
_SEPARATORS = re.compile(r"[\s-]")


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it (weights 3, 1, 3... from the right)."""
    backwards = body[::-1]
    total = 3 * sum(map(int, backwards[0::2])) + sum(map(int, backwards[1::2]))
    return (10 - total % 10) % 10


def valid_gtin(text: str | None) -> str | None:
    """The GTIN as 13 digits (14 when its first digit is not 0), or None when invalid.

    GTIN-8, UPC-A (12) and EAN-13 left-padded with zeros name the same product, so they
    are spelled as the EAN-13 they equal; a GTIN-14 starting with 0 is that EAN-13 too.
    A number of 7 to 14 digits between the GTIN lengths is read as the next longer GTIN
    whose leading zeros were dropped (shops and spreadsheets write UPC 032429335302 as
    32429335302); its check digit must still hold.
    """
    if not text:
        return None
    digits = text if type(text) is str and text.isdigit() else _SEPARATORS.sub("", str(text))
    if not digits.isdigit() or not 7 <= len(digits) <= max(GTIN_LENGTHS):
        return None
    digits = digits.zfill(next(n for n in GTIN_LENGTHS if n >= len(digits)))
    if int(digits[-1]) != gtin_check_digit(digits[:-1]) or int(digits) == 0:
        return None
    return digits.zfill(14)[1:] if digits.zfill(14)[0] == "0" else digits
