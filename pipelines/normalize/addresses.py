"""Postal addresses: a one-line address split into its parts, and street words spelled one way.

`parse_address` reads a US-style line ("221 E. 51st St., Chicago, IL 60615") with usaddress,
a model trained on labelled US addresses, into street (house number, street name, unit),
city, region, postal code and country. A line it cannot read (not an address, or a shape it
does not know) gives an address with only `raw` set, never a guess.

STREET_WORDS is the one table of street-word spellings (USPS Publication 28 abbreviations,
ordinals, directions); the warehouse's `street_key` SQL macro is generated from it
(warehouse/macros.py), so "1200 North Main Street" and "1200 N. Main St." match everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import usaddress

from pipelines.normalize.places import country_code
from pipelines.normalize.text import clean_text

# word as written (lowercase, no dots) -> the one spelling matching uses
STREET_WORDS = {
    # street types
    "street": "st", "str": "st", "avenue": "ave", "av": "ave", "avn": "ave", "road": "rd",
    "boulevard": "blvd", "blv": "blvd", "boul": "blvd", "drive": "dr", "drv": "dr",
    "lane": "ln", "court": "ct", "place": "pl", "square": "sq", "highway": "hwy",
    "parkway": "pkwy", "pky": "pkwy", "terrace": "ter", "circle": "cir", "trail": "trl",
    "expressway": "expy", "freeway": "fwy", "plaza": "plz", "center": "ctr", "centre": "ctr",
    "alley": "aly", "way": "way", "crossing": "xing", "route": "rte", "turnpike": "tpke",
    "mount": "mt", "saint": "st", "fort": "ft",
    # directions
    "north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne",
    "northwest": "nw", "southeast": "se", "southwest": "sw",
    # units
    "suite": "ste", "apartment": "apt", "building": "bldg", "floor": "fl", "room": "rm",
    "unit": "unit",
    # ordinals written out
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
    "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
}  # fmt: skip

# usaddress labels that make up the street line, in the order they are written
_STREET_LABELS = (
    "AddressNumberPrefix", "AddressNumber", "AddressNumberSuffix", "StreetNamePreModifier",
    "StreetNamePreDirectional", "StreetNamePreType", "StreetName", "StreetNamePostType",
    "StreetNamePostDirectional", "OccupancyType", "OccupancyIdentifier", "SubaddressType",
    "SubaddressIdentifier", "USPSBoxType", "USPSBoxID", "USPSBoxGroupType", "USPSBoxGroupID",
)  # fmt: skip
_READABLE = ("Street Address", "PO Box", "Intersection")


@dataclass(frozen=True)
class Address:
    """An address in parts; a part the line does not give is None."""

    raw: str | None
    house_number: str | None = None
    street: str | None = None  # the street line: number, name, type, unit ("221 E. 51st St.")
    city: str | None = None
    region: str | None = None  # state or province code as written ("IL")
    postal_code: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2


def parse_address(line: str | None, country: str | None = None) -> Address | None:
    """The parts of a one-line address; None for no text. Only US-style lines are split.

    `country` is what else is known of the address's country (a code or a name); a line of
    another country keeps only `raw`.
    """
    text = clean_text(line)
    if not text:
        return None
    known_country = country_code(country)
    if known_country not in (None, "US"):
        return Address(raw=text, country=known_country)
    try:
        tagged, kind = usaddress.tag(text)
    except usaddress.RepeatedLabelError:
        return Address(raw=text, country=known_country)
    if kind not in _READABLE:
        return Address(raw=text, country=known_country)
    street = " ".join(tagged[label] for label in _STREET_LABELS if label in tagged)
    state = _part(tagged.get("StateName"))
    postal_code = _part(tagged.get("ZipCode"))
    return Address(
        raw=text,
        house_number=_part(tagged.get("AddressNumber")),
        street=_part(street),
        city=_part(tagged.get("PlaceName")),
        region=state.upper().rstrip(".") if state else None,
        postal_code=postal_code,
        country=known_country or ("US" if state or postal_code else None),
    )


def _part(text: str | None) -> str | None:
    text = re.sub(r"\s+", " ", text or "").strip(" ,;")
    return text or None
