"""trawl's Dagster definitions: crawl assets, warehouse assets, checks, jobs, schedules,
sensors and resources.

- a job and a schedule per crawl (`<spider>_crawl_job`, `<spider>_crawl_schedule`: today's
  whole-site partition on the crawl's cron, see orchestration/schedules.py);
- `warehouse_job` rebuilds and publishes the warehouse; the sensor `warehouse_after_crawls`
  launches it when new crawls land whose blocking checks passed;
- the sensor `run_failure_alerts` records failed runs and posts them to a webhook.
Each crawl has its own partitions (day × city, day × category), so no one job can hold
every crawl: `orchestration.runs.materialize_pipeline` runs the whole pipeline in-process.
"""

from __future__ import annotations

from dagster import Definitions

from orchestration.checks import matching_checks
from orchestration.contact_checks import contact_checks
from orchestration.crawl import CRAWLS, crawl_assets
from orchestration.failure_alerts import run_failure_alerts
from orchestration.mart_checks import mart_checks
from orchestration.resources import ScrapyCrawler, Warehouse
from orchestration.schedules import crawl_job, crawl_schedule
from orchestration.warehouse import model_assets, warehouse
from orchestration.warehouse_sensor import warehouse_after_crawls, warehouse_job

all_assets = [*crawl_assets, *model_assets, warehouse]
all_checks = [*mart_checks, *matching_checks, *contact_checks]

crawl_jobs = {crawl.spider: crawl_job(crawl) for crawl in CRAWLS}
crawl_schedules = [crawl_schedule(crawl, crawl_jobs[crawl.spider]) for crawl in CRAWLS]


def resources_for(
    sandbox_url: str | None = None,
    log_level: str = "INFO",
    progress_to_stderr: bool = False,
    proxy_urls: str | None = None,
) -> dict:
    """The resources, from the environment unless told otherwise (the demo and tests tell)."""
    return {
        "crawler": ScrapyCrawler(
            sandbox_url=sandbox_url,
            log_level=log_level,
            progress_to_stderr=progress_to_stderr,
            proxy_urls=proxy_urls,
        ),
        "warehouse": Warehouse(),
    }


defs = Definitions(
    assets=all_assets,
    asset_checks=all_checks,
    jobs=[*crawl_jobs.values(), warehouse_job],
    schedules=crawl_schedules,
    sensors=[warehouse_after_crawls, run_failure_alerts],
    resources=resources_for(),
)
