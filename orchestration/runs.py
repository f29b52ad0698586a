"""The whole pipeline in-process, as the demo and the end-to-end tests run it.

Each crawl has partitions of its own (day × city, day × category), and one Dagster run
holds partitions of one kind only, so the pipeline is one run per crawl (today's whole-site
partition, `all`), then one run that rebuilds, checks and publishes the warehouse, which is
what the schedules and the `warehouse_after_crawls` sensor do in production. When a crawl
fails (a blocking check among others), the warehouse is not rebuilt, as the sensor would not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dagster import AssetSelection, DagsterInstance, ExecuteInProcessResult, materialize

from orchestration.crawl import CRAWLS, Crawl
from orchestration.partitions import partition_key_for
from orchestration.warehouse_sensor import WAREHOUSE_GROUPS


@dataclass
class PipelineResult:
    """The runs of one pipeline, read like one `materialize` result."""

    crawls: dict[str, ExecuteInProcessResult] = field(default_factory=dict)  # by spider
    warehouse: ExecuteInProcessResult | None = None  # None: not run, a crawl failed

    @property
    def runs(self) -> list[ExecuteInProcessResult]:
        return [*self.crawls.values(), *([self.warehouse] if self.warehouse else [])]

    @property
    def success(self) -> bool:
        return self.warehouse is not None and all(run.success for run in self.runs)

    def get_step_failure_events(self) -> list:
        return [event for run in self.runs for event in run.get_step_failure_events()]

    def get_asset_check_evaluations(self) -> list:
        return [check for run in self.runs for check in run.get_asset_check_evaluations()]

    def get_asset_materialization_events(self) -> list:
        return [event for run in self.runs for event in run.get_asset_materialization_events()]


def materialize_crawl(
    crawl: Crawl, day: dt.date, instance: DagsterInstance, resources: Mapping[str, Any],
    run_config: Mapping[str, Any] | None = None, scope: str = "all", downstream: bool = False,
) -> ExecuteInProcessResult:  # fmt: skip
    """One partition of one crawl (the whole site on `day` by default), in one run; with
    `downstream`, the warehouse assets below it run in the same run (blocking checks stop them)
    but not the crawls below it (contacts_crawl reads the leads), partitioned otherwise."""
    from orchestration.definitions import defs

    selection = AssetSelection.assets(crawl.asset_name)
    if downstream:
        other_crawls = AssetSelection.assets(*(c.asset_name for c in CRAWLS if c != crawl))
        selection = selection.downstream() - other_crawls
    return materialize(
        [*defs.assets, *defs.asset_checks],
        selection=selection,
        partition_key=partition_key_for(crawl, day, scope),
        instance=instance,
        resources=resources,
        run_config=run_config,
        raise_on_error=False,
    )


def materialize_warehouse(
    instance: DagsterInstance, resources: Mapping[str, Any],
    run_config: Mapping[str, Any] | None = None,
) -> ExecuteInProcessResult:  # fmt: skip
    """Every warehouse asset and check in one run: built, checked, published."""
    from orchestration.definitions import defs

    return materialize(
        [*defs.assets, *defs.asset_checks],
        selection=AssetSelection.groups(*WAREHOUSE_GROUPS),
        instance=instance,
        resources=resources,
        run_config=run_config,
        raise_on_error=False,
    )


def interrupted(run: ExecuteInProcessResult) -> bool:
    """Whether a step of the run was stopped from outside: a crawl
    (orchestration.crawl.INTERRUPTED), or any other step Dagster saw interrupted."""
    for event in run.get_step_failure_events():
        failure = event.step_failure_data.user_failure_data
        if failure is not None and "interrupted" in failure.metadata:
            return True
        # Dagster's ErrorSource.INTERRUPT, by value: the enum is not public API
        if event.step_failure_data.error_source.value == "INTERRUPT":
            return True
    return False


def materialize_pipeline(
    instance: DagsterInstance, resources: Mapping[str, Any],
    run_config: Mapping[str, Any] | None = None, day: dt.date | None = None,
    crawls: Sequence[Crawl] = CRAWLS,
) -> PipelineResult:  # fmt: skip
    """Every crawl of the whole site on `day` (today, UTC), then the warehouse."""
    day = day or dt.datetime.now(dt.UTC).date()
    result = PipelineResult()
    for crawl in crawls:
        run = materialize_crawl(crawl, day, instance, resources, run_config)
        result.crawls[crawl.spider] = run
        if interrupted(run):  # Ctrl-C or SIGTERM: the rest is not run either
            raise KeyboardInterrupt
    if all(run.success for run in result.crawls.values()):
        result.warehouse = materialize_warehouse(instance, resources, run_config)
        if interrupted(result.warehouse):
            raise KeyboardInterrupt
    return result
