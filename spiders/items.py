"""The items spiders yield: one typed record per thing a page said about a business or product.

Items carry what the page said, raw (phone as written, price as text); the pipelines
validate and normalize them. `raw` keeps everything else the page said, as JSON-able data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class LeadItem:
    """A business as one source shows it."""

    source: str
    source_id: str  # stable per site: place id, listing id, or canonical URL
    url: str
    name: str | None = None
    categories: list[str] = field(default_factory=list)
    phone: str | None = None  # raw, as written on the page
    emails: list[str] = field(default_factory=list)
    website: str | None = None
    address: str | None = None  # raw, one line
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 when the page says it
    latitude: float | None = None
    longitude: float | None = None
    rating: float | None = None
    review_count: int | None = None
    opening_hours: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class ProductItem:
    """A product offer as one source shows it."""

    source: str
    source_id: str  # ASIN-like id, SKU, or canonical URL
    url: str
    title: str | None = None
    brand: str | None = None
    gtin: str | None = None
    sku: str | None = None
    mpn: str | None = None
    price: str | None = None  # raw text, e.g. "1.299,99 €"
    currency: str | None = None  # hint from the page (ISO code or symbol), if any
    availability: str | None = None  # raw, e.g. "In stock", "http://schema.org/OutOfStock"
    rating: float | None = None
    review_count: int | None = None
    seller: str | None = None
    category_path: list[str] = field(default_factory=list)
    image_urls: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class ContactItem:
    """What a lead's own website shows to reach the business by, linked to the lead."""

    source: str  # the lead's source and id (the listing the website came from)
    source_id: str
    url: str  # the site's home page, as crawled
    website: str | None = None  # the website as the lead gave it
    # each value with the pages it was read on:
    emails: list[dict[str, Any]] = field(default_factory=list)  # {"email", "role", "pages"}
    phones: list[dict[str, Any]] = field(default_factory=list)  # {"raw", "e164", "pages"}
    socials: list[dict[str, Any]] = field(default_factory=list)  # {"network", "url", "pages"}
    pages: list[str] = field(default_factory=list)  # every page read, in crawl order
    raw: dict[str, Any] = field(default_factory=dict)
