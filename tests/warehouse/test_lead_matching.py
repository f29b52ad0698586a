"""Lead matching on the traps real listings set: one business written differently by two
sources is one lead; branches of a chain, shops in a mall and restaurants in one hotel are not.

One scenario, built once from a real raw store; each listing's true business is in TRUTH.
"""

from __future__ import annotations

import pytest

from warehouse.build import build_warehouse
from warehouse.clusters import lead_clusters
from warehouse.scoring import pairwise_scores

SPRINGFIELD = {"city": "Springfield", "region": "IL", "postal_code": "62701", "country": "US"}
TRUTH = {
    ("directory", "ace"): "ace",
    ("maps", "ace"): "ace",
    ("directory", "ace-2"): "ace",
    ("directory", "bean-elm"): "bean-elm",
    ("directory", "bean-oak"): "bean-oak",
    ("maps", "bean-oak"): "bean-oak",
    ("directory", "shoes"): "shoes",
    ("directory", "tea"): "tea",
    ("maps", "tea"): "tea",
    ("directory", "tea-2"): "tea",
    ("directory", "grill"): "grill",
    ("directory", "lounge"): "lounge",
    ("directory", "dental"): "dental",
    ("maps", "dental"): "dental",
}


def write_scenario(raw) -> None:
    directory = raw.crawl_run("directory", started=0, finished=10)
    maps = raw.crawl_run("maps", started=20, finished=30)
    # one plumber: the maps listing abbreviates, spells "&" out, drops "LLC", writes the
    # website another way; a second directory listing has a typo, no phone and no website
    raw.lead(
        directory,
        "directory",
        "ace",
        1,
        name="Ace & Sons Plumbing, LLC",
        phone="+12175550100",
        website_domain="aceplumbing.com",
        street="1200 North Main Street",
        latitude=39.7817,
        longitude=-89.6501,
        **SPRINGFIELD,
    )
    raw.lead(
        maps,
        "maps",
        "ace",
        21,
        name="Ace and Sons Plumbing",
        phone="+12175550100",
        website_domain="aceplumbing.com",
        street="1200 N. Main St.",
        latitude=39.7819,
        longitude=-89.6503,
        **SPRINGFIELD,
    )
    raw.lead(
        directory,
        "directory",
        "ace-2",
        2,
        name="Ace & Snos Plumbing",
        street="1200 N Main Street",
        latitude=39.7816,
        longitude=-89.6500,
        **SPRINGFIELD,
    )
    # a chain: one name, one website, two branches with their own phones and addresses
    chain = {"name": "Bean There Coffee", "website_domain": "beanthere.com", **SPRINGFIELD}
    raw.lead(
        directory,
        "directory",
        "bean-elm",
        3,
        phone="+12175550200",
        street="10 Elm Ave",
        latitude=39.7900,
        longitude=-89.6400,
        **chain,
    )
    raw.lead(
        directory,
        "directory",
        "bean-oak",
        4,
        phone="+12175550201",
        street="990 Oak Rd",
        latitude=39.7700,
        longitude=-89.6600,
        **chain,
    )
    raw.lead(
        maps,
        "maps",
        "bean-oak",
        22,
        phone="(217) 555-0201",
        street="990 Oak Road",
        latitude=39.7701,
        longitude=-89.6601,
        **chain,
    )
    # a mall: two shops at one address, metres apart
    mall = {"street": "500 Mall Blvd", **SPRINGFIELD}
    raw.lead(
        directory,
        "directory",
        "shoes",
        5,
        name="Shoe Shack",
        phone="+12175550300",
        latitude=39.8001,
        longitude=-89.6001,
        **mall,
    )
    raw.lead(
        directory,
        "directory",
        "tea",
        6,
        name="Tea Time",
        phone="+12175550301",
        latitude=39.8002,
        longitude=-89.6002,
        **mall,
    )
    raw.lead(
        directory,
        "directory",
        "tea-2",
        7,
        name="Tea Time",
        phone="+12175550301",
        latitude=39.8002,
        longitude=-89.6002,
        **mall,
    )
    # the tea room again on maps, with a second number of its own
    raw.lead(
        maps,
        "maps",
        "tea",
        23,
        name="Tea Time",
        phone="+12175550399",
        latitude=39.8002,
        longitude=-89.6001,
        **mall,
    )
    # a hotel: two restaurants sharing its switchboard and address
    hotel = {"phone": "+12175550400", "street": "1 Plaza Square", **SPRINGFIELD}
    raw.lead(directory, "directory", "grill", 7, name="Palace Grill", **hotel)
    raw.lead(directory, "directory", "lounge", 8, name="Circus Lounge", **hotel)
    # a dentist whose maps listing has only a one-line address and a local phone number
    raw.lead(
        directory,
        "directory",
        "dental",
        9,
        name="Riverside Dental",
        phone="+12175550500",
        street="77 River Rd",
        **SPRINGFIELD,
    )
    raw.lead(maps, "maps", "dental", 24, name="Riverside Dental", phone_raw="555-0500",
             address_raw="77 River Road, Springfield, IL 62701")  # fmt: skip


