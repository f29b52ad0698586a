"""Generic listing extraction: a category or search page in, one `ProductExtraction` per product card.

Structured data first: two or more Product items (an ItemList, a grid with microdata) give
the products directly. Otherwise the cards are found by layout: each current price climbs
to the largest element holding no other price (its card), and the cards that are siblings
of one kind (same parent, tag and class), at least `MIN_CARDS` of them, are the listing.
From each card: the product link and its title, the price, availability, star rating and
picture. Reads no settings.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree

from pipelines.normalize import currency_code
from spiders.extraction.generic.evidence import MARKUP, Evidence
from spiders.extraction.generic.fields import format_amount, stated_availability
from spiders.extraction.generic.heuristics import in_chrome, price_candidates
from spiders.extraction.generic.images import image_source
from spiders.extraction.generic.page import Page, clean_text
from spiders.extraction.generic.product import ProductExtraction, extraction_from_evidence
from spiders.extraction.generic.ratings import rating_from_element
from spiders.extraction.generic.schema_product import product_nodes, read_product

MIN_CARDS = 3
_CLIMB = 8
_RATING_CLASS = re.compile(
    r"star|rating", re.IGNORECASE
)  # ancestor levels a card may sit above its price


def extract_products_from_listing(html: str | bytes, url: str) -> list[ProductExtraction]:
    """Every product a listing page shows, in page order."""
    return products_from_listing(Page.parse(html, url))


def products_from_listing(page: Page) -> list[ProductExtraction]:
    data = page.structured
    nodes = product_nodes(data)
    if len(nodes) < 2 and data.include_rdfa():
        nodes = product_nodes(data)
    if len(nodes) >= 2:
        return [
            extraction_from_evidence(page, read_product(data, node, page.country)) for node in nodes
        ]
    return [_card_product(page, card, price) for card, price in product_cards(page)]


def product_cards(page: Page) -> list[tuple[etree._Element, tuple]]:
    """(card element, its price candidate) for the largest group of sibling product cards."""
    candidates = [c for c in price_candidates(page) if not in_chrome(c[2])]
    prices_under: dict[etree._Element, int] = defaultdict(int)
    for candidate in candidates:
        for ancestor in list(candidate[2].iterancestors())[:_CLIMB]:
            prices_under[ancestor] += 1
    cards: list[tuple[etree._Element, tuple]] = []
    for candidate in candidates:
        card = candidate[2]
        for ancestor in list(candidate[2].iterancestors())[:_CLIMB]:
            if ancestor.tag in ("body", "html") or prices_under[ancestor] > 1:
                break
            card = ancestor
        cards.append((card, candidate))
    groups: dict[tuple, list] = defaultdict(list)
    for card, candidate in cards:
        parent = card.getparent()
        key = (id(parent), card.tag, card.get("class"))
        if not any(existing is card for existing, _ in groups[key]):
            groups[key].append((card, candidate))
    best = max(groups.values(), key=len, default=[])
    return best if len(best) >= MIN_CARDS else []


def _card_product(page: Page, card: etree._Element, price: tuple) -> ProductExtraction:
    found = Evidence()
    link = _product_link(card)
    if link is not None:
        found.offer("url", page.absolute(link.get("href")), MARKUP, "page")
        heading_text = clean_text(link.text_content())
        found.offer("name", clean_text(link.get("title")), MARKUP, "page")
        if not heading_text.endswith(("...", "…")):
            found.offer("name", heading_text, MARKUP - 0.05, "page")
    for image in card.iter("img"):
        found.offer("name", clean_text(image.get("alt")), MARKUP - 0.1, "page")
        found.offer(
            "images",
            [image_source(page, image)] if image_source(page, image) else [],
            MARKUP,
            "page",
        )
        break
    amount, written, _, confidence = price
    found.offer("price", format_amount(amount), confidence, "page")
    found.offer("currency", currency_code(written, page.country), confidence, "page")
    found.offer("availability", stated_availability(page.visible_text(card, 2000)), MARKUP, "page")
    for element in card.iter():
        if isinstance(element.tag, str) and _RATING_CLASS.search(element.get("class") or ""):
            rating = rating_from_element(element)
            if rating and rating[0] > 0:
                value = rating[0] * 5 / rating[1] if rating[1] and rating[1] != 5 else rating[0]
                found.offer("rating", round(value, 2), MARKUP, "page")
                break
    extraction = extraction_from_evidence(page, found)
    if found.get("url") is None:
        extraction.url = None
    return extraction


def _product_link(card: etree._Element) -> etree._Element | None:
    """The link to the product page: in a heading, else around the picture, else the first."""
    links = [a for a in card.iter("a") if (a.get("href") or "").strip()[:1] not in ("", "#")]
    for link in links:
        if any(
            ancestor.tag in ("h1", "h2", "h3", "h4", "h5") for ancestor in link.iterancestors()
        ) or link.get("title"):
            return link
    for link in links:
        if list(link.iter("img")):
            return link
    return links[0] if links else None
