"""Reading contact values: phone numbers, e-mail addresses (de-obfuscated), countries.

Phones come out as `{"raw": "958 37 30 46", "e164": "+34958373046"}`: the number as the
page writes it, and its E.164 form when libphonenumber can parse it for the business's
country (`e164` is None otherwise). E-mails come out lowercased. Countries come out as
ISO 3166-1 alpha-2 codes, from a code or from a country name in any language libphonenumber
knows. These overlap with `pipelines/normalize*`; the lead folds them together later.
Reads no settings.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import unquote

import phonenumbers
from phonenumbers.geodata.locale import LOCALE_DATA

# --- phones ---------------------------------------------------------------------------------


def phone_entry(raw: str | None, country: str | None = None) -> dict | None:
    """`{"raw", "e164"}` for a phone as written (`tel:` links too), or None if it has no digits."""
    if raw is None:
        return None
    text = unquote(str(raw)).strip()
    text = re.sub(r"^(?:tel|callto|phone):(?://)?", "", text, flags=re.IGNORECASE).strip()
    text = re.sub(r"\s+", " ", text)
    if sum(ch.isdigit() for ch in text) < 5:
        return None
    return {"raw": text, "e164": e164(text, country)}


def e164(text: str, country: str | None = None) -> str | None:
    """The E.164 form of a phone number, when it is a valid number for `country` (or has +)."""
    region = (country or "").upper() or None
    if region not in phonenumbers.SUPPORTED_REGIONS:
        region = None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def merge_phones(entries: list[dict | None]) -> list[dict]:
    """Phones without repeats: the same E.164 (or the same digits) counts once."""
    seen: set[str] = set()
    merged = []
    for entry in entries:
        if not entry:
            continue
        key = entry["e164"] or re.sub(r"\D", "", entry["raw"])
        if key not in seen:
            seen.add(key)
            merged.append(entry)
    return merged


def phones_in_text(text: str, country: str | None) -> list[dict]:
    """Phone numbers libphonenumber finds in running text, valid ones only."""
    region = (country or "").upper()
    region = region if region in phonenumbers.SUPPORTED_REGIONS else "US"
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text[:20_000], region, leniency=1):
        found.append(
            {
                "raw": match.raw_string.strip(),
                "e164": phonenumbers.format_number(
                    match.number, phonenumbers.PhoneNumberFormat.E164
                ),
            }
        )
    return found


# --- e-mail ---------------------------------------------------------------------------------

_EMAIL = re.compile(r"[a-z0-9][a-z0-9._%+-]*@(?:[a-z0-9-]+\.)+[a-z]{2,24}", re.IGNORECASE)
# "info [at] shop [dot] com", "info(at)shop(dot)com", "info {at} shop {dot} com"
_AT = re.compile(r"\s*(?:\[|\(|\{|<)\s*(?:at|@|arroba|chez|ät)\s*(?:\]|\)|\}|>)\s*", re.IGNORECASE)
_DOT = re.compile(
    r"\s*(?:\[|\(|\{|<)\s*(?:dot|punkt|point|punto|\.)\s*(?:\]|\)|\}|>)\s*", re.IGNORECASE
)
# what looks like an address but names a file or a tracking endpoint
_NOT_MAILBOX_TLDS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "js", "css", "ico", "json"}
_NOT_MAILBOX_DOMAINS = (
    "sentry.io",
    "sentry-next.wixpress.com",
    "wixpress.com",
    "example.com",
    "example.org",
    "domain.com",
    "email.com",
    "yourdomain.com",
)


def clean_email(text: str | None) -> str | None:
    """A mailbox from `mailto:` links or text, lowercased; None if it is not one."""
    if not text:
        return None
    value = unquote(str(text)).strip()
    value = re.sub(r"^mailto:", "", value, flags=re.IGNORECASE).split("?")[0].split(",")[0].strip()
    value = _DOT.sub(".", _AT.sub("@", value))
    match = _EMAIL.fullmatch(value.strip(" <>.;:"))
    if not match:
        return None
    email = match.group(0).lower()
    domain = email.rsplit("@", 1)[1]
    if domain.rsplit(".", 1)[1] in _NOT_MAILBOX_TLDS or domain.endswith(_NOT_MAILBOX_DOMAINS):
        return None
    return email


def emails_in_text(text: str) -> list[str]:
    """Mailboxes written in running text, obfuscated ones included, in order, once each."""
    text = _DOT.sub(".", _AT.sub("@", text))
    found: list[str] = []
    for match in _EMAIL.finditer(text):
        email = clean_email(match.group(0))
        if email and email not in found:
            found.append(email)
    return found


# --- countries ------------------------------------------------------------------------------

_COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "united states of america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "holland": "NL",
    "deutschland": "DE",
    "españa": "ES",
    "espana": "ES",
    "россия": "RU",
}


@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code, by_language in LOCALE_DATA.items():
        if len(code) != 2:
            continue
        for name in by_language.values():
            if name and not name.startswith("*"):
                names.setdefault(name.strip().lower(), code)
    return names | _COUNTRY_ALIASES


def country_code(value: str | None) -> str | None:
    """ISO 3166-1 alpha-2 for `'ES'`, `'Spain'`, `'España'`, `'Espagne'`; None if unknown."""
    if not value:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip().strip(",")
    if text.lower() in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[text.lower()]
    if len(text) == 2 and text.isalpha():
        code = text.upper()
        return code if code in phonenumbers.SUPPORTED_REGIONS or code in LOCALE_DATA else None
    return _country_names().get(text.lower())
