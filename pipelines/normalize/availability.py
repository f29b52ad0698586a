"""Availability as one of four words: InStock, OutOfStock, PreOrder, Unknown.

Reads schema.org values ("http://schema.org/InStock", "OutOfStock", "in_stock") and the
phrases shops write in English, German, French, Spanish, Italian, Dutch and Portuguese.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

IN_STOCK, OUT_OF_STOCK, PRE_ORDER, UNKNOWN = "InStock", "OutOfStock", "PreOrder", "Unknown"

# schema.org ItemAvailability members (lowercase, without separators)
SCHEMA_ORG = {
    "instock": IN_STOCK, "limitedavailability": IN_STOCK, "onlineonly": IN_STOCK,
    "instoreonly": IN_STOCK, "madetoorder": IN_STOCK,
    "outofstock": OUT_OF_STOCK, "soldout": OUT_OF_STOCK, "discontinued": OUT_OF_STOCK,
    # back-ordered: can be bought but not shipped now, which a buyer reads as out of stock;
    # OpenGraph's "available for order" (product:availability) means the same
    "backorder": OUT_OF_STOCK, "reserved": OUT_OF_STOCK, "availablefororder": OUT_OF_STOCK,
    "preorder": PRE_ORDER, "presale": PRE_ORDER,
}  # fmt: skip

# checked in this order: negations first, since "not available" contains "available"
PHRASES = [
    (OUT_OF_STOCK, [
        "out of stock", "sold out", "not in stock", "currently unavailable", "unavailable",
        "not available", "no longer available", "back order", "backorder", "temporarily out",
        "nicht verfugbar", "nicht lieferbar", "nicht auf lager", "ausverkauft", "vergriffen",
        "rupture de stock", "epuise", "indisponible", "non disponible", "plus disponible",
        "agotado", "sin stock", "no disponible", "sin existencias", "fuera de stock",
        "esaurito", "non disponibile", "non disponibili",
        "nicht vorratig", "epuisee", "uitverkocht", "niet op voorraad", "niet leverbaar",
        "niet beschikbaar",
        "esgotado", "indisponivel", "sem estoque", "fora de estoque",
    ]),
    (PRE_ORDER, [
        "pre-order", "preorder", "pre order", "coming soon", "available for pre",
        "vorbestellen", "vorbestellung", "demnachst", "erscheint am",
        "precommande", "pre-commande", "bientot disponible", "en precommande",
        "vorbestellbar", "preventa", "pre-venta", "reserva", "reservar", "reservalo",
        "proximamente", "preordine", "pre-ordine", "preordinalo", "prenota", "in arrivo",
        "voorbestellen", "voorbestelling", "verwacht",
        "pre-venda", "em breve",
    ]),
    (IN_STOCK, [
        "in stock", "available", "ships in", "ships today", "ships tomorrow", "ready to ship",
        "left in stock", "add to cart",
        "auf lager", "lieferbar", "verfugbar", "vorratig",
        "en stock", "disponible", "en existencia", "hay existencias",
        "disponibile", "in magazzino", "op voorraad", "leverbaar", "beschikbaar",
        "em estoque", "disponivel",
    ]),
]  # fmt: skip
_PATTERNS = [
    (value, re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b"))
    for value, phrases in PHRASES
]
_SEGMENT_END = re.compile(r"[/:#]")
_SEPARATORS = re.compile(r"[\s_-]")


def _plain(text: str) -> str:
    """Lowercase, accents removed: "Nicht verfügbar" → "nicht verfugbar"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# shops write availability in a few dozen spellings ("In stock", a schema.org URL), so most
# items repeat one already read
@lru_cache(maxsize=4096)
def availability(text: str | None) -> str:
    """InStock, OutOfStock, PreOrder, or Unknown when `text` says nothing recognizable."""
    if not text or not text.strip():
        return UNKNOWN
    text = text.strip()
    # "http://schema.org/InStock", "schema:InStock", "InStock", "in_stock"
    last_segment = _SEGMENT_END.split(text.rstrip("/"))[-1]
    token = _SEPARATORS.sub("", last_segment).lower()
    if token in SCHEMA_ORG:
        return SCHEMA_ORG[token]
    plain = _plain(text)
    for value, pattern in _PATTERNS:
        if pattern.search(plain):
            return value
    return UNKNOWN
