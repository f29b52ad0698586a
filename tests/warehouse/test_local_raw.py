"""Raw tables without PostgreSQL: the same shape as a snapshot of the raw store, filled with
items normalized the way the pipelines normalize them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import duckdb

from spiders.items import LeadItem, ProductItem
from warehouse.local_raw import create_raw_tables, insert_items
from warehouse.raw_store import snapshot_raw_tables

SEEN = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [(name, kind) for name, kind, *_ in con.execute(f"describe raw.{table}").fetchall()]


def test_local_raw_tables_have_the_shape_of_a_raw_store_snapshot(database_url):
    snapshot, local = duckdb.connect(), duckdb.connect()
    snapshot_raw_tables(snapshot, database_url, ["lead_observations", "product_observations"])
    create_raw_tables(local)
    for table in ("lead_observations", "product_observations"):
        assert columns(local, table) == columns(snapshot, table)


def test_items_are_stored_normalized_as_the_pipelines_store_them():
    con = duckdb.connect()
    create_raw_tables(con)
    added = insert_items(
        con,
        [
            LeadItem(
                source="csv", source_id="1", url="csv:1", name=" Joe&#39;s Pizza ",
                phone="(217) 555-0142", website="www.JoesPizza.com/about",
                address="12 Main St., Springfield, IL 62701",
            ),
            ProductItem(
                source="csv", source_id="2", url="csv:2", title="Kettle", price="1.299,99 €",
                gtin="4006381333931", availability="in stock",
            ),
        ],
        observed_at=SEEN,
    )  # fmt: skip
    assert added == {"lead_observations": 1, "product_observations": 1, "contact_observations": 0}
    lead = con.execute(
        "select name, phone, phone_raw, website_domain, street, city, postal_code, observed_at "
        "from raw.lead_observations"
    ).fetchone()
    assert lead == (
        "Joe's Pizza", "+12175550142", "(217) 555-0142", "joespizza.com", "12 Main St.",
        "Springfield", "62701", SEEN,
    )  # fmt: skip
    product = con.execute(
        "select price, currency, gtin, availability from raw.product_observations"
    ).fetchone()
    assert product == (Decimal("1299.99"), "EUR", "4006381333931", "InStock")


def test_each_insert_continues_the_ids():
    con = duckdb.connect()
    create_raw_tables(con)
    for number in range(2):
        insert_items(con, [LeadItem(source="csv", source_id=str(number), url="csv:")])
    assert con.execute("select list(id order by id) from raw.lead_observations").fetchone()[0] == [
        1,
        2,
    ]
