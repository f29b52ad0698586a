"""Email addresses: de-obfuscated ("sales [at] shop [dot] com"), lowercased, syntax-checked."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipelines.normalize.text import clean_text

# "[at]", "(at)", "{at}", " at ", "＠" → "@";  "[dot]", "(dot)", " dot " → "."
_AT = re.compile(r"\s*(?:[\[({<]\s*at\s*[\])}>]|\s+at\s+|＠)\s*", re.IGNORECASE)
_DOT = re.compile(r"\s*(?:[\[({<]\s*(?:dot|punkt|point)\s*[\])}>]|\s+dot\s+)\s*", re.IGNORECASE)
_LOCAL = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_EMAIL = re.compile(rf"{_LOCAL}@(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{2,59}})")
_SEPARATORS = re.compile(r"[,;\s]+")


def clean_email(text: str | None) -> str | None:
    """The address, lowercased, or None when it is not a syntactically valid address."""
    text = clean_text(text)
    if not text:
        return None
    text = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE).split("?", 1)[0]
    if "@" not in text:
        text = _AT.sub("@", text, count=1)
    text = _DOT.sub(".", text).strip().strip("<>").lower()
    if len(text) > 254 or not _EMAIL.fullmatch(text) or len(text.split("@")[0]) > 64:
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
