"""Currencies as ISO 4217 codes, from the codes, symbols and words that pages write.

A symbol several currencies share is read as one currency only where that reading dominates
on the web ("$" → USD, "£" → GBP, "Fr." → CHF, "lei" → RON); the others (AMBIGUOUS: "¥" is
yen or yuan, "kr" four kronor) give None rather than a guess presented as fact. When the
country the price is written for is known (a shop's ccTLD or locale, an address), a shared
symbol is read as that country's currency (BY_COUNTRY: "$" in Canada is CAD, "kr" in Norway
NOK); a country the table does not name changes nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.normalize.places import country_code

# active ISO 4217 codes (2024), without the test and "no currency" codes XTS and XXX
ISO_4217 = frozenset(
    """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN
BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP
ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK
JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK
MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB
TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG
XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG ZWL
""".split()  # noqa: SIM905 - a table of 180 codes reads better as text
)

# symbols and words (lowercase, trailing dots removed) that name exactly one currency
SYMBOLS = {
    # dollars: bare "$" is read as USD; prefixed forms name their country
    "$": "USD", "us$": "USD", "u$s": "USD", "usd$": "USD",
    "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD", "hk$": "HKD",
    "s$": "SGD", "nt$": "TWD", "mx$": "MXN", "r$": "BRL", "ar$": "ARS", "cl$": "CLP",
    "co$": "COP", "cuc$": "CUC", "rd$": "DOP", "j$": "JMD", "tt$": "TTD", "bz$": "BZD",
    "bds$": "BBD", "mop$": "MOP", "t$": "TOP", "$u": "UYU", "z$": "ZWL", "n$": "NAD",
    "ws$": "WST", "cv$": "CVE", "bn$": "BND", "fj$": "FJD", "sy£": "SYP", "lb£": "LBP",
    "gy$": "GYD", "bd$": "BMD", "ec$": "XCD", "l$": "LRD",
    # euro, pound, yen, yuan
    "€": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "円": "JPY", "cn¥": "CNY",
    "元": "CNY", "rmb": "CNY",
    # europe
    "zł": "PLN", "zl": "PLN", "kč": "CZK", "kc": "CZK", "ft": "HUF", "lei": "RON",
    "лв": "BGN", "lv": "BGN", "₽": "RUB", "руб": "RUB", "р": "RUB", "rub": "RUB",
    "₴": "UAH", "грн": "UAH", "₺": "TRY", "tl": "TRY", "chf": "CHF", "fr": "CHF", "sfr": "CHF",
    "₾": "GEL", "֏": "AMD", "դր": "AMD", "₼": "AZN", "ман": "AZN", "ден": "MKD",
    "дин": "RSD", "din": "RSD", "dinara": "RSD", "km": "BAM", "lek": "ALL",
    # asia and oceania
    "₹": "INR", "₪": "ILS", "₩": "KRW", "원": "KRW", "₫": "VND", "đ": "VND", "฿": "THB",
    "₱": "PHP", "₭": "LAK", "₮": "MNT", "₸": "KZT", "৳": "BDT", "៛": "KHR", "؋": "AFN",
    "rp": "IDR", "rm": "MYR", "nu": "BTN", "rf": "MVR", "сом": "KGS",
    # middle east and africa
    "kd": "KWD", "bd": "BHD", "ریال": "IRR", "₦": "NGN", "gh₵": "GHS", "₵": "GHS",
    "₡": "CRC", "₲": "PYG", "fbu": "BIF", "fdj": "DJF", "nfk": "ERN", "ld": "LYD",
    "mk": "MWK", "um": "MRU", "db": "STN", "tsh": "TZS", "dt": "TND", "ush": "UGX",
    "ksh": "KES", "zk": "ZMW", "fg": "GNF", "vt": "VUV", "r": "ZAR",
    # the americas
    "b/": "PAB", "s/": "PEN", "q": "GTQ",
}  # fmt: skip

# symbols several currencies share, or that name no current ISO currency: left unknown
AMBIGUOUS = frozenset({
    "¥", "￥",  # yen or yuan
    "kr",  # krona / krone: SEK, NOK, DKK, ISK
    "rs", "₨", "र", "रू",  # rupee: INR, PKR, LKR, NPR, SCR, MUR
    "br",  # rubles and birr: BYN, ETB
    "bs",  # bolívar or boliviano: VES, BOB
    "ƒ",  # florin: AWG, ANG
    "﷼", "ريال",  # rial / riyal: IRR, SAR, QAR, OMR, YER
    "درهم",  # dirham: AED, MAD
    "جنيه",  # pound: EGP, SDG, SSP
    "cfa", "fcfa",  # CFA franc: XOF or XAF
    "₣",  # franc, which one?
    "₤",  # lira sign: old ITL, MTL, sometimes GBP
    "تومان",  # toman: 10 Iranian rials, so an IRR amount would be off by 10
    "₿",  # bitcoin: not ISO 4217
    "kn",  # Croatian kuna, replaced by the euro in 2023
    "₶", "pte", "dem",  # historical currencies
})  # fmt: skip


# shared symbols (keys as in SYMBOLS) read in the country a price is written for
_DOLLAR_COUNTRIES = {
    "US": "USD", "CA": "CAD", "AU": "AUD", "NZ": "NZD", "MX": "MXN", "SG": "SGD", "HK": "HKD",
    "AR": "ARS", "CL": "CLP", "CO": "COP", "TW": "TWD", "UY": "UYU", "JM": "JMD", "FJ": "FJD",
    "NA": "NAD", "BS": "BSD", "BZ": "BZD", "BB": "BBD", "BN": "BND", "GY": "GYD", "LR": "LRD",
    "TT": "TTD", "SB": "SBD", "KY": "KYD", "BM": "BMD", "DO": "DOP", "CU": "CUP", "BR": "BRL",
}  # fmt: skip
_RUPEE_COUNTRIES = {"IN": "INR", "PK": "PKR", "LK": "LKR", "NP": "NPR", "SC": "SCR", "MU": "MUR"}
_YEN_COUNTRIES = {"JP": "JPY", "CN": "CNY"}
BY_COUNTRY: dict[str, dict[str, str]] = {
    "$": _DOLLAR_COUNTRIES,
    "¥": _YEN_COUNTRIES, "￥": _YEN_COUNTRIES,
    "kr": {"SE": "SEK", "NO": "NOK", "DK": "DKK", "IS": "ISK", "FO": "DKK", "GL": "DKK"},
    "£": {"GB": "GBP", "EG": "EGP", "GI": "GIP", "FK": "FKP", "SH": "SHP", "SY": "SYP", "LB": "LBP"},
    "rs": _RUPEE_COUNTRIES, "₨": _RUPEE_COUNTRIES,
    "br": {"BY": "BYN", "ET": "ETB"},
    "bs": {"VE": "VES", "BO": "BOB"},
    "ƒ": {"AW": "AWG", "CW": "ANG", "SX": "ANG"},
    "cfa": {"SN": "XOF", "CI": "XOF", "ML": "XOF", "BF": "XOF", "NE": "XOF", "TG": "XOF",
            "BJ": "XOF", "GW": "XOF", "CM": "XAF", "GA": "XAF", "CG": "XAF", "TD": "XAF",
            "CF": "XAF", "GQ": "XAF"},
}  # fmt: skip
BY_COUNTRY["fcfa"] = BY_COUNTRY["cfa"]


_WHITESPACE = re.compile(r"\s+")


# pages name a currency in a handful of spellings: most calls repeat one already read
@lru_cache(maxsize=1024)
def currency_code(text: str | None, country: str | None = None) -> str | None:
    """The ISO 4217 code a currency symbol, word or code names; None when unknown or ambiguous.

    `country` (an ISO code or a country name) is where the price is written: it settles a
    symbol several currencies share ("$" with "CA" → CAD, "kr" with "NO" → NOK).
    """
    if not text:
        return None
    key = _WHITESPACE.sub(" ", text.strip()).rstrip(".").strip().lower()
    if not key:
        return None
    if country and key in BY_COUNTRY:
        local = BY_COUNTRY[key].get(country_code(country) or "")
        if local:
            return local
    if key in AMBIGUOUS:
        return None
    if key.upper() in ISO_4217:
        return key.upper()
    return SYMBOLS.get(key)


def is_iso_code(text: str | None) -> bool:
    """Whether `text` is an ISO 4217 code ("EUR", "usd"), as opposed to a symbol or word."""
    return bool(text) and text.strip().upper() in ISO_4217
