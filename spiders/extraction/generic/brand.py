"""Reading a product's brand from the visible page.

In order of trust: an element the shop marked as the brand (itemprop, class or id
"brand" / "manufacturer", outside the site's own header), a labelled value ("Brand: Acme",
"Marke: ...", "Marque : ..."), and the short sub-heading right under the product heading
when the page title repeats it ("Mesmeri Halo Chrome - Artemide - ..."). Reads no settings.
"""

from __future__ import annotations

import re

from lxml import etree

from spiders.extraction.generic.heuristics import in_chrome
from spiders.extraction.generic.page import Page, clean_text

BRAND_LENGTH_LIMIT = 50
_LABEL = re.compile(
    r"^\s*(?:brand|by|marke|hersteller|marque|fabricant|marca|fabricante|merk|"
    r"manufacturer|made by)\s*[:：]\s*",
    re.IGNORECASE,
)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·»]\s+")
_BRAND_MARK = re.compile(r"brand|manufactur|marke(?![a-z])|hersteller|marque|fabricant")
_LABEL_TEXT = re.compile(
    _LABEL.pattern + "|" + r"^\s*(?:brand|marke|marque|marca|merk)\s*:?\s*$", re.IGNORECASE
)


def brand_from_element(element: etree._Element, image_depth: int = 3) -> str | None:
    """The brand an element shows: its text, else the alt/title of an image inside it.

    A label ("Brand: ") is dropped; a text longer than a name (50 characters) is no brand.
    """
    if element.tag == "meta":
        candidates = [element.get("content")]
    elif element.tag == "img":
        candidates = [element.get("alt"), element.get("title")]
    else:
        candidates = [element.text_content()]
        candidates += [
            value
            for image in _images_within(element, image_depth)
            for value in (image.get("alt"), image.get("title"))
        ]
    for candidate in candidates:
        text = _LABEL.sub("", clean_text(candidate))
        if text and len(text) < BRAND_LENGTH_LIMIT:
            return text
    return None


def _images_within(element: etree._Element, depth: int):
    level = [element]
    for _ in range(depth + 1):
        following = []
        for node in level:
            if node.tag == "img":
                yield node
            following.extend(child for child in node if isinstance(child.tag, str))
        level = following


def brand_on_page(page: Page, heading: etree._Element | None) -> tuple[str, float] | None:
    """The brand the visible page shows, with a confidence."""
    for element in page.marked(_BRAND_MARK):
        classes = (element.get("class") or "").lower()
        if in_chrome(element) or "navbar-brand" in classes or "brands" in classes:
            continue
        if element.tag in ("select", "option", "ul", "ol", "nav") or (
            element.get("itemprop") and _in_microdata_item(element)
        ):
            continue
        brand = brand_from_element(element)
        if brand:
            return brand, 0.6 if element.get("itemprop") else 0.55
    labelled = _labelled_brand(page)
    if labelled:
        return labelled, 0.55
    if heading is not None:
        under = _subheading_under(heading)
        if under and under.lower() in {s.lower() for s in _title_segments(page)[1:]}:
            return under, 0.5
    return None


def _labelled_brand(page: Page) -> str | None:
    """The value after a "Brand:" label, in the same text or the next element."""
    for element, text in page.texts(_LABEL_TEXT):
        if len(text) > 80 or in_chrome(element):
            continue
        value = _LABEL.sub("", text).strip()
        if not value or value.lower().rstrip(":") in ("brand", "marke", "marque", "marca", "merk"):
            sibling = element.getnext()
            value = clean_text(sibling.text_content()) if sibling is not None else ""
        if 0 < len(value) < BRAND_LENGTH_LIMIT:
            return value
    return None


def _in_microdata_item(element: etree._Element) -> bool:
    return any(a.get("itemscope") is not None for a in element.iterancestors())


def _subheading_under(heading: etree._Element) -> str | None:
    sibling = heading.getnext()
    while sibling is not None and sibling.tag in ("br", "hr"):
        sibling = sibling.getnext()
    if sibling is None or sibling.tag not in ("h2", "h3", "h4", "p", "div", "span", "a"):
        return None
    text = clean_text(sibling.text_content())
    return text if 0 < len(text) < BRAND_LENGTH_LIMIT and len(text.split()) <= 5 else None


def _title_segments(page: Page) -> list[str]:
    return [s.strip() for s in _TITLE_SEPARATORS.split(page.title) if s.strip()]
