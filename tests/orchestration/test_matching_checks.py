"""The matching checks: pairwise scores of `leads` and `products` against the sandbox's truth
as check metadata, and no product holding two GTINs.

Raw observations go into a throwaway PostgreSQL; the warehouse is built through Dagster; the
truth is served by a real HTTP server on a free 127.0.0.1 port, as the sandbox serves it.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import psycopg
import pytest
from dagster import AssetCheckSeverity, DagsterInstance

from orchestration.definitions import resources_for
from orchestration.runs import materialize_warehouse
from tests.orchestration.truth_server import serving_truth
from tests.raw_tables import empty_raw_tables
from warehouse.matching_quality import (
    MatchingFloors,
    TruthUnavailable,
    products_with_several_gtins,
    sandbox_truth,
)

KETTLE_GTIN = "5012345678900"
TRUTH = {
    "businesses": [
        {"entity_id": "ace", "listings": [
            {"source": "directory", "source_id": "d1"}, {"source": "maps", "source_id": "m1"},
        ]},
        {"entity_id": "bean", "listings": [{"source": "directory", "source_id": "d2"}]},
    ],
    # the truth says the two kettle offers are two products; the GTIN makes them one
    "products": [
        {"entity_id": "kettle-a", "listings": [{"source": "marketplace", "source_id": "k1"}]},
        {"entity_id": "kettle-b", "listings": [{"source": "marketplace", "source_id": "k2"}]},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def truth_server() -> Iterator[str]:
    """The sandbox's /_truth/businesses.json and products.json, served on a free port."""
    with serving_truth(TRUTH) as url:
        yield url


def write_raw_store(database_url: str) -> None:
    empty_raw_tables(database_url)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "insert into crawl_runs (spider, started_at, finished_at, status, finish_reason,"
            " items_stored, items_rejected) values ('directory', now(), now(), 'finished',"
            " 'finished', 5, 0)"
        )
        for source, source_id, name, phone in (
            ("directory", "d1", "Ace Plumbing", "+12175550100"),
            ("maps", "m1", "Ace Plumbing LLC", "+12175550100"),
            ("directory", "d2", "Bean There", "+12175550200"),
        ):
            conn.execute(
                "insert into lead_observations (crawl_run_id, source, source_id, url, name, phone,"
                " street, content_hash, observed_at) values (1, %s, %s, 'http://x/' || %s, %s, %s,"
                " '12 Main St', %s, now())",
                (source, source_id, source_id, name, phone, source_id),
            )
        for source_id in ("k1", "k2"):
            conn.execute(
                "insert into product_observations (crawl_run_id, source, source_id, url, title,"
                " gtin, price, currency, availability, content_hash, observed_at) values (1,"
                " 'marketplace', %s, 'http://x/' || %s, 'Steel Kettle 1.7L', %s, 20, 'EUR',"
                " 'InStock', %s, now())",
                (source_id, source_id, KETTLE_GTIN, source_id),
            )


def build(database_url, out, monkeypatch, sandbox_url=None):
    write_raw_store(database_url)
    monkeypatch.delenv("TRAWL_SANDBOX_URL", raising=False)
    monkeypatch.setenv("TRAWL_WAREHOUSE_PATH", str(out / "warehouse.duckdb"))
    monkeypatch.setenv("TRAWL_EXPORT_DIR", str(out / "exports"))
    return materialize_warehouse(
        DagsterInstance.ephemeral(), resources_for(sandbox_url=sandbox_url)
    )


def evaluation(result, asset: str, check: str):
    return next(
        c for c in result.get_asset_check_evaluations()
        if (c.asset_key.to_user_string(), c.check_name) == (asset, check)
    )  # fmt: skip


@pytest.fixture(scope="module")
def sandbox_build(database_url, truth_server, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        return build(database_url, tmp_path_factory.mktemp("sandbox"), patch, truth_server)


def test_a_sandbox_crawl_gets_its_pairwise_scores_as_check_metadata(sandbox_build):
    check = evaluation(sandbox_build, "leads", "matches_sandbox_truth")
    metadata = {name: value.value for name, value in check.metadata.items()}
    assert check.passed
    assert (metadata["precision"], metadata["recall"], metadata["f1"]) == (1.0, 1.0, 1.0)
    assert (metadata["true_pairs"], metadata["listings_scored"]) == (1, 3)


def test_matching_below_the_floors_fails_its_check_as_a_warning(sandbox_build):
    check = evaluation(sandbox_build, "products", "matches_sandbox_truth")
    assert not check.passed and check.severity == AssetCheckSeverity.WARN
    assert check.metadata["precision"].value == 0.0  # one predicted pair, the truth has none
    assert "floors" in check.description


def test_a_failed_truth_check_still_lets_the_warehouse_publish(sandbox_build):
    published = {
        e.asset_key.to_user_string() for e in sandbox_build.get_asset_materialization_events()
    }
    assert "warehouse" in published


def test_products_with_one_gtin_each_pass(sandbox_build):
    assert evaluation(sandbox_build, "products", "one_gtin_per_product").passed


def test_without_a_sandbox_the_truth_checks_pass_saying_there_is_no_truth(
    database_url, tmp_path, monkeypatch
):
    result = build(database_url, tmp_path, monkeypatch)
    for mart in ("leads", "products"):
        check = evaluation(result, mart, "matches_sandbox_truth")
        assert check.passed and "no truth available" in check.description


def test_a_sandbox_without_truth_is_reported_with_its_url(truth_server):
    with pytest.raises(TruthUnavailable, match=r"/_truth/businesses.json.*404"):
        sandbox_truth(truth_server + "/elsewhere")


def test_a_product_holding_two_gtins_is_found():
    con = duckdb.connect()
    con.execute(
        "create table product_offers as select * from (values ('p1', '5012345678900'), "
        "('p1', '4006381333931'), ('p2', '5012345678900'), ('p3', null)) as t(product_id, gtin)"
    )
    assert products_with_several_gtins(con) == [
        {"product_id": "p1", "gtins": ["4006381333931", "5012345678900"]}
    ]


def test_floors_come_from_the_environment_and_refuse_what_is_not_a_fraction():
    assert MatchingFloors.from_environment({}) == MatchingFloors(0.97, 0.95, 0.98)
    assert MatchingFloors.from_environment({"TRAWL_CHECK_MIN_LEAD_F1": "0.9"}).lead_f1 == 0.9
    with pytest.raises(ValueError, match=r"TRAWL_CHECK_MIN_PRECISION='high' is not a fraction"):
        MatchingFloors.from_environment({"TRAWL_CHECK_MIN_PRECISION": "high"})
