"""The Dagster definitions load, and their graph says what the pipeline does."""

from __future__ import annotations

import subprocess
import sys

from dagster import AssetCheckKey, AssetKey, Backoff, DefaultSensorStatus

from orchestration.crawl import CRAWLS
from orchestration.definitions import defs
from pipelines.database import PROJECT_ROOT
from warehouse.catalog import list_models


def asset_graph():
    return defs.resolve_asset_graph()


def test_dagster_definitions_validate():
    result = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-w", "workspace.yaml"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_there_is_one_asset_per_spider_and_per_sql_model():
    keys = {key.to_user_string() for key in asset_graph().get_all_asset_keys()}
    assert {"directory_crawl", "marketplace_crawl"} <= keys
    assert {model.name for model in list_models()} <= keys


def test_lineage_runs_from_spider_through_staging_to_marts():
    graph = asset_graph()
    staging = AssetKey("stg_raw__lead_observations")
    assert AssetKey("directory_crawl") in graph.get(staging).parent_keys
    assert AssetKey("directory_crawl") in _ancestors(graph, AssetKey("leads"))


def _ancestors(graph, key):
    seen, stack = set(), [key]
    while stack:
        for parent in graph.get(stack.pop()).parent_keys:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen


def test_model_dependencies_come_from_the_sql():
    graph = asset_graph()
    for model in list_models():
        parents = {key.to_user_string() for key in graph.get(AssetKey(model.name)).parent_keys}
        assert set(model.depends_on) <= parents


def test_crawls_retry_with_exponential_backoff():
    for crawl in CRAWLS:
        policy = defs.resolve_assets_def(crawl.asset_name).op.retry_policy
        assert policy.max_retries >= 1 and policy.backoff == Backoff.EXPONENTIAL


def test_the_warehouse_rebuild_and_the_failure_alerts_are_sensors_that_start_running():
    for name in ("warehouse_after_crawls", "run_failure_alerts"):
        assert defs.resolve_sensor_def(name).default_status == DefaultSensorStatus.RUNNING
    rebuilt = defs.resolve_job_def("warehouse_job").asset_layer.selected_asset_keys
    assert {
        AssetKey("stg_raw__lead_observations"),
        AssetKey("leads"),
        AssetKey("warehouse"),
    } <= rebuilt
    assert not {AssetKey(crawl.asset_name) for crawl in CRAWLS} & rebuilt


def test_marts_are_checked_and_the_checks_block_publishing_except_freshness():
    graph = asset_graph()
    for mart in ("leads", "products", "product_offers"):
        specs = {
            key.name: graph.get_check_spec(key)
            for key in graph.get_check_keys_for_assets({AssetKey(mart)})
        }
        assert {"unique_key", "not_null", "freshness"} <= set(specs)
        assert specs["unique_key"].blocking and specs["not_null"].blocking
        assert not specs["freshness"].blocking
    accepted = graph.get_check_spec(AssetCheckKey(AssetKey("product_offers"), "accepted_values"))
    assert accepted.blocking


def test_the_coverage_check_of_every_crawl_blocks_what_is_downstream():
    graph = asset_graph()
    for crawl in CRAWLS:
        spec = graph.get_check_spec(AssetCheckKey(AssetKey(crawl.asset_name), "field_coverage"))
        assert spec.blocking
