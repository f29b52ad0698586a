"""Text as a person reads it: HTML entities decoded, whitespace collapsed, invisible noise gone."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

# every run of whitespace (incl. no-break and zero-width spaces) becomes one space
_WHITESPACE = re.compile(r"[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]+")
# control characters (Unicode category Cc) that are not whitespace
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def clean_text(value: str | None) -> str | None:
    """HTML-unescaped, NFC-normalized text with whitespace collapsed; None when nothing is left.

    Control characters (NUL included) are dropped: a page never means them, and PostgreSQL
    refuses NUL in text. Markup is kept as text ("<b>Joe</b>" stays): trawl stores what a
    page says and never renders it; whoever displays it escapes it.
    """
    if value is None:
        return None
    # text already clean comes back as it is, recognized without regexes or a helper call
    # (a dozen calls an item): printable ASCII has no control characters, no whitespace but
    # " " and nothing NFC changes, so only an entity, a double space or an edge space could
    # change it (all_clean below makes the same test on several texts joined: change both)
    if (
        type(value) is str
        and value.isascii()
        and value.isprintable()
        and "&" not in value
        and "  " not in value
        and value[:1] != " "
        and value[-1:] != " "
    ):
        return value or None
    text = _CONTROL.sub("", html.unescape(str(value)))
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return text or None


def all_clean(texts: list[str]) -> bool:
    """Whether clean_text gives back each of `texts` as it is, told by one test of them joined
    rather than one call each (a product has half a dozen). May say no for clean texts that
    hold "|" (clean_text then answers one by one), never yes for one it would change."""
    if not texts:
        return True
    try:
        joined = "|".join(texts)
    except TypeError:  # not all text: clean_text says what each one is
        return False
    # as in clean_text, with "|" where one text ends and the next begins: no empty text and
    # no edge space at either end of any of them
    return (
        joined.isascii()
        and joined.isprintable()
        and "&" not in joined
        and "  " not in joined
        and "| " not in joined
        and " |" not in joined
        and "||" not in joined
        and joined[:1] not in " |"  # "" is in every text: [""] is not clean
        and joined[-1:] not in " |"
    )


def clean_texts(values: Iterable[str | None] | None) -> list[str]:
    """Each value cleaned; empty ones and repeats (after cleaning) dropped, order kept."""
    seen: dict[str, None] = {}
    for value in values or ():
        text = clean_text(value)
        if text is not None:
            seen.setdefault(text, None)
    return list(seen)
