"""The generic extraction reads the sandbox's directory and marketplace pages as their truth says.

The sandbox renders each listing in one of several markups (JSON-LD, microdata, plain
class names in two layouts); the generic extraction has no rules for any of them, so this
measures it on pages it was not written for. The pages are rendered in process (the same
bytes the sandbox server sends); every field must come out right on at least
`REQUIRED_SHARE` of each markup's pages. Pages whose price a script fills in must give no
price at all.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from sandbox.business_pages import render_business_page
from sandbox.product_pages import render_product_page
from sandbox.script_prices import shows_price_by_script
from sandbox.world import build_world
from spiders.extraction.generic import extract_business, extract_product

REQUIRED_SHARE = 0.95


@functools.cache
def world():
    return build_world(seed=11, businesses=80, products=80)


def business_checks(listing, found) -> dict[str, bool]:
    return {
        "name": found.name == listing.name,
        "street": found.address["street"] == listing.street,
        "city": found.address["city"] == listing.city.name,
        "postal_code": found.address["postal_code"] == listing.postal_code,
        "coordinates": found.latitude == pytest.approx(listing.latitude, abs=1e-5)
        and found.longitude == pytest.approx(listing.longitude, abs=1e-5),
        "phone": [p["raw"] for p in found.phones][:1] == ([listing.phone] if listing.phone else []),
        "website": found.website == listing.website,
        "rating": found.rating == listing.rating,
    }


def product_checks(listing, found) -> dict[str, bool]:
    if shows_price_by_script(listing.listing_id):
        # only a browser sees this page's price: none may come out, and no guess either
        offer = {
            "price": found.price is None,
            "currency": found.currency is None,
            "availability": found.availability == "Unknown",
        }
    else:
        offer = {
            "price": found.price is not None and Decimal(found.price) == listing.price,
            "currency": found.currency == listing.currency,
            "availability": found.availability == listing.availability,
        }
    return {
        "name": found.name == listing.title,
        **offer,
        "brand": found.brand == listing.brand,
        "gtin": (found.gtin and int(found.gtin)) == (listing.gtin and int(listing.gtin)),
        "mpn": found.mpn == listing.mpn,
        "seller": found.seller == listing.seller,
        "rating": found.rating == listing.rating,
    }


def shares(listings, render, extract, checks, path) -> dict[tuple[str, str], float]:
    right: dict[str, Counter] = defaultdict(Counter)
    pages: Counter = Counter()
    for listing in listings:
        found = extract(render(listing).body, f"http://127.0.0.1:8700{path}{listing.listing_id}")
        pages[listing.markup] += 1
        for field, ok in checks(listing, found).items():
            right[listing.markup][field] += bool(ok)
    return {
        (markup, field): count / pages[markup]
        for markup, counts in right.items()
        for field, count in counts.items()
    }


def test_directory_pages_in_every_markup_give_their_listing():
    found = shares(
        world().directory_listings,
        render_business_page,
        extract_business,
        business_checks,
        "/directory/b/",
    )
    short = {key: share for key, share in found.items() if share < REQUIRED_SHARE}
    assert not short, f"fields below {REQUIRED_SHARE:.0%}: {short}"


def test_marketplace_pages_in_every_markup_give_their_listing():
    found = shares(
        world().market_listings,
        lambda l: render_product_page(l, ()),
        extract_product,
        product_checks,
        "/market/p/",
    )
    short = {key: share for key, share in found.items() if share < REQUIRED_SHARE}
    assert not short, f"fields below {REQUIRED_SHARE:.0%}: {short}"
