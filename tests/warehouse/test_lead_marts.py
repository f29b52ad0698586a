"""The lead marts: listings of one business merged into one lead, and nothing more merged.

One scenario, built once: two sources (directory, maps), two crawl runs, and the traps
real data sets: a business listed twice, a chain sharing one website across branches, two
businesses at one mall address, a name written two ways.
"""

from __future__ import annotations

import hashlib

import pytest

from warehouse.build import build_warehouse
from warehouse.clusters import lead_clusters
from warehouse.scoring import pairwise_scores

JOES = "+12175550142"
# the real-world business behind each listing, as the scenario writes it
TRUTH = {
    ("directory", "d1"): "joes-pizza",
    ("directory", "d2"): "joes-pizza",
    ("maps", "m1"): "joes-pizza",
    ("directory", "d3"): "bean-there-elm",
    ("directory", "d4"): "bean-there-oak",
    ("maps", "m2"): "bean-there-oak",
    ("directory", "d5"): "shoe-shack",
    ("directory", "d6"): "tea-time",
    ("directory", "d7"): "smith-plumbing",
    ("maps", "m3"): "smith-plumbing",
}


def write_scenario(raw) -> None:
    first = raw.crawl_run("directory", started=0, finished=10)
    second = raw.crawl_run("directory", started=60, finished=70)
    maps = raw.crawl_run("maps", started=30, finished=40)
    joes = {
        "website_domain": "joespizza.com",
        "city": "Springfield",
        "region": "IL",
        "country": "US",
    }
    # Joe's Pizza: seen in both directory runs (renamed in between), listed twice, on maps too
    raw.lead(
        first,
        "directory",
        "d1",
        1,
        name="Joe's Pizza LLC",
        phone=JOES,
        street="12 Main St.",
        categories=["pizza"],
        emails=["Joe@JoesPizza.com"],
        rating=4.0,
        review_count=10,
        **joes,
    )
    raw.lead(
        second,
        "directory",
        "d1",
        61,
        name="Joe's Pizza & Pasta",
        phone=JOES,
        street="12 Main St.",
        categories=["pizza"],
        rating=4.0,
        review_count=10,
        **joes,
    )
    raw.lead(
        first,
        "directory",
        "d2",
        2,
        name="Joes Pizza",
        street="12 Main Street",
        categories=["restaurant"],
        emails=["joe@joespizza.com"],
        **joes,
    )
    raw.lead(
        maps,
        "maps",
        "m1",
        31,
        name="Joe's Pizza",
        phone=JOES,
        rating=5.0,
        review_count=30,
        latitude=39.78,
        longitude=-89.65,
    )
    # Bean There: a chain, one website, two branches; the Oak branch is also on maps
    chain = {"name": "Bean There", "website_domain": "beanthere.com", "city": "Springfield"}
    raw.lead(first, "directory", "d3", 3, phone="+12175550100", street="1 Elm Ave", **chain)
    raw.lead(first, "directory", "d4", 4, phone="+12175550101", street="99 Oak Rd", **chain)
    raw.lead(maps, "maps", "m2", 32, street="99 Oak Road", **chain)
    # a mall: two businesses at one address
    raw.lead(
        first, "directory", "d5", 5, name="Shoe Shack", phone="+12175550200", street="500 Mall Blvd"
    )
    raw.lead(
        first, "directory", "d6", 6, name="Tea Time", phone="+12175550201", street="500 Mall Blvd"
    )
    # one plumber, written two ways, only the maps listing has a phone
    raw.lead(first, "directory", "d7", 7, name="Smith & Sons Plumbing, LLC", street="7 Pine St")
    raw.lead(
        maps,
        "maps",
        "m3",
        33,
        name="Smith and Sons Plumbing",
        phone="+12175550300",
        street="7 Pine Street",
    )


@pytest.fixture(scope="module")
def warehouse(raw_writer, database_url, tmp_path_factory):
    write_scenario(raw_writer.empty())
    target = tmp_path_factory.mktemp("leads") / "warehouse.duckdb"
    build_warehouse(database_url, target, export_dir=None)
    return target


