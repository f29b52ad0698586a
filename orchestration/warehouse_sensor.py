"""Rebuild the warehouse when new crawls land: a sensor that launches `warehouse_job`.

Why a sensor rather than an automation condition on each model: the models build into the
run's own working copy of the DuckDB file, and only the `warehouse` asset, in the same run,
publishes it (see warehouse/build.py). Asset-by-asset conditions would request only the
models downstream of the crawl that landed, and a run that leaves out a mart's other inputs,
or `warehouse`, builds a copy nobody ever sees. The sensor requests the whole warehouse in
one run, so each rebuild is complete and published.

When a crawl lands (`rebuild_decision` decides, as a pure function):
- its step failed (a blocking check failed, e.g. phones missing on most leads): no rebuild,
  its data should not reach the marts;
- its run also published the warehouse (a crawl and build launched together): no rebuild;
- its run is still going: wait, and look again at the next evaluation;
- otherwise: one run of `warehouse_job` for every new crawl so far.
The sensor runs every 30 s while the Dagster daemon runs (`dagster dev`, `make ui`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dagster import (
    AssetKey,
    AssetRecordsFilter,
    AssetSelection,
    DagsterInstance,
    DefaultSensorStatus,
    RunRequest,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    sensor,
)
from dagster._core.execution.stats import StepEventStatus

from orchestration.crawl import CRAWLS

WAREHOUSE_GROUPS = ("staging", "matching", "marts")
PUBLISH_STEP = "warehouse"  # the asset that publishes the run's working copy

warehouse_job = define_asset_job(
    "warehouse_job",
    selection=AssetSelection.groups(*WAREHOUSE_GROUPS),
    description="Every SQL model rebuilt from the raw store, checked, and published.",
)


@dataclass(frozen=True)
class CrawlLanding:
    """A crawl asset's materialization, and how the run that made it went."""

    storage_id: int
    asset: str
    run_id: str
    partition: str | None
    run_finished: bool
    crawl_succeeded: bool  # the crawl's step succeeded: every blocking check passed
    published_in_run: bool  # the same run also published the warehouse

    def label(self) -> str:
        where = f"[{self.partition}]" if self.partition else ""
        return f"{self.asset}{where} (run {self.run_id[:8]})"


@dataclass(frozen=True)
class RebuildDecision:
    rebuild: bool
    reason: str
    cursor: int | None  # the storage id handled up to; None: look at the same crawls again


def rebuild_decision(landings: Sequence[CrawlLanding]) -> RebuildDecision:
    if not landings:
        return RebuildDecision(False, "no new crawl since the last rebuild", None)
    running = [landing for landing in landings if not landing.run_finished]
    if running:
        waiting = ", ".join(landing.label() for landing in running)
        return RebuildDecision(False, f"waiting for the runs of {waiting} to finish", None)
    cursor = max(landing.storage_id for landing in landings)
    trusted = [x for x in landings if x.crawl_succeeded and not x.published_in_run]
    if trusted:
        crawls = ", ".join(landing.label() for landing in trusted)
        return RebuildDecision(True, f"new crawls landed: {crawls}", cursor)
    failed = [landing.label() for landing in landings if not landing.crawl_succeeded]
    reasons = []
    if failed:
        reasons.append(f"{', '.join(failed)} failed a blocking check; fix and crawl again")
    if len(failed) < len(landings):
        reasons.append("the other new crawls were published in their own runs")
    return RebuildDecision(False, "no rebuild: " + "; ".join(reasons), cursor)


def crawl_landings(
    instance: DagsterInstance, after_storage_id: int | None, assets: Iterable[str]
) -> list[CrawlLanding]:
    """Materializations of the crawl `assets` stored after `after_storage_id`, oldest first."""
    landings = []
    for asset in assets:
        records = instance.fetch_materializations(
            AssetRecordsFilter(asset_key=AssetKey(asset), after_storage_id=after_storage_id),
            limit=1000,
            ascending=True,
        ).records
        for record in records:
            run = instance.get_run_by_id(record.run_id)
            steps = {
                stats.step_key: stats.status
                for stats in instance.get_run_step_stats(record.run_id, [asset, PUBLISH_STEP])
            }
            landings.append(
                CrawlLanding(
                    storage_id=record.storage_id,
                    asset=asset,
                    run_id=record.run_id,
                    partition=record.partition_key,
                    run_finished=run is None or run.is_finished,
                    crawl_succeeded=steps.get(asset) == StepEventStatus.SUCCESS,
                    published_in_run=steps.get(PUBLISH_STEP) == StepEventStatus.SUCCESS,
                )
            )
    return sorted(landings, key=lambda landing: landing.storage_id)


@sensor(
    name="warehouse_after_crawls",
    job=warehouse_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Rebuild and publish the warehouse after new crawls whose checks passed.",
)
def warehouse_after_crawls(context: SensorEvaluationContext) -> RunRequest | SkipReason:
    after = int(context.cursor) if context.cursor else None
    landings = crawl_landings(context.instance, after, [crawl.asset_name for crawl in CRAWLS])
    decision = rebuild_decision(landings)
    if decision.cursor is not None:
        context.update_cursor(str(decision.cursor))
    if not decision.rebuild:
        return SkipReason(decision.reason)
    context.log.info(decision.reason)
    return RunRequest(
        run_key=f"warehouse-after-{decision.cursor}", tags={"trawl/trigger": "crawls"}
    )
