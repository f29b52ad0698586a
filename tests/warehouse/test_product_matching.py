"""Product matching on titles: one product written four ways by four sellers is one product;
its siblings (another storage size, another colour) are not; and no product ever holds two
different GTINs, whatever its titles say.

One scenario, built once from a real raw store; each offer's true product is in TRUTH.
"""

from __future__ import annotations

import pytest

from warehouse.build import build_warehouse
from warehouse.clusters import product_clusters
from warehouse.scoring import pairwise_scores

IPHONE_128_BLACK = "0195949036842"
IPHONE_256_BLACK = "0195949037238"
KETTLE_UK = "5012345678900"
KETTLE_EU = "4006381333931"
TRUTH = {
    ("marketplace", "A1"): "iphone-128-black",
    ("marketplace", "A2"): "iphone-128-black",
    ("marketplace", "A3"): "iphone-128-black",
    ("marketplace", "A4"): "iphone-128-black",
    ("marketplace", "B1"): "iphone-256-black",
    ("marketplace", "B2"): "iphone-256-black",
    ("marketplace", "C1"): "iphone-128-blue",
    ("marketplace", "D1"): "iphone-15-pro-128-black",
    ("marketplace", "K1"): "kettle-uk",
    ("marketplace", "K2"): "kettle-eu",
    ("marketplace", "K3"): "kettle-unknown",
    ("marketplace", "S1"): "sony-wh1000xm5-black",
    ("marketplace", "S2"): "sony-wh1000xm5-black",
    ("marketplace", "N1"): "nexa-nova-12",
    ("marketplace", "V1"): "voltix-nova-12",
}


def write_scenario(raw) -> None:
    run = raw.crawl_run("marketplace", started=0, finished=10)

    def offer(source_id, seen, title, **fields):
        raw.product(run, "marketplace", source_id, seen, title=title, **fields)

    # one phone, four sellers, four ways to write it; a GTIN on one offer only, a brand on two
    offer(
        "A1",
        1,
        "Apple iPhone 15 128GB Black",
        brand="Apple",
        gtin=IPHONE_128_BLACK,
        price=799,
        currency="USD",
    )
    offer("A2", 2, "iPhone 15 (128 GB) - Black", price=749, currency="EUR")
    offer("A3", 3, "APPLE iPhone 15, Black, 128GB", brand="Apple", price=689, currency="GBP")
    offer("A4", 4, "New Apple iPhone 15 128GB Black - Unlocked", price=779, currency="USD")
    # its siblings: another storage size, another colour, another model
    offer("B1", 5, "Apple iPhone 15 256GB Black", brand="Apple", gtin=IPHONE_256_BLACK)
    offer("B2", 6, "iPhone 15 (256 GB) - Black")
    offer("C1", 7, "Apple iPhone 15 128GB Blue", brand="Apple")
    offer("D1", 8, "Apple iPhone 15 Pro 128GB Black", brand="Apple")
    # one kettle title, two GTINs (sold in two markets), and an offer with no GTIN at all
    offer("K1", 9, "Steel Kettle 1.7L Silver", gtin=KETTLE_UK)
    offer("K2", 10, "Steel Kettle 1.7L Silver", gtin=KETTLE_EU)
    offer("K3", 11, "Steel Kettle 1.7L Silver")
    # a model number written two ways
    offer("S1", 12, "Sony WH-1000XM5 Wireless Headphones Black", brand="Sony")
    offer("S2", 13, "Sony WH1000XM5 Noise Cancelling Headphones, Black")
    # one model name, two brands
    offer("N1", 14, "Nexa Nova 12 128GB Black", brand="Nexa")
    offer("V1", 15, "Voltix Nova 12 128GB Black", brand="Voltix")  # fmt: skip


@pytest.fixture(scope="module")
def warehouse(raw_writer, database_url, tmp_path_factory):
    write_scenario(raw_writer.empty())
    target = tmp_path_factory.mktemp("product-matching") / "warehouse.duckdb"
    build_warehouse(database_url, target, export_dir=None)
    return target


@pytest.fixture(scope="module")
def clusters(warehouse):
    return product_clusters(warehouse)


def same(clusters, *ids) -> bool:
    return len({clusters["marketplace", source_id] for source_id in ids}) == 1


def test_one_product_titled_four_ways_by_four_sellers_is_one_product(clusters):
    assert same(clusters, "A1", "A2", "A3", "A4")


def test_offers_without_gtin_join_the_product_their_title_names(clusters):
    assert same(clusters, "B1", "B2")


def test_another_storage_size_is_another_product(clusters):
    assert not same(clusters, "A1", "B1")


def test_another_colour_is_another_product(clusters):
    assert not same(clusters, "A1", "C1")


def test_another_model_of_the_line_is_another_product(clusters):
    assert not same(clusters, "A1", "D1")


def test_two_gtins_are_two_products_even_under_one_title(clusters):
    assert not same(clusters, "K1", "K2")


def test_an_offer_matching_two_gtins_joins_one_of_them_only(clusters):
    assert same(clusters, "K3", "K1") != same(clusters, "K3", "K2")


def test_a_model_number_written_two_ways_links_two_titles(clusters):
    assert same(clusters, "S1", "S2")


def test_one_model_name_under_two_brands_is_two_products(clusters):
    assert not same(clusters, "N1", "V1")


def test_no_product_holds_two_gtins(warehouse, read):
    rows = read(
        warehouse,
        "select product_id from product_offers where gtin is not null "
        "group by product_id having count(distinct gtin) > 1",
    )
    assert rows == []


def test_the_scenario_clusters_match_the_truth_but_for_the_unknown_kettle(clusters):
    truth = {key: entity for key, entity in TRUTH.items() if entity != "kettle-unknown"}
    scores = pairwise_scores(clusters, truth)
    assert (scores.precision, scores.recall, scores.records) == (1.0, 1.0, len(truth))


def test_a_product_spans_its_offers_prices_in_its_most_common_currency(warehouse, read):
    [phone] = read(
        warehouse, "select gtin, offer_count, currency, min_price, max_price from products "
        "where gtin = ?", [IPHONE_128_BLACK],
    )  # fmt: skip
    assert (phone["offer_count"], phone["currency"]) == (4, "USD")
    assert (phone["min_price"], phone["max_price"]) == (779, 799)


def test_a_product_keeps_its_id_when_an_offer_seen_later_joins_it(raw_store, build):
    run = raw_store.crawl_run("marketplace", started=0, finished=1)
    raw_store.product(run, "marketplace", "Z-FIRST", 1, title="Apple iPhone 15 128GB Black")
    before = product_clusters(build(raw_store.url).target)
    later = raw_store.crawl_run("marketplace", started=5, finished=6)
    raw_store.product(later, "marketplace", "A-LATER", 5, title="iPhone 15 (128 GB) - Black")
    after = product_clusters(build(raw_store.url).target)
    assert (
        after["marketplace", "A-LATER"]
        == after["marketplace", "Z-FIRST"]
        == before["marketplace", "Z-FIRST"]
    )
