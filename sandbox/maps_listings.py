"""The maps site's listings of the true businesses: one place per business, as maps shows it.

Every true business is on the maps site exactly once, under a place id that depends only on
the seed and the business (`place_id`), so it is stable across runs and world sizes. A maps
listing differs a little from the directory's, the way real sources differ: the phone in a
national format of its own, the website with or without "www", "https" or a path,
coordinates a few metres off, its own rating and (usually larger) review count, the
address ending in the country's name.

Generated from a random stream of its own ("<seed>:maps"), so adding the maps site changed
nothing in the directory or the marketplace.
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass

from sandbox import variations
from sandbox.businesses import Business
from sandbox.places import City
from sandbox.trades import TRADE_BY_SLUG

COUNTRY_NAME = "United States"
COORDINATE_JITTER = 0.0003  # degrees, about 30 m: where the pin is, not where the door is


@dataclass(frozen=True)
class MapsListing:
    """One place on the maps site, with every field exactly as the details panel shows it."""

    place_id: str
    entity_id: str
    name: str
    categories: tuple[str, ...]  # category names, e.g. ("Coffee Shops", "Bakeries")
    phone: str
    website: str | None
    street: str
    city: City
    postal_code: str
    latitude: float
    longitude: float
    rating: float | None
    review_count: int
    opening_hours: str

    @property
    def address(self) -> str:
        """The one-line address the panel shows: "12 Main Street, Springfield, IL 62701, …"."""
        return (
            f"{self.street}, {self.city.name}, {self.city.region} {self.postal_code}, "
            f"{COUNTRY_NAME}"
        )

    @property
    def search_text(self) -> str:
        """What a search query is matched against: the name and the category names."""
        return " ".join((self.name, *self.categories)).lower()


def place_id(seed: int, entity_id: str) -> str:
    """A stable, opaque place id for a business, shaped like the ones maps sites use."""
    digest = hashlib.sha256(f"{seed}:{entity_id}".encode()).digest()[:16]
    return "ChIJ" + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def list_on_maps(businesses: list[Business], seed: int) -> list[MapsListing]:
    """A maps listing for every business, in the businesses' order."""
    rng = random.Random(f"{seed}:maps")
    return [_listing(business, place_id(seed, business.entity_id), rng) for business in businesses]


def _listing(business: Business, place: str, rng: random.Random) -> MapsListing:
    rating, reviews = business.rating, business.review_count
    if rating is not None:
        rating = round(min(5.0, max(1.0, rating + rng.uniform(-0.2, 0.2))), 1)
        reviews = max(1, int(reviews * rng.uniform(1.0, 2.5)))
    website = None
    if business.website_domain:
        path = f"/locations/{business.city.slug}" if business.chain else ""
        website = variations.website_url(business.website_domain, rng, path)
    return MapsListing(
        place_id=place,
        entity_id=business.entity_id,
        name=business.name,
        categories=tuple(TRADE_BY_SLUG[slug].name for slug in business.trade_slugs),
        phone=variations.format_phone(business.phone_e164, rng.randrange(4)),
        website=website,
        street=business.street,
        city=business.city,
        postal_code=business.postal_code,
        latitude=round(business.latitude + rng.uniform(-COORDINATE_JITTER, COORDINATE_JITTER), 6),
        longitude=round(business.longitude + rng.uniform(-COORDINATE_JITTER, COORDINATE_JITTER), 6),
        rating=rating,
        review_count=reviews,
        opening_hours=business.opening_hours,
    )
