"""Reading contact values on pages: phone numbers, e-mail addresses (de-obfuscated).

Phones come out as `{"raw": "958 37 30 46", "e164": "+34958373046"}`: the number as the
page writes it, and its E.164 form (`pipelines.normalize.phone_e164`, which reads a number
without a prefix in the business's country, the US when that is unknown; `e164` is None
when it is no valid number). E-mails are `pipelines.normalize.clean_email`'s, less the
addresses a page shows that are nobody's mailbox (placeholders, error trackers). Countries
are `pipelines.normalize.country_code`'s. Reads no settings.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import phonenumbers

from pipelines.normalize import clean_email, phone_e164

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
    return {"raw": text, "e164": phone_e164(text, country)}


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

# candidates in running text; each is then checked by `contact_email`
_EMAIL = re.compile(r"[a-z0-9][a-z0-9._%+-]*@(?:[a-z0-9-]+\.)+[a-z]{2,24}", re.IGNORECASE)
# obfuscations in running text, brackets only: "meet us at the shop" is no address
_AT = re.compile(r"\s*(?:\[|\(|\{|<)\s*(?:at|@|arroba|chez|ät)\s*(?:\]|\)|\}|>)\s*", re.IGNORECASE)
_DOT = re.compile(
    r"\s*(?:\[|\(|\{|<)\s*(?:dot|punkt|point|punto|\.)\s*(?:\]|\)|\}|>)\s*", re.IGNORECASE
)
# addresses pages show that reach nobody: placeholders in forms, error-tracking endpoints
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


def contact_email(text: str | None) -> str | None:
    """A mailbox from a `mailto:` link or text (several recipients: the first), lowercased;
    None if it is not one, or is a placeholder or tracking address."""
    if not text:
        return None
    value = str(text).split("?")[0].split(",")[0]
    email = clean_email(value)
    if email is None or email.rsplit("@", 1)[1].endswith(_NOT_MAILBOX_DOMAINS):
        return None
    return email


def emails_in_text(text: str) -> list[str]:
    """Mailboxes written in running text, obfuscated ones included, in order, once each."""
    text = _DOT.sub(".", _AT.sub("@", text))
    found: list[str] = []
    for match in _EMAIL.finditer(text):
        email = contact_email(match.group(0))
        if email and email not in found:
            found.append(email)
    return found
