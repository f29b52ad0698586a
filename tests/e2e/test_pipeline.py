"""The whole pipeline on the sandbox: Dagster runs every crawl, PostgreSQL holds every item,
the warehouse's marts hold every true business and product."""

from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest
from dagster import DagsterInstance

from sandbox.places import CITY_BY_SLUG
from sandbox.script_prices import shows_price_by_script
from trawl.demo import fetch_truth
from trawl.services import sandbox_process
from warehouse.contact_quality import ContactFloors
from warehouse.summary import mart_rows, score_marts, score_website_contacts, truth_keys

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sandbox_url():
    with sandbox_process() as url:
        yield url


@pytest.fixture(scope="module")
def pipeline_run(database_url, sandbox_url, tmp_path_factory, monkeypatch_session):
    """Every asset materialized once through Dagster (a run per crawl, then one for the
    warehouse), into a temporary warehouse."""
    from orchestration.definitions import resources_for
    from orchestration.runs import materialize_pipeline

    out = tmp_path_factory.mktemp("warehouse")
    monkeypatch_session.setenv("TRAWL_WAREHOUSE_PATH", str(out / "warehouse.duckdb"))
    monkeypatch_session.setenv("TRAWL_EXPORT_DIR", str(out / "exports"))
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "truncate crawl_runs, lead_observations, product_observations, contact_observations,"
            " rejects restart identity"
        )
    result = materialize_pipeline(
        DagsterInstance.ephemeral(), resources_for(sandbox_url=sandbox_url, log_level="WARNING")
    )
    return result, out / "warehouse.duckdb", fetch_truth(sandbox_url)


def test_every_asset_materializes(pipeline_run):
    result, _, _ = pipeline_run
    failed = [event.step_key for event in result.get_step_failure_events()]
    assert result.success, f"failed steps: {failed}"


def test_every_true_business_and_product_is_in_the_marts(pipeline_run):
    _, warehouse, truth = pipeline_run
    for kind, (_, coverage, entities) in score_marts(truth, warehouse).items():
        assert coverage.entities == entities
        assert coverage.entities_found == entities, f"{kind}: entities missing"
        assert coverage.records_missing == 0, f"{kind}: listings missing"


def test_marts_have_one_row_per_cluster_and_no_more_than_listings(pipeline_run):
    _, warehouse, truth = pipeline_run
    rows = mart_rows(warehouse)
    assert len(truth["businesses"]) <= rows["leads"] <= len(truth_keys(truth["businesses"]))
    assert len(truth["products"]) <= rows["products"] <= len(truth_keys(truth["products"]))
    assert rows["lead_sources"] == len(truth_keys(truth["businesses"]))
    assert rows["product_offers"] == len(truth_keys(truth["products"]))


def test_nothing_is_lost_between_crawl_and_database(pipeline_run, database_url):
    _, _, truth = pipeline_run
    # each spider yields one item per listing of its source in the truth
    listings = {**truth_keys(truth["businesses"]), **truth_keys(truth["products"])}
    expected = {
        spider: sum(1 for source, _ in listings if source == spider)
        for spider in ("directory", "maps", "marketplace")
    }
    tables = {"directory": "lead_observations", "maps": "lead_observations",
              "contacts": "contact_observations"}  # fmt: skip
    with psycopg.connect(database_url) as conn:
        runs = conn.execute(
            "select id, spider, status, items_stored, items_rejected, stats from crawl_runs"
        ).fetchall()
        # contacts: one item per lead whose website could be read (tests/spiders/test_contacts_crawl.py)
        assert sorted(run[1] for run in runs) == sorted([*expected, "contacts"])
        for run_id, spider, status, stored, rejected, stats in runs:
            table = tables.get(spider, "product_observations")
            rows = conn.execute(f"select count(*) from {table} where crawl_run_id = %s", (run_id,))
            rejects = conn.execute(
                "select count(*) from rejects where crawl_run_id = %s", (run_id,)
            )
            yielded = stats.get("item_scraped_count", 0) + stats.get("item_dropped_count", 0)
            assert status == "finished"
            assert yielded == expected.get(spider, yielded), f"{spider}: yielded {yielded}"
            assert (rows.fetchone()[0], rejects.fetchone()[0]) == (stored, rejected)
            assert yielded == stored + rejected, f"{spider}: items lost"


