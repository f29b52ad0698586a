"""Reading directory pages: every layout, every listing of the default world, against what
the page was generated to show."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from sandbox.directory_listings import MARKUPS, DirectoryListing
from sandbox.site import render_site
from sandbox.trades import TRADE_BY_SLUG
from sandbox.world import build_world
from spiders.extraction.directory import parse_business_page, parse_search_page
from spiders.extraction.markup import UnknownLayout

BASE = "http://127.0.0.1:8700"


@pytest.fixture(scope="module")
def world():
    return build_world()


@pytest.fixture(scope="module")
def pages():
    return render_site()


def expected_lead(listing: DirectoryListing) -> dict:
    """What the page for `listing` says, in LeadItem terms."""
    city = listing.city
    reviewed = listing.rating is not None
    return {
        "source": "directory",
        "source_id": listing.listing_id,
        "url": f"{BASE}/directory/biz/{listing.listing_id}",
        "name": listing.name,
        "categories": [TRADE_BY_SLUG[slug].name for slug in listing.trade_slugs],
        "phone": listing.phone,
        "emails": [],
        "website": listing.website,
        "address": f"{listing.street}, {city.name}, {city.region} {listing.postal_code}",
        "street": listing.street,
        "city": city.name,
        "region": city.region,
        "postal_code": listing.postal_code,
        "country": None if listing.markup == "plain-b" else "US",  # plain-b does not say
        "latitude": listing.latitude,
        "longitude": listing.longitude,
        "rating": listing.rating,
        "review_count": listing.review_count if reviewed else None,
        "opening_hours": listing.opening_hours,
    }


@pytest.mark.parametrize("markup", MARKUPS)
def test_every_business_page_of_a_layout_reads_as_it_was_written(markup, world, pages):
    listings = [l for l in world.directory_listings if l.markup == markup]
    assert len(listings) > 50
    for listing in listings:
        url = f"{BASE}/directory/biz/{listing.listing_id}"
        item = asdict(
            parse_business_page(pages[f"/directory/biz/{listing.listing_id}"].body.decode(), url)
        )
        assert item.pop("raw")["markup"] == markup
        assert item == expected_lead(listing), listing.listing_id


def test_pages_without_phone_website_or_reviews_read_as_missing(world, pages):
    bare = [
        l
        for l in world.directory_listings
        if l.phone is None or l.website is None or l.rating is None
    ]
    assert {l.markup for l in bare} == set(MARKUPS)
    for listing in bare:
        url = f"{BASE}/directory/biz/{listing.listing_id}"
        item = parse_business_page(pages[f"/directory/biz/{listing.listing_id}"].body.decode(), url)
        assert (item.phone, item.website, item.rating) == (
            listing.phone,
            listing.website,
            listing.rating,
        )


def test_structured_pages_keep_their_schema_org_type(world, pages):
    listing = next(l for l in world.directory_listings if l.markup == "json-ld")
    item = parse_business_page(
        pages[f"/directory/biz/{listing.listing_id}"].body.decode(),
        f"{BASE}/directory/biz/{listing.listing_id}",
    )
    assert item.raw["schema_type"] == TRADE_BY_SLUG[listing.trade_slugs[0]].schema_type


def test_a_search_page_gives_absolute_business_urls_and_the_next_page(world, pages):
    details, next_url = parse_search_page(
        pages["/directory/search?page=2"].body.decode(), f"{BASE}/directory/search?page=2"
    )
    shown = world.directory_listings[20:40]
    assert details == [f"{BASE}/directory/biz/{l.listing_id}" for l in shown]
    assert next_url == f"{BASE}/directory/search?page=3"


def test_the_last_search_page_has_no_next_page(world, pages):
    last = -(-len(world.directory_listings) // 20)
    details, next_url = parse_search_page(
        pages[f"/directory/search?page={last}"].body.decode(),
        f"{BASE}/directory/search?page={last}",
    )
    assert 0 < len(details) <= 20
    assert next_url is None


def test_a_page_in_no_known_layout_is_refused_with_its_url(pages):
    with pytest.raises(
        UnknownLayout, match=r"http://x/directory/biz/abc is not a directory business page"
    ):
        parse_business_page(pages["/"].body.decode(), "http://x/directory/biz/abc")
