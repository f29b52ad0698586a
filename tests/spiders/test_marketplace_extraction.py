"""Reading marketplace pages: both markups, every listing of the default world."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from sandbox.catalog import DEPARTMENT_BY_SLUG
from sandbox.product_pages import availability_text, image_urls
from sandbox.products import PRODUCT_MARKUPS, MarketListing
from sandbox.script_prices import shows_price_by_script
from sandbox.site import render_site
from sandbox.world import build_world
from spiders.extraction.marketplace import (
    missing_fields,
    parse_departments_page,
    parse_listing_page,
    parse_product_page,
)
from spiders.extraction.markup import UnknownLayout

BASE = "http://127.0.0.1:8700"


@pytest.fixture(scope="module")
def world():
    return build_world()


@pytest.fixture(scope="module")
def pages():
    return render_site()


def expected_product(listing: MarketListing) -> dict:
    """What the page for `listing` says, in ProductItem terms."""
    structured = listing.markup == "json-ld"
    return {
        "source": "marketplace",
        "source_id": listing.listing_id,
        "url": f"{BASE}/market/p/{listing.listing_id}",
        "title": listing.title,
        "brand": listing.brand,
        "gtin": listing.gtin,
        "sku": listing.listing_id if structured else None,
        "mpn": listing.mpn,
        # JSON-LD states a decimal and an ISO code; a plain page only the seller's text
        "price": str(listing.price) if structured else listing.price_text,
        "currency": listing.currency if structured else None,
        "availability": (
            f"https://schema.org/{listing.availability}"
            if structured
            else availability_text(listing)
        ),
        "rating": listing.rating,
        "review_count": listing.review_count if listing.rating is not None else None,
        "seller": listing.seller,
        "category_path": list(DEPARTMENT_BY_SLUG[listing.department_slug].path),
        "image_urls": [BASE + src for src in image_urls(listing)],
    }


@pytest.mark.parametrize("markup", PRODUCT_MARKUPS)
def test_every_product_page_of_a_markup_reads_as_it_was_written(markup, world, pages):
    listings = [l for l in world.market_listings if l.markup == markup]
    assert len(listings) > 100
    for listing in listings:
        url = f"{BASE}/market/p/{listing.listing_id}"
        item = asdict(
            parse_product_page(pages[f"/market/p/{listing.listing_id}"].body.decode(), url)
        )
        raw = item.pop("raw")
        expected, price_text = expected_product(listing), listing.price_text
        if shows_price_by_script(listing.listing_id):  # a browser reads these (see below)
            expected |= {"price": None, "currency": None, "availability": None}
            price_text = None
        assert raw["markup"] == markup and raw["price_text"] == price_text
        assert item == expected, listing.listing_id


def test_pages_whose_price_a_script_shows_lack_the_required_fields_over_http(world, pages):
    for listing in world.market_listings:
        url = f"{BASE}/market/p/{listing.listing_id}"
        item = parse_product_page(pages[f"/market/p/{listing.listing_id}"].body.decode(), url)
        if shows_price_by_script(listing.listing_id):
            assert missing_fields(item) == ["price", "availability"], listing.listing_id
            assert item.title and item.seller, listing.listing_id
        else:
            assert missing_fields(item) == [], listing.listing_id


def test_specifications_are_kept_in_raw(world, pages):
    listing = world.market_listings[0]
    product = next(p for p in world.products if p.entity_id == listing.entity_id)
    item = parse_product_page(
        pages[f"/market/p/{listing.listing_id}"].body.decode(),
        f"{BASE}/market/p/{listing.listing_id}",
    )
    for name, value in product.attributes:
        assert item.raw["specs"][name.capitalize()] == value


def test_the_marketplace_home_links_every_category(pages):
    urls = parse_departments_page(pages["/market/"].body.decode(), f"{BASE}/market/")
    assert urls == [f"{BASE}/market/c/{slug}" for slug in DEPARTMENT_BY_SLUG]


def test_a_listing_page_gives_24_product_urls_and_the_next_page(world, pages):
    phones = [l for l in world.market_listings if l.department_slug == "phones"]
    products, next_url = parse_listing_page(
        pages["/market/c/phones"].body.decode(), f"{BASE}/market/c/phones"
    )
    assert products == [f"{BASE}/market/p/{l.listing_id}" for l in phones[:24]]
    assert next_url == f"{BASE}/market/c/phones?page=2"


def test_a_page_that_is_not_a_product_page_is_refused(pages):
    with pytest.raises(UnknownLayout, match="has no #productTitle"):
        parse_product_page(pages["/market/"].body.decode(), f"{BASE}/market/p/B000000000")
