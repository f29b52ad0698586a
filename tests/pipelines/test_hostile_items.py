"""Hostile items through the real pipelines into PostgreSQL: each is stored faithfully or
rejected with a reason, and one bad row never sinks the rest of its batch.

What trawl decides, case by case:
- NUL in text it cleans (names, addresses...): dropped by normalization; NUL in an
  identifying field (source_id, url): rejected by validation; NUL in `raw`: refused by the
  database (jsonb has no NUL), rejected with its reason.
- invalid UTF-8 (a lone surrogate) in any field: rejected, by validation or, inside `raw`,
  by the store, with the reason.
- 1 MB: a name that long is rejected (names are bounded); 1 MB in `raw` is stored whole.
- SQL-looking strings and HTML in names: stored verbatim (trawl stores text, never runs or
  renders it).
- negative prices and prices no numeric(18, 4) column holds: rejected with the reason.
- a URL with a broken IPv6 literal ("http://[abc"): kept as written, having no canonical
  form.
- GTINs in other scripts' digits: read as those digits; with digit-like characters ("²"):
  not a GTIN, the product stored without one.
All of it arrives in one crawl, in one batch.
"""

from __future__ import annotations

import pytest

from tests.raw_tables import empty_raw_tables

MEGABYTE = 1_000_000
SQL_NAME = "Robert'); DROP TABLE lead_observations; --"
SQL_ID = "1' OR '1'='1"
HTML_NAME = "<script>alert('x')</script><b>Joe's</b> Pizza"


def lead(source_id: str, **fields) -> dict:
    return {"type": "lead", "source": "directory", "source_id": source_id,
            "url": f"http://x.test/biz/{len(source_id)}", "name": "Shop", **fields}  # fmt: skip


def product(source_id: str, **fields) -> dict:
    return {"type": "product", "source": "marketplace", "source_id": source_id,
            "url": "http://x.test/p/1", "title": "Kettle", **fields}  # fmt: skip


STORED = {  # source_id -> the item, stored
    "nul-in-name": lead("nul-in-name", name="Joe\x00s Pizza"),
    "megabyte-raw": lead("megabyte-raw", raw={"description": "y" * MEGABYTE}),
    "sql-name": lead("sql-name", name=SQL_NAME),
    SQL_ID: lead(SQL_ID),
    "html-name": lead("html-name", name=HTML_NAME),
    "plain-product": product("plain-product", price="$12.50"),
    # "²" passes str.isdigit() but is no digit: the GTIN is invalid, the product stored
    "digit-like-gtin": product("digit-like-gtin", gtin="4006381333931²"),
    "arabic-indic-gtin": product("arabic-indic-gtin", gtin="٤٠٠٦٣٨١٣٣٣٩٣١"),
    # a broken IPv6 literal: no canonical form, so the image URL is kept as written
    "broken-ipv6-image": product("broken-ipv6-image", image_urls=["http://[abc/x.jpg"]),
}
REJECTED = {  # source_id as `rejects` shows it -> (the item, the start of its reason)
    "nul␀in-id": (lead("nul\x00in-id"), "source_id: must be plain text: it holds U+0000"),
    "nul-in-raw": (
        lead("nul-in-raw", raw={"note": "a\x00b"}),
        "the database refused the row: unsupported Unicode escape sequence",
    ),
    "surrogate-name": (
        lead("surrogate-name", name="Caf\udce9"),
        "name: must be valid Unicode text: it holds a lone surrogate",
    ),
    "surrogate-raw": (
        lead("surrogate-raw", raw={"note": "caf\udce9"}),
        "the database refused the row: it holds text that is not valid Unicode (U+DCE9",
    ),
    "megabyte-name": (
        lead("megabyte-name", name="x" * MEGABYTE),
        "name: String should have at most 500 characters",
    ),
    "negative-price": (product("negative-price", price="-5.00"), "price: must not be negative"),
    "absurd-price": (
        product("absurd-price", price="999999999999999999999"),
        "price: must be below 100,000,000,000,000",
    ),
}


@pytest.fixture(scope="module")
def hostile_crawl(database_url, tmp_path_factory, item_crawler):
    empty_raw_tables(database_url)
    items = list(STORED.values()) + [item for item, _ in REJECTED.values()]
    # one batch for everything: the bad rows share it with the good ones
    settings = {"TRAWL_WRITER_BATCH_SIZE": 100, "TRAWL_WRITER_FLUSH_SECONDS": 60}
    return item_crawler(database_url, tmp_path_factory.mktemp("hostile"), items, settings)


@pytest.fixture
def query(database_url, hostile_crawl):
    import psycopg

    def run(statement: str, *params):
        with psycopg.connect(database_url, row_factory=psycopg.rows.dict_row) as connection:
            return connection.execute(statement, params).fetchall()

    return run


def test_every_storable_item_is_stored_once(query):
    stored = query(
        "select source_id from lead_observations"
        " union all select source_id from product_observations"
    )
    assert sorted(row["source_id"] for row in stored) == sorted(STORED)


@pytest.mark.parametrize("source_id", sorted(REJECTED))
def test_each_hostile_item_is_rejected_with_its_reason(query, source_id):
    _, reason = REJECTED[source_id]
    [reject] = query("select reason from rejects where source_id = %s", source_id)
    assert reject["reason"].startswith(reason)


def test_nothing_else_is_rejected(query):
    assert len(query("select 1 from rejects")) == len(REJECTED)


def test_nul_in_a_name_is_dropped_and_the_rest_kept(query):
    assert query("select name from lead_observations where source_id = 'nul-in-name'") == [
        {"name": "Joes Pizza"}
    ]


@pytest.mark.parametrize(("source_id", "name"), [("sql-name", SQL_NAME), ("html-name", HTML_NAME)])
def test_sql_and_html_in_names_are_stored_verbatim(query, source_id, name):
    assert query("select name from lead_observations where source_id = %s", source_id) == [
        {"name": name}
    ]


def test_a_sql_looking_source_id_is_stored_verbatim_and_runs_nothing(query):
    assert query("select source_id from lead_observations where source_id = %s", SQL_ID) == [
        {"source_id": SQL_ID}
    ]
    assert query("select to_regclass('lead_observations') is not null as exists") == [
        {"exists": True}
    ]


def test_gtins_with_digits_of_other_scripts_are_read_and_digit_like_ones_dropped(query):
    assert query(
        "select source_id, gtin from product_observations where source_id like '%%-gtin'"
        " order by source_id"
    ) == [
        {"source_id": "arabic-indic-gtin", "gtin": "4006381333931"},
        {"source_id": "digit-like-gtin", "gtin": None},
    ]


def test_a_url_with_a_broken_ipv6_literal_is_kept_as_written(query):
    assert query(
        "select image_urls from product_observations where source_id = 'broken-ipv6-image'"
    ) == [{"image_urls": ["http://[abc/x.jpg"]}]


def test_a_megabyte_of_raw_data_is_stored_whole(query):
    [row] = query(
        "select length(raw->>'description') as length from lead_observations"
        " where source_id = 'megabyte-raw'"
    )
    assert row == {"length": MEGABYTE}


def test_the_writer_loses_nothing_and_the_run_finishes(hostile_crawl, query):
    assert hostile_crawl.stats["trawl/writer/rows_lost"] == 0
    assert hostile_crawl.stats["trawl/items_stored"] == len(STORED)
    assert query("select status, items_stored, items_rejected from crawl_runs") == [
        {"status": "finished", "items_stored": len(STORED), "items_rejected": len(REJECTED)}
    ]
