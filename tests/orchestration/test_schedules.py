"""Each crawl has its own schedule: directory daily, marketplace hourly, configurable."""

from __future__ import annotations

import datetime as dt

import pytest
from dagster import AssetKey, RunRequest, build_schedule_context

from orchestration.crawl import CRAWLS
from orchestration.definitions import defs
from orchestration.partitions import partition_key_for
from orchestration.schedules import crawl_cron

DIRECTORY = next(crawl for crawl in CRAWLS if crawl.spider == "directory")
MARKETPLACE = next(crawl for crawl in CRAWLS if crawl.spider == "marketplace")


def test_every_crawl_has_a_schedule_of_its_own_running_its_job():
    for crawl in CRAWLS:
        schedule = defs.resolve_schedule_def(f"{crawl.asset_name}_schedule")
        assert schedule.job_name == f"{crawl.asset_name}_job"
        job = defs.resolve_job_def(schedule.job_name)
        assert job.asset_layer.selected_asset_keys == {AssetKey(crawl.asset_name)}


def test_by_default_directory_daily_marketplace_hourly_contacts_after_the_leads():
    assert defs.resolve_schedule_def("directory_crawl_schedule").cron_schedule == "0 3 * * *"
    assert defs.resolve_schedule_def("marketplace_crawl_schedule").cron_schedule == "0 * * * *"
    # the leads' websites once the day's crawls of leads have stored them
    assert defs.resolve_schedule_def("contacts_crawl_schedule").cron_schedule == "0 6 * * *"


def test_a_schedule_comes_from_the_environment_when_set():
    assert crawl_cron(MARKETPLACE, {"TRAWL_SCHEDULE_MARKETPLACE": "*/30 * * * *"}) == "*/30 * * * *"
    assert crawl_cron(DIRECTORY, {"TRAWL_SCHEDULE_MARKETPLACE": "*/30 * * * *"}) == "0 3 * * *"


def test_a_schedule_that_is_not_cron_is_refused_naming_the_variable():
    with pytest.raises(ValueError, match="TRAWL_SCHEDULE_DIRECTORY='daily' is not a cron schedule"):
        crawl_cron(DIRECTORY, {"TRAWL_SCHEDULE_DIRECTORY": "daily"})


def test_a_tick_requests_the_whole_site_partition_of_the_day_it_runs():
    when = dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.UTC)
    for crawl in CRAWLS:
        schedule = defs.resolve_schedule_def(f"{crawl.asset_name}_schedule")
        with build_schedule_context(
            repository_def=defs.get_repository_def(), scheduled_execution_time=when
        ) as context:
            (request,) = schedule.evaluate_tick(context).run_requests
        assert isinstance(request, RunRequest)
        assert request.partition_key == partition_key_for(crawl, when.date())
        job = defs.resolve_job_def(schedule.job_name)
        assert request.partition_key in job.partitions_def.get_partition_keys(current_time=when)
