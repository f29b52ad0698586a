"""A sandbox that lost the phone on most pages: the directory crawl's coverage check fails,
the marts below it are not built in that run, and the warehouse is not rebuilt afterwards.
A healthy crawl, by contrast, lands and the sensor asks for a rebuild.

Real components throughout: the sandbox on a loopback port, `scrapy crawl` through Dagster
Pipes, a throwaway PostgreSQL, a Dagster instance, DuckDB in a temporary directory.
"""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from dagster import DagsterInstance, build_sensor_context

from orchestration.crawl import CRAWLS
from orchestration.definitions import defs, resources_for
from orchestration.runs import materialize_crawl, materialize_warehouse
from sandbox.server import SandboxConfig, running_sandbox
from tests.raw_tables import empty_raw_tables

pytestmark = pytest.mark.e2e

DIRECTORY = next(crawl for crawl in CRAWLS if crawl.spider == "directory")
BUSINESSES = 120  # a small world: a crawl of a few seconds


@pytest.fixture(scope="module")
def instance():
    with DagsterInstance.ephemeral() as instance:
        yield instance


@pytest.fixture(scope="module")
def warehouse_dir(database_url, tmp_path_factory):
    out = tmp_path_factory.mktemp("warehouse")
    empty_raw_tables(database_url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRAWL_WAREHOUSE_PATH", str(out / "warehouse.duckdb"))
        patch.setenv("TRAWL_EXPORT_DIR", str(out / "exports"))
        yield out


def crawl_and_build(sandbox: SandboxConfig, instance):
    """The whole directory crawled from `sandbox`, with everything below it, in one run."""
    with running_sandbox(sandbox) as url:
        resources = resources_for(sandbox_url=url, log_level="WARNING")
        today = dt.datetime.now(dt.UTC).date()
        return materialize_crawl(DIRECTORY, today, instance, resources, downstream=True)


@pytest.fixture(scope="module")
def broken_run(instance, warehouse_dir):
    broken = SandboxConfig(businesses=BUSINESSES, products=0, drop_fields=("phone",))
    return crawl_and_build(broken, instance)


def materialized(result) -> set[str]:
    return {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}


def rebuild_tick(instance, cursor: str | None):
    sensor = defs.resolve_sensor_def("warehouse_after_crawls")
    context = build_sensor_context(
        instance=instance, cursor=cursor, repository_def=defs.get_repository_def()
    )
    return sensor.evaluate_tick(context)


def test_phones_missing_on_most_pages_fail_the_coverage_check(broken_run):
    coverage = next(
        check for check in broken_run.get_asset_check_evaluations()
        if check.check_name == "field_coverage"
    )  # fmt: skip
    assert not coverage.passed
    assert "phone on" in coverage.description and "(needs 90%)" in coverage.description


def test_the_leads_mart_is_not_built_in_the_run_that_crawled_the_broken_site(broken_run):
    built = materialized(broken_run)
    assert "directory_crawl" in built  # what was crawled is recorded, so people can see it
    assert not built & {"stg_raw__lead_observations", "leads", "warehouse"}
    assert not broken_run.success


def test_the_warehouse_is_not_published(broken_run, warehouse_dir):
    assert not (warehouse_dir / "warehouse.duckdb").exists()


def test_the_broken_crawl_does_not_trigger_a_rebuild(broken_run, instance):
    tick = rebuild_tick(instance, cursor=None)
    assert tick.run_requests == []
    assert "directory_crawl" in tick.skip_message and "failed a blocking check" in tick.skip_message


def test_the_crawl_run_and_the_dagster_run_name_each_other(broken_run, database_url):
    (materialization,) = broken_run.asset_materializations_for_node("directory_crawl")
    crawl_run_id = materialization.metadata["crawl_run_id"].value
    assert materialization.metadata["dagster_run"].value.endswith(f"/runs/{broken_run.run_id}")
    with psycopg.connect(database_url) as conn:
        (dagster_run_id,) = conn.execute(
            "select dagster_run_id from crawl_runs where id = %s", (crawl_run_id,)
        ).fetchone()
    assert dagster_run_id == broken_run.run_id


def test_a_healthy_crawl_lands_and_the_sensor_rebuilds_and_publishes_the_warehouse(
    broken_run, instance, warehouse_dir
):
    after_broken = rebuild_tick(instance, cursor=None).cursor
    with running_sandbox(SandboxConfig(businesses=BUSINESSES, products=0)) as url:
        resources = resources_for(sandbox_url=url, log_level="WARNING")
        today = dt.datetime.now(dt.UTC).date()
        assert materialize_crawl(DIRECTORY, today, instance, resources).success
    tick = rebuild_tick(instance, after_broken)
    (request,) = tick.run_requests
    assert request.job_name in (None, "warehouse_job")  # None: the sensor's own job
    assert defs.resolve_sensor_def("warehouse_after_crawls").job_name == "warehouse_job"
    rebuilt = materialize_warehouse(instance, resources_for())
    assert rebuilt.success and (warehouse_dir / "warehouse.duckdb").exists()
    assert rebuild_tick(instance, tick.cursor).run_requests == []
