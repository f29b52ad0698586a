"""A marketplace product page for one listing, with or without a Product JSON-LD block.

Both markups show the same visible page: breadcrumb, title, brand (when the seller gave
one), rating, price as the seller writes it, availability in words, seller, images and a
specification table (model number and GTIN only when the listing shows them). The "json-ld"
markup adds a schema.org Product with an Offer: price as a decimal, ISO currency, schema.org
availability URL.

Some pages show their price and availability only through a script (see script_prices):
the HTML's price block and availability are empty, and so is the Offer's price.
"""

from __future__ import annotations

import zlib
from html import escape

from sandbox.catalog import DEPARTMENT_BY_SLUG
from sandbox.html import Page, html_page, json_ld
from sandbox.products import MarketListing
from sandbox.script_prices import (
    STYLESHEET_LINK,
    price_script,
    recommendations,
    shows_price_by_script,
)

AVAILABILITY_TEXTS = {
    "InStock": ("In stock", "In Stock.", "Only {n} left in stock - order soon."),
    "OutOfStock": ("Currently unavailable.", "Out of stock"),
    "PreOrder": ("Available for pre-order.", "Pre-order now"),
}


def product_url(listing_id: str) -> str:
    return f"/market/p/{listing_id}"


def image_urls(listing: MarketListing) -> list[str]:
    return [f"/market/img/{listing.listing_id}-{n}.jpg" for n in range(1, listing.image_count + 1)]


def availability_text(listing: MarketListing) -> str:
    """The words the page uses for the listing's availability (stable per listing)."""
    choice = zlib.crc32(listing.listing_id.encode())
    texts = AVAILABILITY_TEXTS[listing.availability]
    return texts[choice % len(texts)].format(n=2 + choice % 7)


def render_product_page(listing: MarketListing, attributes: tuple[tuple[str, str], ...]) -> Page:
    department = DEPARTMENT_BY_SLUG[listing.department_slug]
    by_script = shows_price_by_script(listing.listing_id)
    head = _product_json_ld(listing, by_script) if listing.markup == "json-ld" else ""
    if by_script:
        head = STYLESHEET_LINK + head
    crumbs = [f'<a href="/market/">{escape(department.path[0])}</a>']
    crumbs += [f"<span>{escape(name)}</span>" for name in department.path[1:-1]]
    crumbs.append(f'<a href="/market/c/{department.slug}">{escape(department.path[-1])}</a>')
    specs = [
        ("Brand", listing.brand),
        ("Model number", listing.mpn),
        (_gtin_label(listing), listing.gtin),
        *((name.capitalize(), value) for name, value in attributes),
    ]
    spec_rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in specs if v)
    parts = [
        f'<nav class="breadcrumb">{" › ".join(crumbs)}</nav>',
        '<div id="dp">',
        f'<h1 id="productTitle">{escape(listing.title)}</h1>',
    ]
    if listing.brand:
        parts.append(
            f'<div class="byline">Brand: <a class="brand" href="/market/">{escape(listing.brand)}</a></div>'
        )
    if listing.rating is not None:
        parts.append(
            f'<div class="rating"><span class="stars">{listing.rating} out of 5 stars</span> '
            f'<span class="ratings-count">{listing.review_count:,} ratings</span></div>'
        )
    price, availability = (
        ("", "") if by_script else (escape(listing.price_text), escape(availability_text(listing)))
    )
    parts += [
        f'<div class="price-block"><span class="price">{price}</span></div>',
        f'<div id="availability">{availability}</div>',
        f'<div class="merchant">Sold by <a class="seller" href="/market/">{escape(listing.seller)}</a></div>',
        '<div class="images">'
        + "".join(f'<img class="product-image" src="{src}" alt="">' for src in image_urls(listing))
        + "</div>",
        f'<table class="specs">{spec_rows}</table>',
        "</div>",
    ]
    if by_script:
        parts += [recommendations(listing.listing_id), price_script(listing.listing_id)]
    return html_page(listing.title, "\n".join(parts), head)


def _gtin_label(listing: MarketListing) -> str:
    return ("GTIN", "EAN")[zlib.crc32(listing.seller.encode()) % 2]


def _product_json_ld(listing: MarketListing, price_by_script: bool = False) -> str:
    offer: dict = {"@type": "Offer"}
    if not price_by_script:
        offer |= {
            "price": str(listing.price),
            "priceCurrency": listing.currency,
            "availability": f"https://schema.org/{listing.availability}",
        }
    offer["seller"] = {"@type": "Organization", "name": listing.seller}
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": listing.title,
        "sku": listing.listing_id,
        "image": image_urls(listing),
        "offers": offer,
    }
    if listing.brand:
        data["brand"] = {"@type": "Brand", "name": listing.brand}
    if listing.gtin:
        data["gtin13"] = listing.gtin
    if listing.mpn:
        data["mpn"] = listing.mpn
    if listing.rating is not None:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": listing.rating,
            "reviewCount": listing.review_count,
        }
    return json_ld(data)
