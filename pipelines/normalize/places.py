"""Countries as ISO 3166-1 alpha-2 codes, from the codes or the names pages write."""

from __future__ import annotations

import re

import phonenumbers

# names and alpha-3 codes pages write for the countries trawl meets most; anything else
# must already be an alpha-2 code to be recognized
_COUNTRY_NAMES = {
    "usa": "US", "united states": "US", "united states of america": "US", "u s a": "US",
    "u s": "US", "america": "US",
    "can": "CA", "canada": "CA",
    "gbr": "GB", "uk": "GB", "united kingdom": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "irl": "IE", "ireland": "IE",
    "aus": "AU", "australia": "AU", "nzl": "NZ", "new zealand": "NZ",
    "deu": "DE", "germany": "DE", "deutschland": "DE",
    "fra": "FR", "france": "FR",
    "esp": "ES", "spain": "ES", "españa": "ES", "espana": "ES",
    "ita": "IT", "italy": "IT", "italia": "IT",
    "nld": "NL", "netherlands": "NL", "the netherlands": "NL", "nederland": "NL",
    "holland": "NL",
    "bel": "BE", "belgium": "BE", "che": "CH", "switzerland": "CH", "schweiz": "CH",
    "suisse": "CH", "aut": "AT", "austria": "AT", "österreich": "AT",
    "pol": "PL", "poland": "PL", "polska": "PL", "prt": "PT", "portugal": "PT",
    "swe": "SE", "sweden": "SE", "nor": "NO", "norway": "NO", "dnk": "DK", "denmark": "DK",
    "fin": "FI", "finland": "FI", "cze": "CZ", "czech republic": "CZ", "czechia": "CZ",
    "mex": "MX", "mexico": "MX", "méxico": "MX", "bra": "BR", "brazil": "BR", "brasil": "BR",
    "ind": "IN", "india": "IN", "jpn": "JP", "japan": "JP", "chn": "CN", "china": "CN",
}  # fmt: skip
_ALPHA2 = set(phonenumbers.SUPPORTED_REGIONS) - {"001"}


def country_code(country: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code of `country` ("us", "USA", "United States" → "US"), or None."""
    if not country:
        return None
    key = re.sub(r"[\s.]+", " ", country.strip().lower()).strip()
    if len(key) == 2 and key.upper() in _ALPHA2:
        return key.upper()
    return _COUNTRY_NAMES.get(key)
