"""The Dagster definitions load, and their graph says what the pipeline does."""

from __future__ import annotations

import subprocess
import sys

from dagster import AssetKey

from orchestration.definitions import defs
from pipelines.database import PROJECT_ROOT
from warehouse.catalog import list_models


def asset_graph():
    return defs.resolve_asset_graph()


def test_dagster_definitions_validate():
    result = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-w", "workspace.yaml"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
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


def test_a_daily_schedule_runs_the_crawls():
    schedule = defs.get_schedule_def("daily_crawl")
    assert schedule.cron_schedule == "0 3 * * *"