@pytest.fixture(scope="module")
def warehouse(raw_writer, database_url, tmp_path_factory):
    write_scenario(raw_writer.empty())
    target = tmp_path_factory.mktemp("lead-matching") / "warehouse.duckdb"
    build_warehouse(database_url, target, export_dir=None)
    return target


@pytest.fixture(scope="module")
def clusters(warehouse):
    return lead_clusters(warehouse)


def same(clusters, *keys) -> bool:
    return len({clusters[key] for key in keys}) == 1


def test_one_business_written_differently_by_two_sources_is_one_lead(clusters):
    assert same(clusters, ("directory", "ace"), ("maps", "ace"))


def test_a_duplicate_with_a_typo_and_no_phone_or_website_joins_by_name_and_address(clusters):
    assert same(clusters, ("directory", "ace"), ("directory", "ace-2"))


def test_branches_of_a_chain_stay_apart(clusters):
    assert not same(clusters, ("directory", "bean-elm"), ("directory", "bean-oak"))


def test_a_chain_branch_on_two_sources_is_one_lead(clusters):
    assert same(clusters, ("directory", "bean-oak"), ("maps", "bean-oak"))


def test_two_shops_at_one_mall_address_stay_apart(clusters):
    assert not same(clusters, ("directory", "shoes"), ("directory", "tea"))


def test_a_listing_with_a_second_phone_number_joins_by_name_and_address(clusters):
    assert same(clusters, ("directory", "tea"), ("maps", "tea"))


def test_two_restaurants_sharing_a_hotel_phone_and_address_stay_apart(clusters):
    assert not same(clusters, ("directory", "grill"), ("directory", "lounge"))


def test_a_local_phone_and_a_one_line_address_are_enough(clusters):
    assert same(clusters, ("directory", "dental"), ("maps", "dental"))


def test_the_scenario_clusters_match_the_truth_exactly(clusters):
    scores = pairwise_scores(clusters, TRUTH)
    assert (scores.precision, scores.recall, scores.records) == (1.0, 1.0, len(TRUTH))


def test_every_candidate_pair_carries_its_evidence(warehouse, read):
    [pair] = read(
        warehouse,
        "select matched.* from int_lead_pairs_matched as matched "
        "join int_lead_listings_keyed as l on l.listing_number = matched.left_number "
        "join int_lead_listings_keyed as r on r.listing_number = matched.right_number "
        "where l.source_id = 'grill' and r.source_id = 'lounge'",
    )
    assert (pair["phone_equal"], pair["house_number_equal"], pair["is_match"]) == (
        True,
        True,
        False,
    )
    assert pair["name_weight"] < 0 and pair["match_weight"] < 6


def test_a_lead_keeps_the_phone_most_of_its_listings_agree_on(warehouse, read):
    [tea] = read(warehouse, "select phone, listing_count from leads where name = 'Tea Time'")
    assert tea == {"phone": "+12175550301", "listing_count": 3}  # not the newest, +12175550399


def test_a_lead_keeps_the_whole_address_of_the_listing_that_gives_most_of_it(warehouse, read):
    [dental] = read(
        warehouse,
        "select street, city, region, postal_code from leads where name = 'Riverside Dental'",
    )
    assert dental == {
        "street": "77 River Rd",
        **{k: SPRINGFIELD[k] for k in ("city", "region", "postal_code")},
    }


def test_a_lead_keeps_its_id_when_a_listing_seen_later_joins_it(raw_store, build):
    run = raw_store.crawl_run("directory", started=0, finished=1)
    place = {"street": "12 Main St", **SPRINGFIELD}
    raw_store.lead(
        run, "directory", "z-first", 1, name="Ace Plumbing", phone="+12175550100", **place
    )
    before = lead_clusters(build(raw_store.url).target)
    later = raw_store.crawl_run("maps", started=5, finished=6)
    # seen later, yet first in (source, source_id) order
    raw_store.lead(later, "maps", "a-later", 5, name="Ace Plumbing", phone="+12175550100", **place)
    after = lead_clusters(build(raw_store.url).target)
    assert (
        after["maps", "a-later"] == after["directory", "z-first"] == before["directory", "z-first"]
    )
