"""One job and one schedule per crawl: the crawl of today's whole-site partition, on its cron.

A scheduled run crawls only; the warehouse follows when the crawl lands (see
orchestration/warehouse_sensor.py). Schedules start stopped: switch them on in the UI
(Automation) or with `dagster schedule start <name>`.

Settings (environment):
- TRAWL_SCHEDULE_<SPIDER>: the cron of that spider's schedule, in UTC, e.g.
  TRAWL_SCHEDULE_MARKETPLACE="*/30 * * * *" (default: the crawl's own, `Crawl.cron`:
  directory and maps daily at 03:00, marketplace hourly, contacts daily at 06:00, after the
  crawls whose leads' websites it reads)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from dagster import (
    AssetSelection,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    define_asset_job,
    schedule,
)
from dagster._utils.schedules import is_valid_cron_string

from orchestration.crawl import Crawl
from orchestration.partitions import partition_key_for


def schedule_variable(crawl: Crawl) -> str:
    return f"TRAWL_SCHEDULE_{crawl.spider.upper()}"


def crawl_cron(crawl: Crawl, environ: Mapping[str, str] = os.environ) -> str:
    """The crawl's cron: from TRAWL_SCHEDULE_<SPIDER> when set, else its default."""
    variable = schedule_variable(crawl)
    cron = (environ.get(variable) or crawl.cron).strip()
    if not is_valid_cron_string(cron):
        raise ValueError(
            f"{variable}={cron!r} is not a cron schedule; give five fields, "
            "e.g. '0 3 * * *' (daily at 03:00 UTC) or '0 * * * *' (hourly)"
        )
    return cron


def crawl_job(crawl: Crawl):  # an unresolved asset job: Dagster resolves it in Definitions
    return define_asset_job(
        f"{crawl.asset_name}_job",
        selection=AssetSelection.assets(crawl.asset_name),
        description=f"Crawl with the {crawl.spider} spider (one partition) and check the crawl.",
    )


def crawl_schedule(crawl: Crawl, job) -> ScheduleDefinition:
    cron = crawl_cron(crawl)

    @schedule(
        name=f"{crawl.asset_name}_schedule",
        job=job,
        cron_schedule=cron,
        execution_timezone="UTC",
        description=f"Crawl the whole {crawl.spider} site into today's partition ({cron}, UTC).",
    )
    def _schedule(context: ScheduleEvaluationContext) -> RunRequest:
        when = context.scheduled_execution_time or dt.datetime.now(dt.UTC)
        day = when.astimezone(dt.UTC).date()
        return RunRequest(partition_key=partition_key_for(crawl, day))

    return _schedule
