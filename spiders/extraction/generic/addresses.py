"""Reading postal addresses: schema.org PostalAddress items and address lines in text.

An address comes out as `{"street", "city", "region", "postal_code", "country", "raw"}`:
`country` an ISO 3166-1 alpha-2 code when the country is known, `raw` the address on one
line as the page wrote it; parts the page does not give are None. US lines are split by
`pipelines.normalize.parse_address` (usaddress); a European-style line ("street, 18220
Granada, Spain") by a pattern; anything else keeps only `raw`. Reads no settings.
"""

from __future__ import annotations

import re

from pipelines.normalize import country_code, parse_address

ADDRESS_PARTS = ("street", "city", "region", "postal_code", "country")

_US_LINE = re.compile(r",?\s*\b[A-Z]{2}\.?\s+\d{5}(?:-\d{4})?\b")
_EUROPEAN_LINE = re.compile(
    r"^(?P<street>.+?),\s*(?P<postal_code>(?:[A-Z]{1,2}-)?\d{4,5}(?:\s?[A-Z]{2})?)\s+"
    r"(?P<city>[^,\d][^,]*?)(?:,\s*(?P<country>[^,\d]+))?$"
)


def empty_address() -> dict:
    return {part: None for part in (*ADDRESS_PARTS, "raw")}


def is_empty(address: dict | None) -> bool:
    return not address or not any(address.get(part) for part in (*ADDRESS_PARTS, "raw"))


def address_from_schema(value, text_of=None) -> dict | None:
    """An address from a schema.org `address` value: a PostalAddress item or a plain line.

    `text_of(node, key)` reads a property as text (StructuredData.text); plain dict access
    is used when it is not given.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return address_from_text(value)
    if not isinstance(value, dict):
        return None
    read = text_of or (lambda node, key: _plain_text(node.get(key)))
    address = empty_address()
    address["street"] = read(value, "streetAddress")
    address["city"] = read(value, "addressLocality")
    address["region"] = read(value, "addressRegion")
    address["postal_code"] = read(value, "postalCode")
    country = read(value, "addressCountry")
    address["country"] = country_code(country) if country else None
    town = " ".join(part for part in (address["postal_code"], address["city"]) if part)
    parts = [address["street"], town, address["region"], country]
    address["raw"] = ", ".join(part for part in parts if part) or None
    return None if is_empty(address) else address


def address_from_text(text: str | None, country: str | None = None) -> dict | None:
    """An address from one line of text; parts split when the line's shape is known."""
    line = re.sub(r"\s+", " ", (text or "").replace("\n", ", ")).strip(" ,")
    line = re.sub(r"(?:,\s*)+", ", ", line)
    if not line or len(line) > 300 or not re.search(r"\d|,", line):
        return None
    address = empty_address()
    address["raw"] = line
    if _US_LINE.search(line) and (country in (None, "US")):
        _fill_from_usaddress(address, line)
    else:
        match = _EUROPEAN_LINE.match(line)
        if match:
            address.update(
                street=_without_leading_name(match["street"]),
                postal_code=match["postal_code"].strip(),
                city=match["city"].strip(),
                country=country_code(match["country"]) if match["country"] else None,
            )
    return address


def _without_leading_name(street: str) -> str:
    """`'Bäckerei Korn, Hauptstraße 5'` -> `'Hauptstraße 5'`: a block's first line is often
    the business's name; a line without digits before the one with the house number is."""
    parts = [part.strip() for part in street.split(",")]
    while len(parts) > 1 and not re.search(r"\d", parts[0]) and re.search(r"\d", parts[1]):
        parts = parts[1:]
    return ", ".join(parts)


def address_line(address: dict | None) -> str | None:
    """The address on one line, for `LeadItem.address`."""
    if not address:
        return None
    if address.get("raw"):
        return address["raw"]
    parts = [address.get(part) for part in ADDRESS_PARTS]
    return ", ".join(part for part in parts if part) or None


def _fill_from_usaddress(address: dict, line: str) -> None:
    parsed = parse_address(line, "US")
    if parsed is None or not (parsed.street or parsed.city or parsed.postal_code):
        return  # not a line usaddress can read
    address.update(
        street=parsed.street,
        city=parsed.city,
        region=parsed.region,
        postal_code=parsed.postal_code,
        country="US",
    )


def _plain_text(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    text = re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""
    return text or None
