"""Which pages are about one product or one business: what a generic spider yields items from.

A generic spider reads every page it fetches but yields an item only from a page about one
thing, recognized from the same evidence the extraction uses:

- a product page: a named product whose page is about it alone: one schema.org Product
  (or the page's mainEntity, or the one its heading names when there are several),
  `og:type` product, or, with no markup, a price in a price box (or beside a buy button)
  near a heading, on a page that is no business's page (mainEntity), not one of a series
  of pages (`rel="prev"`/`"next"`: the last page of a category may show a single card) and
  no grid of product cards (a grid with a heading and buy button of its own outside the
  cards is a product page showing related products);
- a product page whose price a script shows (`price_left_to_script`): the product is
  there, its price is not, and the page has scripts and an empty price box (or a Product
  item without an offer price), so a browser may show it;
- a product listing: two or more Product items, or MIN_CARDS or more product cards;
- a business page: a named business with a way to find or reach it (phone, e-mail,
  address or position) that is not one of several listed on the page (several businesses
  in structured data with none the page's mainEntity, or three or more phone numbers);
  without business markup, a page selling a product (a Product item, a buy button) is the
  product's page, whatever shop contacts it shows.
Reads no settings.
"""

from __future__ import annotations

import re

from lxml import etree

from spiders.extraction.generic.business import BusinessExtraction
from spiders.extraction.generic.evidence import MARKUP
from spiders.extraction.generic.heuristics import buy_button, in_chrome, product_heading
from spiders.extraction.generic.links import page_number
from spiders.extraction.generic.listing import MIN_CARDS, product_cards
from spiders.extraction.generic.page import Page, clean_text
from spiders.extraction.generic.product import ProductExtraction
from spiders.extraction.generic.schema_business import business_nodes
from spiders.extraction.generic.schema_product import product_nodes

MAX_PHONES_ON_ONE_BUSINESS = 2
_PRICE_MARK = re.compile(r"(?<![a-z])(?:price|preis|prix|precio|prezzo|prijs)")


def is_product_page(page: Page, product: ProductExtraction) -> bool:
    """True when the page is about `product` alone (see the module docstring)."""
    if not product.name:
        return False
    nodes = product_nodes(page.structured)
    if nodes:
        return _about_one(page, nodes, product.name)
    if any(kind.lower().startswith("product") for kind in page.meta.get("og:type", [])):
        return True
    if page.structured.main_ids & {str(n.get("@id")) for n in business_nodes(page.structured)}:
        return False  # a business's page (a review site's, a directory's)
    if product.price is None:
        return _empty_price_box(page) is not None and not is_product_listing(page)
    button = buy_button(page)
    if product.confidence.get("price", 0) < MARKUP and button is None:
        return False  # an amount in running text, with nothing to buy
    if _in_a_series(page):
        return False
    cards = product_cards(page)
    if len(cards) < MIN_CARDS:
        return True
    heading = product_heading(page)
    elements = [card for card, _ in cards]
    return (
        heading is not None
        and button is not None
        and not _inside(heading, elements)
        and not _inside(button, elements)
    )


def price_left_to_script(page: Page, product: ProductExtraction) -> bool:
    """True for a product page without a price whose scripts may show one in a browser."""
    if product.price is not None or not is_product_page(page, product):
        return False
    if not page.tree.xpath("boolean(//script[not(@type) or contains(@type, 'javascript') "
                           "or @type = 'module'])"):  # fmt: skip
        return False
    return bool(product_nodes(page.structured)) or _empty_price_box(page) is not None


def is_product_listing(page: Page) -> bool:
    """True for a page listing several products (structured items or product cards)."""
    return len(product_nodes(page.structured)) >= 2 or len(product_cards(page)) >= MIN_CARDS


def is_business_page(page: Page, business: BusinessExtraction) -> bool:
    """True when the page is about `business` alone (see the module docstring)."""
    if not business.name or not _reachable(business):
        return False
    nodes = business_nodes(page.structured)
    if not nodes and (product_nodes(page.structured) or buy_button(page) is not None):
        return False
    if len(nodes) >= 2 and not page.structured.main_ids & {str(n.get("@id")) for n in nodes}:
        listed = [n for n in nodes if not _nested_in_another(n, nodes)]
        if len(listed) >= 2 and not _heading_names(page, business.name):
            return False
    return len(business.phones) <= MAX_PHONES_ON_ONE_BUSINESS or bool(nodes)


def _about_one(page: Page, nodes: list[dict], name: str) -> bool:
    if len(nodes) == 1 or page.structured.main_ids & {str(n.get("@id")) for n in nodes}:
        return True
    top = [n for n in nodes if not _nested_in_another(n, nodes)]
    return len(top) == 1 or _heading_names(page, name)


def _nested_in_another(node: dict, nodes: list[dict]) -> bool:
    """True for a Product inside another one (a variant, an accessory, a related item)."""
    for other in nodes:
        if other is node:
            continue
        for value in other.values():
            children = value if isinstance(value, list) else [value]
            if any(child is node for child in children):
                return True
    return False


def _heading_names(page: Page, name: str) -> bool:
    heading = product_heading(page)
    return heading is not None and clean_text(heading.text_content()).lower() == name.lower()


def _in_a_series(page: Page) -> bool:
    """True for a page with previous / next pages (a listing's), or numbered past the first."""
    rels = page.tree.xpath("//a/@rel | //link/@rel")
    if any({"prev", "previous", "next"} & set(rel.lower().split()) for rel in rels):
        return True
    return page_number(page.url) > 1


def _reachable(business: BusinessExtraction) -> bool:
    address = business.address or {}
    return bool(
        business.phones
        or business.emails
        or address.get("street")
        or address.get("raw")
        or business.latitude is not None
    )


def _empty_price_box(page: Page) -> etree._Element | None:
    """A visible element marked as a price that shows no text (a script fills it in)."""
    for element in page.marked(_PRICE_MARK):
        if element.tag in ("option", "select", "input", "meta") or in_chrome(element):
            continue
        if not clean_text(element.text_content()) and not element.get("content"):
            return element
    return None


def _inside(element: etree._Element, containers: list[etree._Element]) -> bool:
    return any(
        container is element or container in element.iterancestors() for container in containers
    )
