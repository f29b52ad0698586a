"""The directory's listings of the true businesses: every field exactly as a page shows it.

A listing is written by whoever contributed it, not copied from the business's records (which
the maps site shows as they are): about a third abbreviate the street ("St."), some write
"&" as "and" or drop "LLC". About 8% of businesses are listed twice, the second listing
spelling things the way another contributor would: street abbreviations, "&"/"and", a legal
suffix dropped or added, a typo, the phone in another format, missing, or the business's
second number, the website written another way or missing, coordinates a little off, its own
rating and review count. Each listing names its differences from the truth in `variations`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sandbox import variations
from sandbox.businesses import Business
from sandbox.places import COUNTRY, City

MARKUPS = ("json-ld", "microdata", "plain-a", "plain-b")
MARKUP_WEIGHTS = (2, 2, 1, 1)  # a third JSON-LD, a third microdata, a third plain (two layouts)
DUPLICATE_SHARE = 0.08
# how often a first listing differs from the business's records, per kind of difference
PRIMARY_VARIATION_SHARES = {
    "street-abbreviated": 0.35,
    "ampersand": 0.2,
    "legal-suffix-dropped": 0.3,
}
SECOND_PHONE_SHARE = 0.15  # of second listings that show a phone


@dataclass(frozen=True)
class DirectoryListing:
    """One directory page about a business, with every field exactly as the page shows it."""

    listing_id: str
    entity_id: str
    name: str
    trade_slugs: tuple[str, ...]
    phone: str | None
    website: str | None
    street: str
    city: City
    postal_code: str
    latitude: float
    longitude: float
    rating: float | None
    review_count: int
    opening_hours: str
    markup: str  # one of MARKUPS
    variations: tuple[str, ...] = ()  # how it differs from the truth, for tests and reports

    country: str = COUNTRY


def list_businesses(businesses: list[Business], rng: random.Random) -> list[DirectoryListing]:
    """Directory listings for every business (some twice), in the order the directory shows."""
    ids = _ListingIds(rng)
    phones = {business.phone_e164 for business in businesses}
    listings = []
    for business in businesses:
        listings.append(_primary_listing(business, ids.new(), rng))
        if rng.random() < DUPLICATE_SHARE:
            listings.append(_duplicate_listing(business, ids.new(), rng, phones))
    rng.shuffle(listings)
    return listings


class _ListingIds:
    ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def new(self) -> str:
        while True:
            listing_id = "".join(self.rng.choices(self.ALPHABET, k=8))
            if listing_id not in self.used:
                self.used.add(listing_id)
                return listing_id


def _website(business: Business, rng: random.Random) -> str | None:
    if business.website_domain is None:
        return None
    path = f"/locations/{business.city.slug}" if business.chain else ""
    return variations.website_url(business.website_domain, rng, path)


def _markup(rng: random.Random) -> str:
    return rng.choices(MARKUPS, MARKUP_WEIGHTS)[0]


def _primary_listing(business: Business, listing_id: str, rng: random.Random) -> DirectoryListing:
    """The first listing of a business, as its contributor wrote name and street."""
    changed: list[str] = []
    name, street = business.name, business.street
    shares = PRIMARY_VARIATION_SHARES
    if rng.random() < shares["street-abbreviated"] and (
        abbreviated := variations.abbreviate_street(street, rng)
    ):
        street = abbreviated
        changed.append("street-abbreviated")
    if rng.random() < shares["ampersand"] and (swapped := variations.swap_ampersand(name)):
        name = swapped
        changed.append("ampersand")
    if rng.random() < shares["legal-suffix-dropped"] and (
        dropped := variations.drop_legal_suffix(name)
    ):
        name = dropped
        changed.append("legal-suffix-dropped")
    return DirectoryListing(
        listing_id=listing_id,
        entity_id=business.entity_id,
        name=name,
        trade_slugs=business.trade_slugs,
        phone=variations.format_phone(business.phone_e164, rng.randrange(4)),
        website=_website(business, rng),
        street=street,
        city=business.city,
        postal_code=business.postal_code,
        latitude=business.latitude,
        longitude=business.longitude,
        rating=business.rating,
        review_count=business.review_count,
        opening_hours=business.opening_hours,
        markup=_markup(rng),
        variations=tuple(changed),
    )


def _duplicate_listing(
    business: Business, listing_id: str, rng: random.Random, phones: set[str]
) -> DirectoryListing:
    """A second listing of the same business, spelled the way another contributor would."""
    changed: list[str] = []
    name, street = business.name, business.street
    if rng.random() < 0.7 and (swapped := variations.swap_ampersand(name)):
        name = swapped
        changed.append("ampersand")
    if rng.random() < 0.7 and (dropped := variations.drop_legal_suffix(name)):
        name = dropped
        changed.append("legal-suffix-dropped")
    elif rng.random() < 0.15 and not business.chain:
        name = variations.add_legal_suffix(name, rng)
        changed.append("legal-suffix-added")
    if rng.random() < 0.3:
        name = variations.typo(name, rng)
        changed.append("typo")
    if rng.random() < 0.6 and (abbreviated := variations.abbreviate_street(street, rng)):
        street = abbreviated
        changed.append("street-abbreviated")
    phone: str | None = variations.format_phone(business.phone_e164, rng.randrange(4))
    if rng.random() < 0.2:
        phone = None
        changed.append("phone-missing")
    elif rng.random() < SECOND_PHONE_SHARE:
        second = _second_number(business.phone_e164, rng, phones)
        phone = variations.format_phone(second, rng.randrange(4))
        changed.append("second-phone")
    website = _website(business, rng)
    if website and rng.random() < 0.2:
        website = None
        changed.append("website-missing")
    rating, reviews = business.rating, business.review_count
    if rating is not None:
        rating = round(min(5.0, max(1.0, rating + rng.uniform(-0.4, 0.4))), 1)
        reviews = max(1, int(reviews * rng.uniform(0.2, 0.9)))
    return DirectoryListing(
        listing_id=listing_id,
        entity_id=business.entity_id,
        name=name,
        trade_slugs=business.trade_slugs,
        phone=phone,
        website=website,
        street=street,
        city=business.city,
        postal_code=business.postal_code,
        latitude=round(business.latitude + rng.uniform(-0.0005, 0.0005), 6),
        longitude=round(business.longitude + rng.uniform(-0.0005, 0.0005), 6),
        rating=rating,
        review_count=reviews,
        opening_hours=business.opening_hours,
        markup=_markup(rng),
        variations=tuple(changed),
    )


def _second_number(e164: str, rng: random.Random, taken: set[str]) -> str:
    """Another line of the business's exchange that no business has as its main number."""
    while True:
        number = f"{e164[:-4]}{rng.randrange(10000):04d}"
        if number not in taken:
            taken.add(number)
            return number
