"""Reading what a product page lists as label and value: identifiers, brand, seller.

Shops write "SKU: 12345" in running text, put "Model number | AS1269U/L" in a
specification table or a definition list, mark an element `class="sku"`, or say "Sold by
Powers Outlet". Itemprops inside a microdata item are left to the structured reader.
Reads no settings.
"""

from __future__ import annotations

import re
from functools import cache

from lxml import etree

from spiders.extraction.generic.heuristics import in_chrome
from spiders.extraction.generic.page import Page, clean_text

LABELS = {
    "sku": r"sku|item\s*(?:no|number|#)|art(?:ikel)?\.?[-\s]*nr\.?|r[ée]f(?:[ée]rence)?\.?|"
    r"referencia|codice|artikelnummer|product\s*code",
    "gtin": r"gtin(?:-?1[234]|-?8)?|ean(?:[-\s]?13)?|upc|isbn(?:[-\s]?13)?|barcode",
    "mpn": r"mpn|model(?:\s*(?:no\.?|number|#))?|modell(?:nummer)?|mod[eè]le|modelo|"
    r"herstellernummer|manufacturer\s*part\s*(?:no\.?|number)|part\s*number",
    "brand": r"brand|marke|hersteller|marque|marca|merk|manufacturer",
    "seller": r"sold\s+by|seller|verk[äa]ufer|vendu\s+par|vendido\s+por|venduto\s+da|"
    r"verkocht\s+door|merchant",
}
_MARKS = {
    "sku": re.compile(r"(?<![a-z])sku|productid|product-id|item-?number"),
    "gtin": re.compile(r"gtin|(?<![a-z])ean(?![a-z])|(?<![a-z])upc(?![a-z])|isbn|barcode"),
    "mpn": re.compile(r"(?<![a-z])mpn(?![a-z])|model-?number|part-?number"),
    "seller": re.compile(r"seller|merchant|vendor|sold-?by|soldby"),
}
_IDENTIFIER = re.compile(r"[A-Z0-9][A-Z0-9._/-]{2,39}", re.IGNORECASE)


@cache
def _label(field: str) -> re.Pattern:
    return re.compile(rf"^\s*(?:{LABELS[field]})\s*[:#.]?\s*", re.IGNORECASE)


def specification_pairs(page: Page) -> list[tuple[str, str]]:
    """(label, value) from two-cell table rows and definition lists, in page order."""
    pairs = []
    for row in page.tree.xpath("//body//tr[count(th|td) = 2]"):
        label, value = (clean_text(cell.text_content()) for cell in row.xpath("th|td"))
        if label and value and len(label) <= 40:
            pairs.append((label.rstrip(":"), value))
    for term in page.tree.xpath("//body//dt[following-sibling::*[1][self::dd]]"):
        label = clean_text(term.text_content())
        value = clean_text(term.getnext().text_content())
        if label and value and len(label) <= 40:
            pairs.append((label.rstrip(":"), value))
    return pairs


def labelled_value(page: Page, field: str, area_text: str) -> tuple[str, float] | None:
    """`field` ("sku", "gtin", "mpn") from a marked element, a spec table, or "SKU: 123"."""
    for element in page.marked(_MARKS[field]):
        if element.get("itemprop") and _in_microdata_item(element):
            continue
        value = _label(field).sub("", element.get("content") or clean_text(element.text_content()))
        if _IDENTIFIER.fullmatch(value) and re.search(r"\d", value):
            return value, 0.6
    label = re.compile(rf"(?:{LABELS[field]})", re.IGNORECASE)
    for name, value in specification_pairs(page):
        if label.fullmatch(name) and _IDENTIFIER.fullmatch(value) and re.search(r"\d", value):
            return value, 0.6
    match = re.search(
        rf"\b(?:{LABELS[field]})\s*[:#]\s*({_IDENTIFIER.pattern})\b", area_text, re.IGNORECASE
    )
    return (match.group(1), 0.5) if match else None


def brand_in_specifications(page: Page) -> str | None:
    label = re.compile(rf"(?:{LABELS['brand']})", re.IGNORECASE)
    for name, value in specification_pairs(page):
        if label.fullmatch(name) and len(value) < 50:
            return value
    return None


def seller_on_page(page: Page) -> tuple[str, float] | None:
    """The seller: an element marked seller/merchant, or the name after "Sold by"."""
    for element in page.marked(_MARKS["seller"]):
        if in_chrome(element) or element.tag in ("ul", "ol", "select", "form", "body"):
            continue
        value = _label("seller").sub("", clean_text(element.text_content()))
        if 0 < len(value) <= 60:
            return value, 0.55
    pattern = re.compile(rf"(?:{LABELS['seller']})\s*:?\s*(\S[^|•·]{{1,58}})$", re.IGNORECASE)
    for element, text in page.texts(re.compile(LABELS["seller"], re.IGNORECASE)):
        match = pattern.search(text)
        if match and not in_chrome(element):
            return match.group(1).strip(), 0.5
    return None


def _in_microdata_item(element: etree._Element) -> bool:
    return any(a.get("itemscope") is not None for a in element.iterancestors())
