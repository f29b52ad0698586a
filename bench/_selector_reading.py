"""A marketplace product page read the way a parsel user writes it: one `Selector.css()`
query per field. The peer crawl (bench/_crawlee_peer.py) reads pages so, from the Selector
its ParselCrawler already parsed; bench/parsing.py sets it beside trawl's own reader
(spiders.extraction.marketplace, one indexing walk per page): the same fields, read
from the same markup and JSON-LD.
"""

from __future__ import annotations

import json
from urllib.parse import urljoin

from parsel import Selector

GTIN_KEYS = ("gtin13", "gtin", "gtin12", "gtin14", "gtin8")
GTIN_LABELS = ("GTIN", "EAN", "UPC")


def text(selector: Selector, css: str) -> str | None:
    found = selector.css(css)
    return " ".join(found[0].xpath("string(.)").get("").split()) or None if found else None


def read_product(page: Selector, url: str) -> dict | None:
    """The offer on a product page as a dict of ProductItem's fields; None for other pages."""
    if not page.css("#productTitle"):
        return None
    specs = {}
    for row in page.css("table.specs tr"):
        name, value = text(row, "th"), text(row, "td")
        if name and value:
            specs[name] = value
    item = {
        "source": "marketplace",
        "source_id": url.rstrip("/").rsplit("/", 1)[-1],
        "url": url,
        "title": text(page, "#productTitle"),
        "brand": text(page, ".byline .brand") or specs.get("Brand"),
        "gtin": next((specs[label] for label in GTIN_LABELS if label in specs), None),
        "mpn": specs.get("Model number"),
        "price": text(page, ".price-block .price"),
        "availability": text(page, "#availability"),
        "seller": text(page, ".merchant .seller"),
        "rating": text(page, ".rating .stars"),
        "review_count": text(page, ".rating .ratings-count"),
        "category_path": [
            " ".join(t.split())
            for t in page.css("nav.breadcrumb a::text, nav.breadcrumb span::text").getall()
        ],
        "image_urls": [urljoin(url, s) for s in page.css("img.product-image::attr(src)").getall()],
        "raw": {"specs": specs},
    }
    for block in page.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            product = json.loads(block)
        except ValueError:
            continue
        if isinstance(product, dict) and product.get("@type") == "Product":
            offer = product.get("offers") or {}
            offer = (offer[0] if offer else {}) if isinstance(offer, list) else offer
            item.update(
                title=product.get("name") or item["title"],
                sku=product.get("sku"),
                gtin=next((str(product[k]) for k in GTIN_KEYS if product.get(k)), item["gtin"]),
            )
            if offer.get("price") is not None:
                item.update(price=str(offer["price"]), currency=offer.get("priceCurrency"))
            item["availability"] = offer.get("availability") or item["availability"]
            break
    return item
