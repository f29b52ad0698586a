"""trawl's Dagster definitions: crawl assets, warehouse assets, schedules and resources."""

from __future__ import annotations

from dagster import (
    AssetSelection,
    Definitions,
    ScheduleDefinition,
    define_asset_job,
)

from orchestration.crawl import crawl_assets
from orchestration.resources import ScrapyCrawler, Warehouse
from orchestration.warehouse import model_assets, warehouse

all_assets = [*crawl_assets, *model_assets, warehouse]

crawl_and_build = define_asset_job(
    "crawl_and_build",
    selection=AssetSelection.groups("crawl").downstream(),
    description="Every crawl, then the warehouse rebuilt and published.",
)

daily_crawl = ScheduleDefinition(
    name="daily_crawl",
    job=crawl_and_build,
    cron_schedule="0 3 * * *",
    description="Crawl every source at 03:00 and rebuild the warehouse.",
)


def resources_for(
    sandbox_url: str | None = None, log_level: str = "INFO", progress_to_stderr: bool = False
) -> dict:
    """The resources, from the environment unless told otherwise (the demo and tests tell)."""
    return {
        "crawler": ScrapyCrawler(
            sandbox_url=sandbox_url, log_level=log_level, progress_to_stderr=progress_to_stderr
        ),
        "warehouse": Warehouse(),
    }


defs = Definitions(
    assets=all_assets,
    jobs=[crawl_and_build],
    schedules=[daily_crawl],
    resources=resources_for(),
)
