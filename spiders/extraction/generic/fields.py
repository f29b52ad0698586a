"""Reading single product values: prices, currencies, availability, GTINs.

Pure functions on strings. Currencies come out as ISO 4217 codes: a symbol shared by several
currencies (`$`, `kr`, `¥`) is settled by the page's country when it names one, otherwise
by the usual default (`$` -> USD). Availability comes out as one of `AVAILABILITIES`.

These overlap with `pipelines/normalize*` (written at the same time); the lead folds them
together later. Reads no settings.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from price_parser import Price
from price_parser._currencies import CURRENCIES

AVAILABILITIES = ("InStock", "OutOfStock", "PreOrder", "Unknown")

# symbols several currencies share: the currency by the page's country, then the default
_SHARED_SYMBOLS: dict[str, tuple[str, dict[str, str]]] = {
    "$": (
        "USD",
        {
            "US": "USD",
            "CA": "CAD",
            "AU": "AUD",
            "NZ": "NZD",
            "MX": "MXN",
            "SG": "SGD",
            "HK": "HKD",
            "AR": "ARS",
            "CL": "CLP",
            "CO": "COP",
            "TW": "TWD",
            "UY": "UYU",
            "BR": "BRL",
            "JM": "JMD",
            "FJ": "FJD",
            "NA": "NAD",
            "BS": "BSD",
            "BZ": "BZD",
        },
    ),
    "kr": ("SEK", {"SE": "SEK", "NO": "NOK", "DK": "DKK", "IS": "ISK", "FO": "DKK", "GL": "DKK"}),
    "kr.": ("DKK", {"SE": "SEK", "NO": "NOK", "DK": "DKK", "IS": "ISK"}),
    "¥": ("JPY", {"JP": "JPY", "CN": "CNY"}),
    "￥": ("JPY", {"JP": "JPY", "CN": "CNY"}),
    "£": ("GBP", {"GB": "GBP", "EG": "EGP", "GI": "GIP", "FK": "FKP", "SH": "SHP"}),
    "rs": ("INR", {"IN": "INR", "PK": "PKR", "LK": "LKR", "NP": "NPR"}),
    "rs.": ("INR", {"IN": "INR", "PK": "PKR", "LK": "LKR", "NP": "NPR"}),
    "fr": ("CHF", {"CH": "CHF", "LI": "CHF"}),
    "r": ("ZAR", {"ZA": "ZAR"}),
}
_EXPLICIT_SYMBOLS = {
    "us$": "USD",
    "c$": "CAD",
    "ca$": "CAD",
    "au$": "AUD",
    "a$": "AUD",
    "nz$": "NZD",
    "hk$": "HKD",
    "s$": "SGD",
    "r$": "BRL",
    "mx$": "MXN",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "₹": "INR",
    "zł": "PLN",
    "kč": "CZK",
    "₽": "RUB",
    "руб": "RUB",
    "₺": "TRY",
    "₩": "KRW",
    "₪": "ILS",
    "₫": "VND",
    "฿": "THB",
    "₴": "UAH",
    "lei": "RON",
    "ft": "HUF",
}


def _symbol_table() -> dict[str, str]:
    """Every unambiguous symbol in price-parser's currency data, lowercased, to its code."""
    owners: dict[str, set[str]] = {}
    for code, info in CURRENCIES.items():
        for symbol in [info.get("s"), info.get("sn"), *info.get("sn2", [])]:
            if symbol:
                owners.setdefault(symbol.strip().lower(), set()).add(code)
    return {symbol: codes.pop() for symbol, codes in owners.items() if len(codes) == 1}


_SYMBOLS = _symbol_table() | _EXPLICIT_SYMBOLS


def currency_code(text: str | None, country: str | None = None) -> str | None:
    """ISO 4217 code for a currency as a page writes it (`£`, `EUR`, `US$`, `kr`), or None."""
    if not text:
        return None
    token = text.strip()
    if re.fullmatch(r"[A-Za-z]{3}", token) and token.upper() in CURRENCIES:
        return token.upper()
    key = token.lower()
    if key in _SHARED_SYMBOLS:
        default, by_country = _SHARED_SYMBOLS[key]
        return by_country.get((country or "").upper(), default)
    return _SYMBOLS.get(key)


def parse_price(text: str | None) -> tuple[Decimal | None, str | None]:
    """(amount, currency as written) from a price text: `'From £1,049.00'` -> (1049.00, '£')."""
    if text is None:
        return None, None
    price = Price.fromstring(str(text))
    return price.amount, price.currency


