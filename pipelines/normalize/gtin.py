"""GTINs (EAN/UPC barcodes): check digit validated, equivalent lengths spelled one way."""

from __future__ import annotations

import re

GTIN_LENGTHS = (8, 12, 13, 14)
_SEPARATORS = re.compile(r"[\s-]")


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for the ASCII digits before it (weights 3, 1, 3... from the right)."""
    codes = body.encode("ascii")[::-1]  # "0" is byte 48: a digit's value is its byte - 48
    tripled, single = codes[0::2], codes[1::2]
    total = 3 * (sum(tripled) - 48 * len(tripled)) + sum(single) - 48 * len(single)
    return (10 - total % 10) % 10


# the GTIN length a number of 7 to 14 digits is read as (its dropped leading zeros put back)
_PADDED_LENGTH = {n: next(g for g in GTIN_LENGTHS if g >= n) for n in range(7, 15)}


def valid_gtin(text: str | None) -> str | None:
    """The GTIN as 13 digits (14 when its first digit is not 0), or None when invalid.

    GTIN-8, UPC-A (12) and EAN-13 left-padded with zeros name the same product, so they
    are spelled as the EAN-13 they equal; a GTIN-14 starting with 0 is that EAN-13 too.
    A number of 7 to 14 digits between the GTIN lengths is read as the next longer GTIN
    whose leading zeros were dropped (shops and spreadsheets write UPC 032429335302 as
    32429335302); its check digit must still hold. Digits of other scripts ("٤٠٠٦...") are
    read as the digits they are; other characters that are digit-like ("²") are not digits.
    """
    if not text:
        return None
    digits = text if type(text) is str and text.isdecimal() else _SEPARATORS.sub("", str(text))
    if not digits.isdecimal():
        return None
    if not digits.isascii():
        digits = "".join(str(int(digit)) for digit in digits)
    length = _PADDED_LENGTH.get(len(digits))
    if length is None:
        return None
    digits = digits.zfill(length)
    if ord(digits[-1]) - 48 != gtin_check_digit(digits[:-1]) or not digits.strip("0"):
        return None
    return digits[1:] if length == 14 and digits[0] == "0" else digits.zfill(13)
