"""How one business is written differently on different listings: pure text functions.

Every function takes the canonical text (and a `random.Random` where a choice is made) and
returns the variant; `None` means "this variation does not apply to this text".
"""

from __future__ import annotations

import random
import re

STREET_ABBREVIATIONS = {
    "Street": ("St.", "St"),
    "Avenue": ("Ave.", "Ave"),
    "Road": ("Rd.", "Rd"),
    "Boulevard": ("Blvd.", "Blvd"),
    "Drive": ("Dr.", "Dr"),
    "Lane": ("Ln.", "Ln"),
    "Court": ("Ct.", "Ct"),
    "Parkway": ("Pkwy.", "Pkwy"),
    "North": ("N.", "N"),
    "South": ("S.", "S"),
    "East": ("E.", "E"),
    "West": ("W.", "W"),
}
LEGAL_SUFFIX = re.compile(r",? (LLC|Inc\.|Co\. Inc\.)$")

PHONE_FORMATS = ("({a}) {e}-{l}", "{a}-{e}-{l}", "+1 {a} {e} {l}", "{a}.{e}.{l}")


def format_phone(e164: str, style: int) -> str:
    """A +1 NANP number written in one of the national styles, e.g. "(217) 555-0142"."""
    digits = e164.removeprefix("+1")
    area, exchange, line = digits[:3], digits[3:6], digits[6:]
    return PHONE_FORMATS[style % len(PHONE_FORMATS)].format(a=area, e=exchange, l=line)


def abbreviate_street(street: str, rng: random.Random) -> str | None:
    """ "1200 North Main Street" -> "1200 N. Main St." (one or both words abbreviated)."""
    words = street.split(" ")
    positions = [i for i, word in enumerate(words) if word in STREET_ABBREVIATIONS]
    if not positions:
        return None
    for i in positions:
        if i == positions[-1] or rng.random() < 0.5:
            words[i] = rng.choice(STREET_ABBREVIATIONS[words[i]])
    return " ".join(words)


def swap_ampersand(name: str) -> str | None:
    """ "Smith & Jones Dental" <-> "Smith and Jones Dental"."""
    if " & " in name:
        return name.replace(" & ", " and ", 1)
    if " and " in name:
        return name.replace(" and ", " & ", 1)
    return None


def drop_legal_suffix(name: str) -> str | None:
    """ "Ace Plumbing LLC" -> "Ace Plumbing"; None when the name has no legal suffix."""
    stripped = LEGAL_SUFFIX.sub("", name)
    return stripped if stripped != name else None


def add_legal_suffix(name: str, rng: random.Random) -> str:
    """ "Ace Plumbing" -> "Ace Plumbing, LLC" (a registry-style spelling of the same name)."""
    return f"{name}{rng.choice((' LLC', ', LLC', ' Inc.', ', Inc.'))}"


def typo(name: str, rng: random.Random) -> str:
    """One keyboard slip in a word of four letters or more: swapped, doubled or lost letter."""
    words = name.split(" ")
    candidates = [i for i, word in enumerate(words) if len(word) >= 4 and word.isalpha()]
    if not candidates:
        return name
    i = rng.choice(candidates)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif kind == 1:
        word = word[:at] + word[at] + word[at:]
    else:
        word = word[:at] + word[at + 1 :]
    words[i] = word
    return " ".join(words)


def website_url(domain: str, rng: random.Random, path: str = "") -> str:
    """A way a listing writes a business's website: http or https, with/without www, a path."""
    scheme = rng.choice(("https://", "https://", "http://"))
    www = rng.choice(("www.", ""))
    tail = path or rng.choice(("", "/", "/", "/about-us", "/index.html", "/contact"))
    return f"{scheme}{www}{domain}{tail}"
