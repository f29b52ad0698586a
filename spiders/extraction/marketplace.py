"""Reading the sandbox marketplace: category listing pages and product pages.

A product page with a schema.org Product JSON-LD block is read from it: the price is the
Offer's decimal and the currency hint its ISO `priceCurrency`. A plain page is read from
its visible markup: the price is the text as the seller wrote it ("1.299,99 €") and the
currency hint is None (the symbol is in the text). Both keep the visible price text,
availability wording and specification table in `raw`.

Some pages leave the price and availability to a script: read over plain HTTP they lack
REQUIRED_FIELDS (`missing_fields`), and a browser must render them; PRICE_SHOWN is what to
wait for there.
"""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

from spiders.extraction.markup import (
    UnknownLayout,
    absolute_urls,
    listing_id_from_url,
    to_float,
    to_int,
)
from spiders.extraction.page_index import PageIndex, element_text, has_class, parse_html
from spiders.items import ProductItem

SOURCE = "marketplace"
GTIN_KEYS = ("gtin13", "gtin", "gtin12", "gtin14", "gtin8")
GTIN_LABELS = ("GTIN", "EAN", "UPC")
REQUIRED_FIELDS = ("price", "availability")  # an offer without them is not worth storing
PRICE_SHOWN = ".price-block .price:not(:empty)"  # matches once a script has written the price

# These parsers run on every page of a crawl: a product page is read from a PageIndex (one
# walk over the tree) rather than one Selector.css() query per field; a listing page, where
# two queries find everything, through XPaths compiled once.
PRODUCT_LINKS = etree.XPath(
    "//a[contains(concat(' ', normalize-space(@class), ' '), ' product-link ')]/@href",
    smart_strings=False,
)
NEXT_LINK = etree.XPath('//a[@rel="next"]/@href', smart_strings=False)


def parse_listing_page(html: str, url: str) -> tuple[list[str], str | None]:
    """The absolute URLs of the product pages listed, and of the next listing page (or None)."""
    root = parse_html(html)
    products = absolute_urls(url, PRODUCT_LINKS(root))
    next_href = NEXT_LINK(root)
    return products, urljoin(url, next_href[0]) if next_href else None


def parse_product_page(html: str, url: str) -> ProductItem:
    """The offer a product page shows, from its JSON-LD when it has one, else its markup."""
    return read_product_page(PageIndex.of(html), url)


def read_product_page(page: PageIndex, url: str) -> ProductItem:
    """`parse_product_page` for a page already parsed and indexed."""
    if page.by_id("productTitle") is None:
        raise UnknownLayout(f"{url} is not a marketplace product page: it has no #productTitle")
    item = ProductItem(source=SOURCE, source_id=listing_id_from_url(url), url=url)
    specs = _specs(page)
    price_text = page.first_text("price", inside="price-block")
    availability_text = element_text(page.by_id("availability"))
    _read_visible(page, specs, item)
    item.price, item.availability = price_text, availability_text
    product = next((node for node in page.json_ld() if node.get("@type") == "Product"), None)
    if product is not None:
        _read_json_ld(product, item)
    item.raw = {
        "markup": "json-ld" if product is not None else "plain",
        "price_text": price_text,
        "availability_text": availability_text,
        "specs": specs,
    }
    return item


def missing_fields(item: ProductItem) -> list[str]:
    """The REQUIRED_FIELDS the page did not give (a script may show them in a browser)."""
    return [field for field in REQUIRED_FIELDS if not getattr(item, field)]


def _specs(page: PageIndex) -> dict[str, str]:
    specs = {}
    for table in page.with_class("specs"):
        if table.tag != "table":
            continue
        for row in table.iter("tr"):
            name = element_text(next(row.iter("th"), None))
            value = element_text(next(row.iter("td"), None))
            if name and value:
                specs[name] = value
    return specs


def _read_visible(page: PageIndex, specs: dict[str, str], item: ProductItem) -> None:
    item.title = element_text(page.by_id("productTitle"))
    item.brand = page.first_text("brand", inside="byline") or specs.get("Brand")
    item.gtin = next((specs[label] for label in GTIN_LABELS if label in specs), None)
    item.mpn = specs.get("Model number")
    item.seller = page.first_text("seller", inside="merchant")
    item.rating = to_float(page.first_text("stars", inside="rating"))
    item.review_count = to_int(page.first_text("ratings-count", inside="rating"))
    item.category_path = [
        " ".join(text.split())
        for nav in page.tagged("nav")
        if has_class(nav, "breadcrumb")
        for element in nav.iter("a", "span")
        for text in _own_texts(element)
    ]
    images = [img.get("src") for img in page.with_class("product-image") if img.tag == "img"]
    item.image_urls = absolute_urls(item.url, [src for src in images if src is not None])


def _own_texts(element) -> list[str]:
    """What CSS `element::text` selects: the element's own text nodes, not its children's."""
    texts = [element.text] + [child.tail for child in element]
    return [text for text in texts if text]


def _read_json_ld(product: dict, item: ProductItem) -> None:
    """Overlay what the Product block states; visible values stay where it is silent."""
    offer = product.get("offers") or {}
    if isinstance(offer, list):
        offer = offer[0] if offer else {}
    brand = product.get("brand")
    seller = offer.get("seller")
    rating = product.get("aggregateRating") or {}
    images = product.get("image") or []
    item.title = product.get("name") or item.title
    item.brand = (brand.get("name") if isinstance(brand, dict) else brand) or item.brand
    item.gtin = next((str(product[key]) for key in GTIN_KEYS if product.get(key)), item.gtin)
    item.mpn = product.get("mpn") or item.mpn
    item.sku = product.get("sku")
    if offer.get("price") is not None:
        item.price = str(offer["price"])
        item.currency = offer.get("priceCurrency")
    item.availability = offer.get("availability") or item.availability
    item.seller = (seller.get("name") if isinstance(seller, dict) else seller) or item.seller
    if rating:
        item.rating, item.review_count = (
            to_float(rating.get("ratingValue")),
            to_int(rating.get("reviewCount")),
        )
    if images:
        item.image_urls = absolute_urls(item.url, [images] if isinstance(images, str) else images)


def parse_departments_page(html: str, url: str) -> list[str]:
    """The absolute URLs of the category listings linked from the marketplace home page."""
    links = [a.get("href") for a in PageIndex.of(html).with_class("department") if a.tag == "a"]
    return absolute_urls(url, [href for href in links if href is not None])
