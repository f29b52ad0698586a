"""The product marts: offers sharing a GTIN or a part number are one product; prices kept per
offer and over time.

One scenario, built once: a phone sold by two sellers under one GTIN (one seller's price
seen in two crawl runs) plus a third listing without a GTIN, and a kettle sold in euros by
two sellers and in pounds by a third.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from warehouse.build import build_warehouse
from warehouse.clusters import product_clusters

PHONE_GTIN = "4006381333931"
KETTLE_GTIN = "5012345678900"


def write_scenario(raw) -> None:
    first = raw.crawl_run("marketplace", started=0, finished=5)
    second = raw.crawl_run("marketplace", started=60, finished=65)
    phone = {"gtin": PHONE_GTIN, "brand": "Acme", "category_path": ["Phones", "Smartphones"]}
    raw.product(
        first,
        "marketplace",
        "B0PHONE001",
        1,
        title="Acme X1 128GB Black",
        price=100,
        currency="USD",
        availability="InStock",
        seller="Alpha",
        **phone,
    )
    raw.product(
        second,
        "marketplace",
        "B0PHONE001",
        61,
        title="Acme X1 (128 GB) - Black",
        price=Decimal("95.5"),
        currency="USD",
        availability="InStock",
        seller="Alpha",
        **phone,
    )
    raw.product(
        first,
        "marketplace",
        "B0PHONE002",
        2,
        title="Acme X1 128 GB",
        price=110,
        currency="USD",
        availability="OutOfStock",
        seller="Beta",
        **phone,
    )
    raw.product(
        first,
        "marketplace",
        "B0PHONE003",
        3,
        title="Acme X1 128GB Black (no GTIN)",
        price=99,
        currency="USD",
        availability="InStock",
        seller="Gamma",
    )
    kettle = {"gtin": KETTLE_GTIN, "title": "Steel Kettle 1.7L", "availability": "InStock"}
    raw.product(
        first, "marketplace", "B0KETTLE01", 4, price=20, currency="EUR", seller="A", **kettle
    )
    raw.product(
        first, "marketplace", "B0KETTLE02", 5, price=22, currency="EUR", seller="B", **kettle
    )
    raw.product(
        first, "marketplace", "B0KETTLE03", 6, price=18, currency="GBP", seller="C", **kettle
    )


@pytest.fixture(scope="module")
def warehouse(raw_writer, database_url, tmp_path_factory):
    write_scenario(raw_writer.empty())
    target = tmp_path_factory.mktemp("products") / "warehouse.duckdb"
    build_warehouse(database_url, target, export_dir=None)
    return target


def test_offers_sharing_a_gtin_are_one_product(warehouse):
    clusters = product_clusters(warehouse)
    assert clusters["marketplace", "B0PHONE001"] == clusters["marketplace", "B0PHONE002"]


def test_an_offer_without_a_gtin_is_a_product_of_its_own(warehouse):
    clusters = product_clusters(warehouse)
    assert clusters["marketplace", "B0PHONE003"] != clusters["marketplace", "B0PHONE001"]
    assert list(clusters.values()).count(clusters["marketplace", "B0PHONE003"]) == 1


def test_products_has_one_row_per_product(warehouse, read):
    rows = read(warehouse, "select gtin, offer_count from products order by gtin")
    assert rows == [
        {"gtin": PHONE_GTIN, "offer_count": 2},
        {"gtin": KETTLE_GTIN, "offer_count": 3},
        {"gtin": None, "offer_count": 1},
    ]


def test_a_product_takes_its_title_from_the_latest_offer(warehouse, read):
    [phone] = read(warehouse, "select * from products where gtin = ?", [PHONE_GTIN])
    assert (phone["title"], phone["brand"]) == ("Acme X1 (128 GB) - Black", "Acme")
    assert phone["category_path"] == ["Phones", "Smartphones"]
    assert (phone["offer_count"], phone["in_stock_offer_count"]) == (2, 1)


def test_a_product_price_range_spans_its_offers_current_prices(warehouse, read):
    [phone] = read(warehouse, "select * from products where gtin = ?", [PHONE_GTIN])
    assert (phone["min_price"], phone["max_price"], phone["currency"]) == (
        Decimal("95.5"),
        Decimal(110),
        "USD",
    )


def test_a_product_price_range_keeps_to_its_most_common_currency(warehouse, read):
    [kettle] = read(warehouse, "select * from products where gtin = ?", [KETTLE_GTIN])
    assert (kettle["min_price"], kettle["max_price"], kettle["currency"]) == (
        Decimal(20),
        Decimal(22),
        "EUR",
    )


def test_an_offer_shows_its_latest_price_and_its_range_over_time(warehouse, read):
    [offer] = read(warehouse, "select * from product_offers where source_id = 'B0PHONE001'")
    assert (offer["price"], offer["min_price"], offer["max_price"]) == (
        Decimal("95.5"),
        Decimal("95.5"),
        Decimal(100),
    )
    assert (offer["seller"], offer["currency"], offer["times_seen"]) == ("Alpha", "USD", 2)


def test_product_offers_has_one_row_per_offer(warehouse, read):
    rows = read(warehouse, "select source_id from product_offers")
    assert sorted(r["source_id"] for r in rows) == [
        "B0KETTLE01",
        "B0KETTLE02",
        "B0KETTLE03",
        "B0PHONE001",
        "B0PHONE002",
        "B0PHONE003",
    ]


def test_price_history_has_every_observed_price_in_order(warehouse, read):
    rows = read(
        warehouse,
        "select crawl_run_id, price from price_history where source_id = 'B0PHONE001'",
    )
    assert rows == [
        {"crawl_run_id": 1, "price": Decimal(100)},
        {"crawl_run_id": 2, "price": Decimal("95.5")},
    ]


def test_price_history_rows_carry_their_product(warehouse, read):
    rows = read(
        warehouse,
        "select distinct product_id from price_history where source_id "
        "in ('B0PHONE001', 'B0PHONE002')",
    )
    assert len(rows) == 1


def test_offers_linked_through_gtins_and_part_numbers_are_one_product(raw_store, build):
    run = raw_store.crawl_run("marketplace", started=0, finished=1)
    raw_store.product(run, "marketplace", "B0A", 1, title="Drill", gtin=PHONE_GTIN)
    raw_store.product(
        run, "marketplace", "B0B", 1, title="Drill 18V", gtin=PHONE_GTIN, mpn="DR1820/B"
    )
    raw_store.product(run, "marketplace", "B0C", 1, title="18V drill", mpn="dr 1820/b")
    clusters = product_clusters(build(raw_store.url).target)
    assert len(set(clusters.values())) == 1


def test_a_placeholder_part_number_links_nothing(raw_store, build):
    run = raw_store.crawl_run("marketplace", started=0, finished=1)
    raw_store.product(run, "marketplace", "B0A", 1, title="Drill", mpn="N/A")
    raw_store.product(run, "marketplace", "B0B", 1, title="Saw", mpn="N/A")
    clusters = product_clusters(build(raw_store.url).target)
    assert len(set(clusters.values())) == 2