def amount_from_value(value) -> Decimal | None:
    """A structured-data price (`"17.99"`, `17.99`, `"1.299,00"`) as a Decimal."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = str(value).strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return Decimal(text)
    amount, _ = parse_price(text)
    return amount


def format_amount(amount: Decimal | None) -> str | None:
    """A price as plain decimal text, never in exponent form: Decimal('1E+3') -> '1000'."""
    if amount is None:
        return None
    try:
        return f"{amount:f}"
    except (InvalidOperation, ValueError):
        return None


# --- availability ---------------------------------------------------------------------------

_SCHEMA_AVAILABILITY = {
    "instock": "InStock",
    "instoreonly": "InStock",
    "onlineonly": "InStock",
    "limitedavailability": "InStock",
    "in stock": "InStock",
    "available": "InStock",
    "outofstock": "OutOfStock",
    "soldout": "OutOfStock",
    "discontinued": "OutOfStock",
    "out of stock": "OutOfStock",
    "oos": "OutOfStock",
    # back-ordered goods can be bought now and ship later, as pre-ordered ones do
    "preorder": "PreOrder",
    "presale": "PreOrder",
    "backorder": "PreOrder",
    "pre-order": "PreOrder",
    "available for order": "PreOrder",
}

# phrases a shopper reads, en/de/fr/es/it/nl; negative and pre-order phrases are tried first
# because they often contain a positive one ("nicht auf Lager", "no disponible")
_PHRASES: list[tuple[str, str]] = [
    (
        "PreOrder",
        (
            r"pre-?order|vorbestell\w*|pr[ée]-?commande|pre-?venta|reserva(?:r|lo)|"
            r"preordina\w*|pre-?ordine|voorbestel\w*|back-?order\w*|coming soon|"
            r"demn[äa]chst verf[üu]gbar|bient[ôo]t disponible"
        ),
    ),
    (
        "OutOfStock",
        (
            r"out of stock|sold out|currently unavailable|not available|unavailable|"
            r"no longer available|nicht (?:auf lager|vorr[äa]tig|verf[üu]gbar|lieferbar)|"
            r"ausverkauft|vergriffen|derzeit nicht|rupture de stock|[ée]puis[ée]e?|"
            r"(?:plus |non )disponible|indisponible|agotado|sin (?:stock|existencias)|"
            r"no disponible|esaurito|non disponibile|uitverkocht|niet (?:op voorraad|"
            r"leverbaar|beschikbaar)|tijdelijk uitverkocht"
        ),
    ),
    (
        "InStock",
        (
            r"in stock|available now|ready to ship|ships? (?:today|tomorrow|in \d)|"
            r"auf lager|sofort (?:lieferbar|verf[üu]gbar)|lieferbar|vorr[äa]tig|verf[üu]gbar|"
            r"en stock|disponible|en existencia|hay existencias|disponibile|"
            r"in magazzino|op voorraad|leverbaar|direct leverbaar|beschikbaar"
        ),
    ),
]
_PHRASE_PATTERNS = [
    (state, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)) for state, pattern in _PHRASES
]


def availability_from_value(value) -> str | None:
    """A schema.org or OpenGraph availability (`http://schema.org/InStock`, `in stock`)."""
    if value is None:
        return None
    for member in value if isinstance(value, list) else [value]:
        key = re.split(r"[/#:]", str(member).strip())[-1].strip().lower()
        key = key.replace("_", " ")
        if key in _SCHEMA_AVAILABILITY:
            return _SCHEMA_AVAILABILITY[key]
        phrase = availability_from_text(str(member))
        if phrase:
            return phrase
    return None


def availability_from_text(text: str | None) -> str | None:
    """The availability a visible phrase states (`'Nicht auf Lager'` -> OutOfStock), or None."""
    if not text:
        return None
    for state, pattern in _PHRASE_PATTERNS:
        if pattern.search(text):
            return state
    return None


# --- identifiers, ratings, counts -----------------------------------------------------------

_GTIN_LENGTHS = (8, 12, 13, 14)


def valid_gtin(value) -> str | None:
    """The GTIN's digits when its check digit holds, left-padded to a GTIN length; else None.

    Shops often drop the leading zero of a UPC (`32429335302` is UPC-A `032429335302`).
    """
    digits = re.sub(r"[\s-]", "", str(value or ""))
    if not digits.isdigit() or not 7 <= len(digits) <= 14:
        return None
    length = next(n for n in _GTIN_LENGTHS if n >= len(digits))
    digits = digits.zfill(length)
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return digits if (10 - total % 10) % 10 == check else None
