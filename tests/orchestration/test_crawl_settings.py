"""A crawl asset's run config may not make the crawl write outside the data directory, nor
choose which code it runs (orchestration.crawl_settings)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from orchestration.crawl_settings import UnsafeCrawlSetting, check_crawl_settings


@pytest.fixture
def dirs(tmp_path) -> tuple[Path, Path]:
    """(the data directory, the directory the crawl runs in, which holds it)."""
    (tmp_path / "data").mkdir()
    return tmp_path / "data", tmp_path


def check(settings: dict, dirs) -> None:
    data_dir, cwd = dirs
    check_crawl_settings(settings, data_dir, cwd)


@pytest.mark.parametrize(
    "settings",
    [
        {"DOWNLOAD_DELAY": "0.5", "CLOSESPIDER_PAGECOUNT": "10"},
        {"LOG_FILE": "data/logs/crawl.log"},
        {"JOBDIR": "data/jobs/directory"},
        {"FEEDS": json.dumps({"data/exports/leads.jsonl": {"format": "jsonlines"}})},
    ],
)
def test_ordinary_settings_and_paths_in_the_data_directory_pass(settings, dirs):
    check(settings, dirs)


@pytest.mark.parametrize(
    "settings",
    [
        {"LOG_FILE": "../../etc/cron.d/x"},
        {"LOG_FILE": "data/../../outside.log"},
        {"JOBDIR": "/tmp/elsewhere"},
        {"TRAWL_WRITER_SPILL_DIR": "data/../.."},
        {"FEEDS": json.dumps({"data/ok.jsonl": {}, "/etc/passwd": {"format": "csv"}})},
        {"FEEDS": json.dumps({"file:///root/.ssh/authorized_keys": {}})},
        {"feeds": json.dumps({"data/../../x.jsonl": {}})},  # names are case-insensitive
    ],
)
def test_paths_that_leave_the_data_directory_are_refused(settings, dirs):
    with pytest.raises(UnsafeCrawlSetting, match="outside the data directory"):
        check(settings, dirs)


def test_a_symlink_out_of_the_data_directory_is_refused(dirs):
    data_dir, _ = dirs
    (data_dir / "exports").symlink_to("/etc")
    with pytest.raises(UnsafeCrawlSetting, match="to /etc/passwd"):
        check({"LOG_FILE": "data/exports/passwd"}, dirs)


def test_feeds_to_other_places_are_refused(dirs):
    with pytest.raises(UnsafeCrawlSetting, match="sends data to s3://"):
        check({"FEEDS": json.dumps({"s3://bucket/leads.jsonl": {}})}, dirs)


@pytest.mark.parametrize(
    "name", ["ITEM_PIPELINES", "DOWNLOADER_MIDDLEWARES", "DUPEFILTER_CLASS", "SCHEDULER",
             "TWISTED_REACTOR", "EXTENSIONS", "downloader_middlewares"],
)  # fmt: skip
def test_settings_that_choose_code_are_refused(name, dirs):
    with pytest.raises(UnsafeCrawlSetting, match=f"setting {name} chooses which code"):
        check({name: "{}"}, dirs)


def test_a_crawl_asset_refuses_such_a_run_config_before_crawling(monkeypatch, tmp_path):
    from dagster import DagsterInstance, materialize

    from orchestration.crawl import CRAWLS, crawl_assets
    from orchestration.definitions import resources_for
    from orchestration.partitions import partition_key_for

    monkeypatch.setenv("TRAWL_DATA_DIR", str(tmp_path))
    directory = next(c for c in CRAWLS if c.spider == "directory")
    asset = next(a for a in crawl_assets if a.key.to_user_string() == directory.asset_name)
    config = {"ops": {directory.asset_name: {"config": {"settings": {"LOG_FILE": "/etc/x"}}}}}
    result = materialize(
        [asset],
        instance=DagsterInstance.ephemeral(),
        resources=resources_for(sandbox_url="http://127.0.0.1:9"),  # never reached
        partition_key=partition_key_for(directory, dt.date.today(), "springfield"),
        run_config=config,
        raise_on_error=False,
    )
    assert not result.success
    [failure] = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert "LOG_FILE='/etc/x' points outside the data directory" in str(
        failure.step_failure_data.error
    )
    assert not any(e.event_type_value == "STEP_OUTPUT" for e in result.all_events)
