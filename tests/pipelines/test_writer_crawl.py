"""One real crawl through the three pipelines into PostgreSQL, and what it leaves behind.

The crawl yields valid leads and products, an invalid lead, and a product whose raw data
PostgreSQL refuses; it runs with a password in its database URL (trust authentication
ignores it), spider arguments, and a Dagster run id in its environment.
"""

import psycopg
import pytest

from tests.raw_tables import empty_raw_tables

LEADS = [
    {"type": "lead", "source": "directory", "source_id": f"L{i}",
     "url": f"http://127.0.0.1:8700/directory/biz/L{i}", "name": f"Joe&#39;s Pizza {i}",
     "phone": "(217) 555-0142", "website": "www.joespizza.com",
     "rating": "4.5", "review_count": 12, "latitude": 39.8, "longitude": -89.6}
    for i in range(3)
]  # fmt: skip
PRODUCTS = [
    {"type": "product", "source": "marketplace", "source_id": f"B0PROD000{i}",
     "url": f"http://127.0.0.1:8700/market/p/B0PROD000{i}", "title": "Apple iPhone 15 128GB",
     "price": "1.299,99 €", "gtin": "036000291452", "availability": "Auf Lager"}
    for i in range(2)
]  # fmt: skip
INVALID_LEAD = {
    "type": "lead",
    "source": "directory",
    "source_id": "BAD1",
    "url": "http://127.0.0.1:8700/directory/biz/BAD1",
    "name": "  ",
    "rating": 9,
}
POISONED_PRODUCT = {**PRODUCTS[0], "source_id": "B0POISON01", "raw": {"note": "a\u0000b"}}


@pytest.fixture(scope="module")
def result(database_url, tmp_path_factory, item_crawler):
    empty_raw_tables(database_url)
    url_with_password = database_url.replace("postgres@", "postgres:s3cret-pw@")
    return item_crawler(
        url_with_password,
        tmp_path_factory.mktemp("crawl"),
        LEADS + [INVALID_LEAD] + PRODUCTS + [POISONED_PRODUCT],
        arguments={"category": "pizza", "max_pages": 2},
        env={"TRAWL_DAGSTER_RUN_ID": "dagster-run-42"},
    )


def rows(database_url, statement):
    with psycopg.connect(database_url, row_factory=psycopg.rows.dict_row) as connection:
        return connection.execute(statement).fetchall()


def test_valid_items_are_stored_normalized(result, database_url):
    leads = rows(
        database_url,
        "select source_id, name, phone, phone_raw, website_domain, rating"
        " from lead_observations order by source_id",
    )
    assert [lead["source_id"] for lead in leads] == ["L0", "L1", "L2"]
    assert leads[0] == {
        "source_id": "L0",
        "name": "Joe's Pizza 0",
        "phone": "+12175550142",
        "phone_raw": "(217) 555-0142",
        "website_domain": "joespizza.com",
        "rating": 4.5,
    }
    products = rows(
        database_url,
        "select source_id, price::text, currency, gtin, availability"
        " from product_observations order by source_id",
    )
    assert products == [
        {
            "source_id": f"B0PROD000{i}",
            "price": "1299.9900",
            "currency": "EUR",
            "gtin": "0036000291452",
            "availability": "InStock",
        }
        for i in range(2)
    ]


def test_every_row_belongs_to_the_crawl_run(result, database_url):
    run_id = result.stats["trawl/crawl_run_id"]
    assert rows(
        database_url,
        "select crawl_run_id from lead_observations"
        " union select crawl_run_id from product_observations",
    ) == [{"crawl_run_id": run_id}]


def test_the_invalid_item_is_rejected_with_the_fields_and_reasons(result, database_url):
    [reject] = rows(
        database_url,
        "select item_type, source, source_id, reason, item->>'rating' as rating"
        " from rejects where source_id = 'BAD1'",
    )
    assert reject == {
        "item_type": "lead", "source": "directory", "source_id": "BAD1",
        "reason": "rating: must be at most 5.0 (got 9); name: must not be blank (got '  ')",
        "rating": "9",
    }  # fmt: skip


def test_the_row_the_database_refuses_is_rejected_and_its_batch_stored(result, database_url):
    [reject] = rows(
        database_url, "select item_type, reason from rejects where source_id = 'B0POISON01'"
    )
    assert reject["item_type"] == "product"
    assert reject["reason"].startswith(
        "the database refused the row: unsupported Unicode escape sequence"
    )
    assert rows(database_url, "select count(*) as n from product_observations") == [{"n": 2}]


def test_the_stats_count_what_was_stored_and_rejected(result):
    assert result.stats["trawl/items_stored"] == 5
    assert result.stats["trawl/items_rejected"] == 2
    assert result.stats["trawl/writer/rows_lost"] == 0


def test_the_crawl_run_is_closed_with_its_figures_and_stats(result, database_url):
    [run] = rows(database_url, "select * from crawl_runs")
    assert run["id"] == result.stats["trawl/crawl_run_id"]
    assert (run["spider"], run["status"], run["finish_reason"]) == (
        "items_under_test",
        "finished",
        "finished",
    )
    assert (run["items_stored"], run["items_rejected"]) == (5, 2)
    assert run["finished_at"] >= run["started_at"]
    assert run["stats"]["item_scraped_count"] == 6  # the refused product passed the pipelines
    assert run["stats"]["finish_time"].startswith(
        str(run["finished_at"].year)
    )  # datetimes as ISO text


def test_the_crawl_run_records_its_arguments_and_dagster_run(result, database_url):
    [run] = rows(database_url, "select arguments, dagster_run_id from crawl_runs")
    assert run["arguments"]["category"] == "pizza"
    assert run["arguments"]["max_pages"] == 2
    assert run["dagster_run_id"] == "dagster-run-42"


def test_the_items_leaving_the_pipelines_are_still_leads_and_products(result):
    exported = {item["source_id"]: item for item in result.feed}
    assert set(exported) == {"L0", "L1", "L2", "B0PROD0000", "B0PROD0001", "B0POISON01"}
    assert exported["L0"]["phone"] == "+12175550142"
    assert exported["L0"]["raw"]["as_written"]["phone"] == "(217) 555-0142"
    assert (exported["B0PROD0000"]["price"], exported["B0PROD0000"]["currency"]) == (
        "1299.99",
        "EUR",
    )


def test_the_password_never_reaches_the_log(result):
    assert "crawl run" in result.log
    assert "s3cret-pw" not in result.log


def test_the_items_went_through_validation_and_normalization_together(result):
    assert 1 <= result.stats["trawl/items_held/releases"] < 7
