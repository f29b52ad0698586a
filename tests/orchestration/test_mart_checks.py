"""The mart checks run in the warehouse run: a broken rule keeps the warehouse unpublished.

Raw observations are written straight into a throwaway PostgreSQL (as a writer bug would
let them in), then the whole warehouse is built through Dagster into a temporary file.
"""

from __future__ import annotations

import json

import psycopg
import pytest
from dagster import DagsterInstance

from orchestration.definitions import resources_for
from orchestration.runs import materialize_warehouse
from tests.raw_tables import empty_raw_tables


def add_offers(database_url: str, availabilities: list[str]) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        (run_id,) = conn.execute(
            "insert into crawl_runs (spider, started_at, finished_at, status, finish_reason,"
            " items_stored, items_rejected) values ('marketplace', now(), now(), 'finished',"
            " 'finished', %s, 0) returning id",
            (len(availabilities),),
        ).fetchone()
        for number, availability in enumerate(availabilities):
            conn.execute(
                "insert into product_observations (crawl_run_id, source, source_id, url, title,"
                " brand, price, currency, availability, seller, category_path, content_hash,"
                " observed_at) values (%s, 'marketplace', %s, %s, %s, 'Acme', 19.99, 'USD', %s,"
                " 'Shop', %s, %s, now())",
                (
                    run_id,
                    f"p{number}",
                    f"http://127.0.0.1/market/p/p{number}",
                    f"Acme Kettle {number} Litres",
                    availability,
                    json.dumps(["Kitchen"]),
                    f"hash{number}",
                ),
            )


def build_warehouse_of(database_url: str, availabilities: list[str], out):
    """The raw store emptied and given these offers, then the warehouse built through Dagster
    into `out`; the run's result and the path it publishes to."""
    empty_raw_tables(database_url)
    add_offers(database_url, availabilities)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRAWL_WAREHOUSE_PATH", str(out / "warehouse.duckdb"))
        patch.setenv("TRAWL_EXPORT_DIR", str(out / "exports"))
        result = materialize_warehouse(DagsterInstance.ephemeral(), resources_for())
    return result, out / "warehouse.duckdb"


@pytest.fixture(scope="module")
def clean_build(database_url, tmp_path_factory):
    return build_warehouse_of(
        database_url, ["InStock", "PreOrder"], tmp_path_factory.mktemp("clean")
    )


@pytest.fixture(scope="module")
def broken_build(database_url, tmp_path_factory):
    return build_warehouse_of(
        database_url, ["InStock", "Sold out"], tmp_path_factory.mktemp("broken")
    )


def materialized(result) -> set[str]:
    return {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}


def evaluation(result, asset: str, check: str):
    return next(
        c for c in result.get_asset_check_evaluations()
        if (c.asset_key.to_user_string(), c.check_name) == (asset, check)
    )  # fmt: skip


def test_clean_marts_pass_their_checks_and_the_warehouse_is_published(clean_build):
    result, published = clean_build
    assert evaluation(result, "product_offers", "accepted_values").passed
    assert evaluation(result, "product_offers", "unique_key").passed
    assert evaluation(result, "products", "freshness").passed
    assert result.success
    assert "warehouse" in materialized(result)
    assert published.exists()


def test_an_unaccepted_value_in_a_mart_keeps_the_warehouse_unpublished(broken_build):
    result, published = broken_build
    check = evaluation(result, "product_offers", "accepted_values")
    assert not check.passed
    assert "availability: 'Sold out' on 1 rows" in check.description
    assert "product_offers" in materialized(result)  # built into the run's working copy...
    assert "warehouse" not in materialized(result)  # ...which is never published
    assert not published.exists()
    assert not result.success


def test_marts_show_a_preview_of_their_rows_and_their_columns(clean_build):
    result, _ = clean_build
    (offers,) = result.asset_materializations_for_node("product_offers")
    preview = offers.metadata["preview"].value
    assert preview.splitlines()[0].startswith("| product_id | source | source_id |")
    assert "Acme Kettle 1 Litres" in preview
    assert offers.metadata["dagster/row_count"].value == 2
    columns = {column.name for column in offers.metadata["dagster/column_schema"].schema.columns}
    assert {"product_id", "availability", "last_seen"} <= columns