def lead_of(warehouse, read, source_id):
    rows = read(warehouse, "select lead_id from lead_sources where source_id = ?", [source_id])
    return rows[0]["lead_id"]


def test_listings_sharing_a_phone_are_one_lead(warehouse, read):
    assert lead_of(warehouse, read, "m1") == lead_of(warehouse, read, "d1")


def test_listings_sharing_a_website_at_one_address_are_one_lead(warehouse, read):
    # d2 has no phone; "12 Main Street" is "12 Main St." written out
    assert lead_of(warehouse, read, "d2") == lead_of(warehouse, read, "d1")


def test_branches_of_a_chain_sharing_a_website_stay_apart(warehouse, read):
    assert lead_of(warehouse, read, "d3") != lead_of(warehouse, read, "d4")


def test_a_chain_branch_listed_twice_merges_on_website_and_street(warehouse, read):
    assert lead_of(warehouse, read, "m2") == lead_of(warehouse, read, "d4")


def test_businesses_at_one_address_stay_apart(warehouse, read):
    assert lead_of(warehouse, read, "d5") != lead_of(warehouse, read, "d6")


def test_one_name_written_two_ways_at_one_street_is_one_lead(warehouse, read):
    assert lead_of(warehouse, read, "m3") == lead_of(warehouse, read, "d7")


def test_the_scenario_clusters_match_the_truth_exactly(warehouse):
    scores = pairwise_scores(lead_clusters(warehouse), TRUTH)
    assert (scores.precision, scores.recall, scores.records) == (1.0, 1.0, len(TRUTH))


def test_leads_has_one_row_per_business(warehouse, read):
    rows = read(warehouse, "select count(*) as leads, count(distinct lead_id) as ids from leads")
    assert rows == [{"leads": len(set(TRUTH.values())), "ids": len(set(TRUTH.values()))}]


def test_a_lead_takes_each_field_from_the_latest_listing_that_has_it(warehouse, read):
    [joes] = read(warehouse, "select * from leads where phone = ?", [JOES])
    assert joes["name"] == "Joe's Pizza & Pasta"  # d1 in the second run, seen last
    assert joes["street"] == "12 Main St."  # maps has no street
    assert (joes["latitude"], joes["longitude"]) == (39.78, -89.65)  # only maps has them
    assert joes["website_domain"] == "joespizza.com"


def test_a_lead_unites_lists_and_sources(warehouse, read):
    [joes] = read(warehouse, "select * from leads where phone = ?", [JOES])
    assert joes["categories"] == ["pizza", "restaurant"]
    assert joes["emails"] == ["joe@joespizza.com"]
    assert (joes["sources"], joes["source_count"], joes["listing_count"]) == (
        ["directory", "maps"],
        2,
        3,
    )


def test_a_lead_rating_weighs_each_source_by_its_reviews(warehouse, read):
    [joes] = read(warehouse, "select rating, review_count from leads where phone = ?", [JOES])
    assert joes == {"rating": 4.75, "review_count": 40}  # (4*10 + 5*30) / 40


def test_first_and_last_seen_span_every_observation(warehouse, read, raw_writer):
    [joes] = read(warehouse, "select first_seen, last_seen from leads where phone = ?", [JOES])
    assert (joes["first_seen"], joes["last_seen"]) == (raw_writer.at(1), raw_writer.at(61))


def test_lead_sources_has_each_listing_once_with_its_sightings(warehouse, read):
    rows = read(warehouse, "select source, source_id, times_seen from lead_sources")
    assert sorted((r["source"], r["source_id"]) for r in rows) == sorted(TRUTH)
    assert {r["source_id"]: r["times_seen"] for r in rows}["d1"] == 2


def test_a_lead_id_is_the_hash_of_its_smallest_listing(warehouse, read):
    expected = hashlib.md5(b"directory:d1").hexdigest()[:16]
    assert lead_of(warehouse, read, "m1") == expected


def test_lead_ids_are_the_same_after_a_rebuild(warehouse, database_url, tmp_path):
    rebuilt = tmp_path / "again.duckdb"
    build_warehouse(database_url, rebuilt, export_dir=None)
    assert lead_clusters(rebuilt) == lead_clusters(warehouse)
