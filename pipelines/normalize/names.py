"""Business and brand names as a key for matching.

"Joe's Pizza & Grill, LLC" and "Joes Pizza and Grill" both become "joes pizza and grill".
"""

from __future__ import annotations

import re
import unicodedata

# legal forms, after dots are removed ("L.L.C." → "llc"); removed from the end, repeatedly
LEGAL_SUFFIXES = frozenset({
    "llc", "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
    "plc", "llp", "lp", "pllc", "pc", "gmbh", "ag", "kg", "ohg", "ug", "mbh", "sa", "sas",
    "sarl", "srl", "spa", "bv", "nv", "oy", "ab", "as", "aps", "pty", "pte", "sl", "kft",
})  # fmt: skip


def match_name(name: str | None) -> str:
    """Lowercase ASCII words: accents, punctuation and a leading "the" gone, "&" spelled
    "and", legal suffixes (LLC, Inc., Ltd, GmbH...) dropped. "" when nothing is left."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ").replace("+", " and ")
    text = re.sub(r"['’`.]", "", text)  # "joe's" → "joes", "l.l.c." → "llc"
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)
