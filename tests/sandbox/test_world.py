"""The generated world: deterministic, realistic, and carrying the traps matching must handle."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import phonenumbers
import pytest

from sandbox.products import gtin13_check_digit
from sandbox.world import build_world

TRUTH_BUSINESS_KEYS = {
    "entity_id",
    "name",
    "phone_e164",
    "website_domain",
    "street",
    "city",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "categories",
    "listings",
}
TRUTH_PRODUCT_KEYS = {"entity_id", "title", "brand", "gtin", "listings"}
TRUTH_OFFER_KEYS = {"source", "source_id", "seller", "price", "currency", "availability"}


@pytest.fixture(scope="module")
def world():
    return build_world(7, 600, 600)


def test_same_seed_gives_the_same_world():
    assert (
        build_world(11, 80, 50).truth_businesses()
        == build_world.__wrapped__(11, 80, 50).truth_businesses()
    )
    assert (
        build_world(11, 80, 50).truth_products()
        == build_world.__wrapped__(11, 80, 50).truth_products()
    )


def test_another_seed_gives_another_world():
    names = {b["name"] for b in build_world(11, 80, 50).truth_businesses()}
    other = {b["name"] for b in build_world(12, 80, 50).truth_businesses()}
    assert len(names & other) < len(names) / 2


def test_changing_the_product_count_leaves_businesses_unchanged():
    assert build_world(11, 80, 50).truth_businesses() == build_world(11, 80, 90).truth_businesses()


def test_counts_are_out_of_range_with_a_message_naming_the_limit():
    with pytest.raises(ValueError, match=r"businesses=100001 is out of range.*0 to 100,000"):
        build_world(7, 100_001, 10)


def test_the_world_has_the_requested_numbers_of_true_entities(world):
    assert len(world.truth_businesses()) == 600
    assert len(world.truth_products()) == 600


def test_truth_records_carry_the_agreed_keys(world):
    assert TRUTH_BUSINESS_KEYS <= set(world.truth_businesses()[0])
    product = world.truth_products()[0]
    assert TRUTH_PRODUCT_KEYS <= set(product)
    assert TRUTH_OFFER_KEYS <= set(product["listings"][0])


def test_every_listing_belongs_to_exactly_one_true_entity(world):
    business_listings = [l["source_id"] for b in world.truth_businesses() for l in b["listings"]]
    product_listings = [l["source_id"] for p in world.truth_products() for l in p["listings"]]
    assert sorted(business_listings) == sorted(
        [l.listing_id for l in world.directory_listings]
        + [place.place_id for place in world.maps_listings]
    )
    assert sorted(product_listings) == sorted(l.listing_id for l in world.market_listings)
    assert len(set(business_listings)) == len(business_listings)
    assert len(set(product_listings)) == len(product_listings)


def test_business_names_are_realistic_and_varied(world):
    names = [b.name for b in world.businesses]
    assert not any(re.search(r"\d", name) for name in names)
    assert len(set(names)) > 0.9 * len(names)


def test_phones_are_valid_distinct_us_numbers(world):
    phones = [b.phone_e164 for b in world.businesses]
    assert len(set(phones)) == len(phones)
    for phone in phones:
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone)), phone


def test_listings_write_phones_in_several_national_formats(world):
    shapes = {re.sub(r"\d", "9", l.phone) for l in world.directory_listings if l.phone}
    assert shapes == {"(999) 999-9999", "999-999-9999", "+9 999 999 9999", "999.999.9999"}


def test_every_shown_phone_is_the_true_phone_or_a_second_line_of_it(world):
    truth = {b.entity_id: b.phone_e164 for b in world.businesses}
    for listing in world.directory_listings:
        if listing.phone:
            shown = "+1" + re.sub(r"\D", "", listing.phone)[-10:]
            if "second-phone" in listing.variations:
                assert shown != truth[listing.entity_id] and shown not in truth.values()
                assert shown[:-4] == truth[listing.entity_id][:-4]
            else:
                assert shown == truth[listing.entity_id]


def test_a_first_listing_is_written_by_its_contributor_not_copied_from_the_records(world):
    names = {b.entity_id: b.name for b in world.businesses}
    first = {}
    for listing in world.directory_listings:
        first.setdefault(listing.entity_id, listing)
    differing = [l for l in first.values() if l.name != names[l.entity_id] or l.variations]
    assert 0.2 * 600 < len(differing) < 0.7 * 600
    assert {"street-abbreviated", "ampersand", "legal-suffix-dropped"} <= {
        kind for l in first.values() for kind in l.variations
    }


def test_the_truth_names_how_each_directory_listing_differs(world):
    shown = {l.listing_id: list(l.variations) for l in world.directory_listings}
    for business in world.truth_businesses():
        for listing in business["listings"]:
            if listing["source"] == "directory":
                assert listing["variations"] == shown[listing["source_id"]]


def test_some_businesses_are_listed_twice_with_every_kind_of_variation(world):
    per_entity = Counter(l.entity_id for l in world.directory_listings)
    twice = [entity for entity, count in per_entity.items() if count == 2]
    assert 0.04 * 600 < len(twice) < 0.15 * 600
    kinds = Counter(kind for l in world.directory_listings for kind in l.variations)
    assert set(kinds) == {
        "ampersand",
        "legal-suffix-dropped",
        "legal-suffix-added",
        "typo",
        "street-abbreviated",
        "phone-missing",
        "second-phone",
        "website-missing",
    }


def test_chains_are_distinct_businesses_sharing_a_name(world):
    chains = defaultdict(list)
    for business in world.businesses:
        if business.chain:
            chains[business.chain].append(business)
    assert len(chains) >= 2
    for locations in chains.values():
        assert len(locations) >= 3
        assert len({b.phone_e164 for b in locations}) == len(locations)
        assert len({(b.street, b.city) for b in locations}) == len(locations)
        assert len({b.website_domain for b in locations}) == 1


def test_malls_put_different_businesses_at_one_address(world):
    at_address = defaultdict(set)
    for business in world.businesses:
        at_address[(business.street, business.city.slug)].add(business.name)
    assert sum(1 for names in at_address.values() if len(names) >= 3) >= 2


def test_gtins_are_unique_gtin13s_with_valid_check_digits(world):
    gtins = [p.gtin for p in world.products]
    assert len(set(gtins)) == len(gtins)
    for gtin in gtins:
        assert len(gtin) == 13 and gtin[-1] == gtin13_check_digit(gtin[:12])


def test_each_product_is_sold_by_one_to_four_distinct_sellers(world):
    for product in world.truth_products():
        sellers = [offer["seller"] for offer in product["listings"]]
        assert 1 <= len(sellers) <= 4
        assert len(set(sellers)) == len(sellers)
    assert {len(p["listings"]) for p in world.truth_products()} == {1, 2, 3, 4}


def test_listing_ids_look_like_asins(world):
    assert all(re.fullmatch(r"B0[A-Z0-9]{8}", l.listing_id) for l in world.market_listings)


def test_near_duplicate_products_differ_in_one_attribute(world):
    by_line = defaultdict(list)
    for product in world.products:
        by_line[(product.brand, product.model)].append(dict(product.attributes))
    siblings = [
        (a, b)
        for variants in by_line.values()
        for i, a in enumerate(variants)
        for b in variants[i + 1 :]
        if sum(a[k] != b[k] for k in a) == 1
    ]
    assert len(siblings) > 50


def test_listings_vary_titles_and_hide_some_identifiers(world):
    listings = world.market_listings
    titles = {p.entity_id: p.title for p in world.products}
    assert sum(l.title != titles[l.entity_id] for l in listings) > len(listings) / 2
    assert 0.4 < sum(l.gtin is not None for l in listings) / len(listings) < 0.8
    assert 0.1 < sum(l.brand is None for l in listings) / len(listings) < 0.3


def test_prices_are_written_in_several_currencies_and_formats(world):
    texts = [l.price_text for l in world.market_listings]
    patterns = [r"\$\d{1,3}(,\d{3})*\.\d\d", r"\d{1,3}(\.\d{3})*,\d\d €", r"£\d+", r"USD \d+\.\d\d"]
    for pattern in patterns:
        assert any(re.fullmatch(pattern, text) for text in texts), pattern
    assert {l.currency for l in world.market_listings} == {"USD", "EUR", "GBP"}
    assert {l.availability for l in world.market_listings} == {"InStock", "OutOfStock", "PreOrder"}
