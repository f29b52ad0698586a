"""Email addresses: de-obfuscated ("sales [at] shop [dot] com"), lowercased, syntax-checked.

`mailto:` links are read too, percent-encoding included. What looks like an address but
names a file ("logo@2x.png", a retina image) is none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

from pipelines.normalize.text import clean_text

# "[at]", "(at)", "{arroba}", "(@)", " at ", "＠" → "@";  "[dot]", "(punto)", "[.]", " dot " → "."
_AT = re.compile(r"\s*(?:[\[({<]\s*(?:at|@|arroba|chez|ät)\s*[\])}>]|＠)\s*", re.IGNORECASE)
_SPACED_AT = re.compile(r"\s+at\s+", re.IGNORECASE)  # only where there is no other "@"
_DOT = re.compile(
    r"\s*(?:[\[({<]\s*(?:dot|punkt|point|punto|\.)\s*[\])}>]|\s+dot\s+)\s*", re.IGNORECASE
)
_FILE_SUFFIXES = frozenset(
    {"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "js", "css", "json"}
)
_LOCAL = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_EMAIL = re.compile(rf"{_LOCAL}@(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{2,59}})")
_SEPARATORS = re.compile(r"[,;\s]+")


def clean_email(text: str | None) -> str | None:
    """The address, lowercased, or None when it is not a syntactically valid address."""
    text = clean_text(text)
    if not text:
        return None
    if re.match(r"mailto:", text, flags=re.IGNORECASE):
        text = unquote(text[len("mailto:") :].split("?", 1)[0])
    text = _AT.sub("@", text, count=1)
    if "@" not in text:
        text = _SPACED_AT.sub("@", text, count=1)
    text = _DOT.sub(".", text).strip().strip("<>").lower()
    if len(text) > 254 or not _EMAIL.fullmatch(text) or len(text.split("@")[0]) > 64:
        return None
    if text.rsplit(".", 1)[1] in _FILE_SUFFIXES:
        return None
    return text


def clean_emails(values: Iterable[str | None] | None) -> list[str]:
    """Every valid address in `values` (a value may hold several), deduplicated, order kept."""
    found: dict[str, None] = {}
    for value in values or ():
        email = clean_email(value)
        candidates = [email] if email else [clean_email(p) for p in _SEPARATORS.split(value or "")]
        for candidate in candidates:
            if candidate:
                found.setdefault(candidate, None)
    return list(found)