def test_prices_only_a_script_shows_are_stored_with_the_rest(pipeline_run, database_url):
    _, _, truth = pipeline_run
    offers = {offer["source_id"]: offer for p in truth["products"] for offer in p["listings"]}
    by_script = {listing_id for listing_id in offers if shows_price_by_script(listing_id)}
    with psycopg.connect(database_url) as conn:
        stored = conn.execute(
            "select source_id, price, currency, availability from product_observations"
        ).fetchall()
    seen = {row[0]: row[1:] for row in stored if row[0] in by_script}
    assert by_script and set(seen) == by_script
    for listing_id, (price, currency, availability) in seen.items():
        offer = offers[listing_id]
        assert (price, currency) == (Decimal(offer["price"]), offer["currency"]), listing_id
        assert availability == offer["availability"], listing_id


def test_the_maps_crawl_reports_pages_rendered_and_browser_time(pipeline_run):
    result, _, _ = pipeline_run
    metadata = maps_crawl_metadata(result)
    assert metadata["browser_pages_rendered"].value >= 10  # a search per city (and retries)
    assert metadata["browser_places_opened"].value >= 500
    assert metadata["browser_seconds"].value > 0
    # counted when the crawl falls idle, before this report is sent (spiders.rendering)
    assert metadata["browser_pages_left_open"].value == 0


def test_the_maps_crawl_searches_by_geo_grid_one_cell_a_city_on_the_default_world(pipeline_run):
    result, _, _ = pipeline_run
    metadata = maps_crawl_metadata(result)
    # about 60 places a city, under the cap: each city's area is searched once, unsplit
    assert metadata["maps_cells_searched"].value == len(CITY_BY_SLUG)
    assert "maps_cells_subdivided" not in metadata and "maps_searches_capped" not in metadata
    maps = {key: entry.value for key, entry in metadata.items() if key.startswith("maps_")}
    print(f"\nmaps_crawl (grid=auto): {maps}")


def test_marts_are_exported_to_parquet(pipeline_run):
    _, warehouse, _ = pipeline_run
    import duckdb

    for mart, count in mart_rows(warehouse).items():
        path = warehouse.parent / "exports" / f"{mart}.parquet"
        exported = duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchone()[0]
        assert exported == count


def test_every_crawl_check_passes_on_a_healthy_sandbox(pipeline_run):
    result, _, _ = pipeline_run
    evaluations = result.get_asset_check_evaluations()
    assert {e.check_name for e in evaluations} >= {"field_coverage", "reject_rate", "item_count"}
    failed = {
        (e.asset_key.to_user_string(), e.check_name): e.description
        for e in evaluations
        if not e.passed
    }
    assert not failed


def test_matching_reaches_the_acceptance_floors_on_the_sandbox(pipeline_run):
    _, warehouse, truth = pipeline_run
    scored = score_marts(truth, warehouse)
    leads, products = scored["leads"].scores, scored["products"].scores
    print(f"sandbox matching: leads {leads}; products {products}")
    assert leads.f1 >= 0.97 and leads.precision >= 0.98, leads
    assert products.f1 >= 0.95 and products.precision >= 0.98, products


def test_the_matching_checks_carry_the_sandbox_scores(pipeline_run):
    result, _, _ = pipeline_run
    checks = {
        e.asset_key.to_user_string(): e
        for e in result.get_asset_check_evaluations()
        if e.check_name == "matches_sandbox_truth"
    }
    assert set(checks) == {"leads", "products"}
    for check in checks.values():
        assert check.passed and check.metadata["f1"].value >= 0.95


def test_website_contacts_reach_the_acceptance_floors_and_their_check_passes(pipeline_run):
    result, warehouse, truth = pipeline_run
    scores = score_website_contacts(truth, warehouse)
    print(f"sandbox contacts: {scores}")
    check = next(
        e for e in result.get_asset_check_evaluations()
        if e.check_name == "contacts_match_sandbox_truth"
    )  # fmt: skip
    assert check.passed, check.description
    assert check.metadata["emails_right"].value == scores.emails_right  # the figures it scored
    assert ContactFloors().met_by(scores), scores
    assert scores.businesses_reachable >= 200  # the default world: about 250 sites with one
    assert scores.socials_right >= 0.95 * scores.socials_shown


def maps_crawl_metadata(result):
    """The metadata of the run's maps_crawl materialization."""
    return next(
        event.materialization.metadata
        for event in result.get_asset_materialization_events()
        if event.asset_key.to_user_string() == "maps_crawl"
    )
