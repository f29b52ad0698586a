"""Scoring the generic spiders' items against the sandbox's truth, field by field.

Items are joined to the truth by URL: a marketplace product page is /market/p/<listing id>,
a directory business page /directory/biz/<listing id>, and the truth names every listing
by that id. Each field of each listing the truth knows is right or wrong; a listing the
crawl missed is wrong in every field, so a share is also a coverage.

What a listing's page shows is not always the truth's value: a seller writes the title its
own way and leaves out the brand or GTIN on some listings, a duplicate directory listing
spells the name or street differently, moves the pin a little, or leaves out the phone.
So each field is scored against the value the page shows (from the sandbox world, which
renders the pages), and where that can differ from the truth, against the truth as well
("name (truth)"); a field the page leaves out must come out empty. Values are compared
after `pipelines.normalize`, as the pipelines would store them.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from urllib.parse import urlsplit

from pipelines.normalize import (
    availability,
    clean_text,
    parse_price,
    phone_e164,
    registered_domain,
    valid_gtin,
)
from sandbox.world import World

COORDINATE_TOLERANCE = 1e-6  # degrees; the pages print six decimals


def listing_id(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def product_scores(items: list[dict], truth: list[dict], world: World) -> dict[str, float]:
    """The share of truth listings each product field is right for."""
    by_listing = {listing_id(item["url"]): item for item in items}
    shown = {listing.listing_id: listing for listing in world.market_listings}
    right: Counter = Counter()
    total = 0
    for product in truth:
        for offer in product["listings"]:
            total += 1
            item = by_listing.get(offer["source_id"])
            if item is None:
                continue
            page = shown[offer["source_id"]]
            price = parse_price(item["price"], item["currency"])
            checks = {
                "found": True,
                "price": price.amount == Decimal(offer["price"]),
                "currency": price.currency == offer["currency"],
                "price and currency": price.amount == Decimal(offer["price"])
                and price.currency == offer["currency"],
                "availability": availability(item["availability"]) == offer["availability"],
                "title": clean_text(item["title"]) == page.title,
                "brand": clean_text(item["brand"]) == (product["brand"] if page.brand else None),
                "gtin": valid_gtin(item["gtin"])
                == (valid_gtin(product["gtin"]) if page.gtin else None),
            }
            right.update(name for name, ok in checks.items() if ok)
    return {name: right[name] / total for name in _PRODUCT_FIELDS} if total else {}


def business_scores(items: list[dict], truth: list[dict], world: World) -> dict[str, float]:
    """The share of truth directory listings each business field is right for."""
    by_listing = {listing_id(item["url"]): item for item in items}
    shown = {listing.listing_id: listing for listing in world.directory_listings}
    right: Counter = Counter()
    total = 0
    for business in truth:
        for entry in business["listings"]:
            if entry["source"] != "directory":
                continue
            total += 1
            item = by_listing.get(entry["source_id"])
            if item is None:
                continue
            page = shown[entry["source_id"]]
            phone = phone_e164(item["phone"], item["country"])
            checks = {
                "found": True,
                "phone": phone == (business["phone_e164"] if page.phone else None),
                "website": registered_domain(item["website"])
                == (business["website_domain"] if page.website else None),
                "name": clean_text(item["name"]) == page.name,
                "name (truth)": clean_text(item["name"]) == business["name"],
                "street": clean_text(item["street"]) == page.street,
                "street (truth)": clean_text(item["street"]) == business["street"],
                "city": clean_text(item["city"]) == business["city"],
                "postal code": clean_text(item["postal_code"]) == business["postal_code"],
                "lat/lng": _same_place(item, page.latitude, page.longitude),
                "lat/lng (truth)": _same_place(item, business["latitude"], business["longitude"]),
            }
            right.update(name for name, ok in checks.items() if ok)
    return {name: right[name] / total for name in _BUSINESS_FIELDS} if total else {}


def _same_place(item: dict, latitude: float, longitude: float) -> bool:
    if item["latitude"] is None or item["longitude"] is None:
        return False
    return (
        abs(item["latitude"] - latitude) <= COORDINATE_TOLERANCE
        and abs(item["longitude"] - longitude) <= COORDINATE_TOLERANCE
    )


def score_table(scores: dict[str, float]) -> str:
    return "\n".join(f"  {name:<20} {share:8.2%}" for name, share in scores.items())


_PRODUCT_FIELDS = (
    "found",
    "price and currency",
    "price",
    "currency",
    "availability",
    "title",
    "gtin",
    "brand",
)
_BUSINESS_FIELDS = (
    "found",
    "phone",
    "website",
    "name",
    "name (truth)",
    "street",
    "street (truth)",
    "city",
    "postal code",
    "lat/lng",
    "lat/lng (truth)",
)
