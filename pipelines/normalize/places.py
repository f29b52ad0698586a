"""Countries as ISO 3166-1 alpha-2 codes, from the codes or the names pages write.

The names trawl meets most (and alpha-3 codes) are in a table; any other name is looked up
among the country names libphonenumber carries in some 80 languages ("Espagne", "Россия"),
loaded on the first such name only. That table is read from its own file: importing it the
usual way (`phonenumbers.geodata.locale`) first runs the `geodata` package, which loads
about 20 MB of geocoding data (tens of seconds where bytecode is not cached).
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

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
    key = re.sub(r"[\s.]+", " ", country.strip().strip(",").lower()).strip()
    if len(key) == 2 and key.upper() in _ALPHA2:
        return key.upper()
    if len(key) < 3 or key in _COUNTRY_NAMES:
        return _COUNTRY_NAMES.get(key)
    return _names_in_every_language().get(key)


@cache
def _names_in_every_language() -> dict[str, str]:
    """Lowercased country names in every language libphonenumber knows, to alpha-2 codes."""
    names: dict[str, str] = {}
    for code, by_language in _locale_data().items():
        if code not in _ALPHA2:
            continue
        for name in by_language.values():
            if name and not name.startswith("*"):  # "*en": the same name as in English
                names.setdefault(re.sub(r"[\s.]+", " ", name.lower()).strip(), code)
    return names


def _locale_data() -> dict[str, dict[str, str]]:
    """libphonenumber's country names by region and language, without its geocoding data."""
    path = Path(phonenumbers.__file__).parent / "geodata" / "locale.py"
    spec = importlib.util.spec_from_file_location("trawl_phonenumbers_locale", path)
    if spec is None or spec.loader is None:
        from phonenumbers.geodata.locale import LOCALE_DATA  # the slow way, still right

        return LOCALE_DATA
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "phonenumbers.geodata"  # for its `from ..util import u`
    spec.loader.exec_module(module)
    return module.LOCALE_DATA
