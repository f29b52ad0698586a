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

from parsel import Selector

from spiders.extraction.markup import (
    UnknownLayout,
    absolute_urls,
    element_text,
    first_json_ld,
    first_text,
    listing_id_from_url,
    select,
    to_float,
    to_int,
)
from spiders.items import ProductItem

SOURCE = "marketplace"
GTIN_KEYS = ("gtin13", "gtin", "gtin12", "gtin14", "gtin8")
GTIN_LABELS = ("GTIN", "EAN", "UPC")
REQUIRED_FIELDS = ("price", "availability")  # an offer without them is not worth storing
PRICE_SHOWN = ".price-block .price:not(:empty)"  # matches once a script has written the price


def parse_listing_page(html: str, url: str) -> tuple[list[str], str | None]:
    """The absolute URLs of the product pages listed, and of the next listing page (or None)."""
    root = Selector(text=html).root
    products = absolute_urls(url, select(root, "a.product-link::attr(href)"))
    next_href = select(root, 'a[rel="next"]::attr(href)')
    return products, urljoin(url, next_href[0]) if next_href else None


def parse_product_page(html: str, url: str) -> ProductItem:
    """The offer a product page shows, from its JSON-LD when it has one, else its markup."""
    page = Selector(text=html)
    root = page.root
    if not select(root, "#productTitle"):
        raise UnknownLayout(f"{url} is not a marketplace product page: it has no #productTitle")
    item = ProductItem(source=SOURCE, source_id=listing_id_from_url(url), url=url)
    specs = _specs(root)
    price_text = first_text(root, ".price-block .price")
    availability_text = first_text(root, "#availability")
    _read_visible(root, specs, item)
    item.price, item.availability = price_text, availability_text
    product = first_json_ld(page, lambda node: node.get("@type") == "Product")
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


# Parsers here run on every page of a crawl: they read lxml elements through compiled
# queries (markup.select / first_text), which costs a fraction of Selector.css() per field.


def _specs(root) -> dict[str, str]:
    specs = {}
    for row in select(root, "table.specs tr"):
        names, values = select(row, "th"), select(row, "td")
        name = element_text(names[0]) if names else None
        value = element_text(values[0]) if values else None
        if name and value:
            specs[name] = value
    return specs


def _read_visible(root, specs: dict[str, str], item: ProductItem) -> None:
    item.title = first_text(root, "#productTitle")
    item.brand = first_text(root, ".byline .brand") or specs.get("Brand")
    item.gtin = next((specs[label] for label in GTIN_LABELS if label in specs), None)
    item.mpn = specs.get("Model number")
    item.seller = first_text(root, ".merchant .seller")
    item.rating = to_float(first_text(root, ".rating .stars"))
    item.review_count = to_int(first_text(root, ".rating .ratings-count"))
    item.category_path = [
        " ".join(text.split())
        for text in select(root, "nav.breadcrumb a::text, nav.breadcrumb span::text")
    ]
    item.image_urls = absolute_urls(item.url, select(root, "img.product-image::attr(src)"))


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
        item.image_urls = [
            urljoin(item.url, src) for src in ([images] if isinstance(images, str) else images)
        ]


def parse_departments_page(html: str, url: str) -> list[str]:
    """The absolute URLs of the category listings linked from the marketplace home page."""
    return absolute_urls(url, select(Selector(text=html).root, "a.department::attr(href)"))
