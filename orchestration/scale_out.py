"""One crawl as N `scrapy crawl` processes on a shared Redis frontier, launched by a crawl asset.

`ScrapyCrawler.crawl(..., processes=N)` comes here when N > 1. The processes share:
- one frontier (spiders/frontier/): REDIS_URL from the environment, a frontier named after
  the asset's resume key, TRAWL_FRONTIER_WORKERS=N so that each waits for the others;
- one `crawl_runs` row: opened here before they start, under the asset's resume key, so
  that every process's writer continues it (pipelines/writer.py resumes an unfinished run
  with its key) and counts the run's rows from the database when it closes;
- one Dagster Pipes session each, whose reports are merged into one materialization:
  pages, items and errors summed, the longest duration, the shared crawl run id.

When every process has exited, the run gets its end: "failed" if any process failed,
otherwise as the last process left it. Frontier keys a crashed process left are deleted.
When the step is stopped (Ctrl-C, SIGTERM, the run terminated), each process gets SIGINT, as
Dagster Pipes gives its one process, and stops as Scrapy does on Ctrl-C; the run stays open
for a re-execution to resume.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from typing import Any

import psycopg
import redis
from dagster import (
    AssetExecutionContext,
    MaterializeResult,
    PipesTempFileContextInjector,
    PipesTempFileMessageReader,
    open_pipes_session,
)

from pipelines.crawl_runs import PLANNED_ENDS
from pipelines.store import RawStore
from spiders.frontier.config import FrontierConfig

SUMMED = ("pages", "items", "items_stored", "items_rejected", "items_dropped", "errors",
          "download_errors")  # fmt: skip
UNSAFE = re.compile(r"[^A-Za-z0-9._:-]")
# how long crawler processes told to stop may take to finish what they hold, as Dagster Pipes
# gives its one process (PipesSubprocessClient's termination_timeout_seconds)
STOP_SECONDS = 20


class ScaleOutError(RuntimeError):
    """The crawl cannot run in several processes as configured; the message says why."""


def frontier_name(resume_key: str) -> str:
    """A frontier name (Redis-key safe) for the crawl an asset's resume key names."""
    return UNSAFE.sub("-", resume_key)[:200]


def crawl_in_processes(
    context: AssetExecutionContext,
    spider: str,
    command: Sequence[str],
    env: Mapping[str, str],
    processes: int,
    arguments: Mapping[str, str],
    cwd: str,
) -> MaterializeResult:
    """Run `command` (a `scrapy crawl`) in `processes` processes on one frontier and one
    crawl run; one materialization with their figures merged."""
    redis_url, resume_key = env.get("REDIS_URL"), env.get("TRAWL_RESUME_KEY")
    if not redis_url:
        raise ScaleOutError(
            f"processes={processes} needs a shared frontier: set REDIS_URL (e.g. "
            "redis://127.0.0.1:6379/0) for the code location, or run with processes=1"
        )
    if not resume_key:
        raise ScaleOutError("processes > 1 needs TRAWL_RESUME_KEY to share one crawl run")
    frontier = frontier_name(resume_key)
    command = [*command, "-s", f"TRAWL_FRONTIER={frontier}",
               "-s", f"TRAWL_FRONTIER_WORKERS={processes}"]  # fmt: skip
    database = env["DATABASE_URL"]
    run_id = open_shared_run(database, spider, dict(arguments), env.get("TRAWL_DAGSTER_RUN_ID"),
                             resume_key)  # fmt: skip
    context.log.info(f"crawl run {run_id}: {processes} processes on frontier {frontier}")
    with ExitStack() as stack:
        sessions = [stack.enter_context(pipes_session(context)) for _ in range(processes)]
        workers = [
            subprocess.Popen(command, cwd=cwd, env={**env, **s.get_bootstrap_env_vars()})
            for s in sessions
        ]
        try:
            codes = [worker.wait() for worker in workers]
        except BaseException:  # stopped from outside: the processes must not crawl on
            stop_workers(workers)
            raise
    reports = [
        dict(result.metadata or {})
        for session in sessions
        for result in session.get_results(implicit_materializations=False)
        if isinstance(result, MaterializeResult)
    ]
    failed = any(codes) or any(_value(r.get("finish_reason")) not in PLANNED_ENDS for r in reports)
    close_shared_run(database, run_id, failed)
    forget_frontier(redis_url, frontier)
    if any(codes):
        raise ScaleOutError(
            f"{sum(1 for code in codes if code)} of {processes} crawler processes failed "
            f"(exit codes {codes}); crawl run {run_id} is marked failed"
        )
    return MaterializeResult(metadata=merged_figures(reports, processes, run_id))


def stop_workers(workers: Sequence[subprocess.Popen], timeout: float = STOP_SECONDS) -> None:
    """SIGINT to every crawler process still running (Scrapy then stops as on Ctrl-C, its
    writer storing what it holds); those still running after `timeout` seconds are killed."""
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGINT)
    deadline = time.monotonic() + timeout
    for worker in workers:
        try:
            worker.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def pipes_session(context: AssetExecutionContext):
    """A Pipes session of its own for one process: each reports its crawl's figures."""
    return open_pipes_session(
        context=context,
        context_injector=PipesTempFileContextInjector(),
        message_reader=PipesTempFileMessageReader(),
    )


def merged_figures(reports: Sequence[Mapping[str, Any]], processes: int,
                   crawl_run_id: int) -> dict[str, Any]:  # fmt: skip
    """One crawl's figures from its processes' reports (crawl_report.crawl_figures)."""
    merged: dict[str, Any] = {name: 0 for name in SUMMED}
    durations, reasons = [0.0], set()
    for report in reports:
        for name, value in report.items():
            value = _value(value)
            if name in SUMMED:
                merged[name] += value or 0
            elif name == "duration_s":
                durations.append(float(value or 0))
            elif name == "finish_reason":
                reasons.add(str(value))
            elif name != "crawl_run_id" and isinstance(value, (int, float)):
                merged[name] = merged.get(name, 0) + value
    merged.update(crawl_run_id=crawl_run_id, duration_s=max(durations), processes=processes,
                  processes_reported=len(reports),
                  finish_reason=", ".join(sorted(reasons)) or "unknown")  # fmt: skip
    return merged


def open_shared_run(database_url: str, spider: str, arguments: dict[str, str],
                    dagster_run_id: str | None, resume_key: str) -> int:  # fmt: skip
    """The crawl run the processes will share: the unfinished one with this resume key (a
    retry continues it), else a new one."""
    store = RawStore(database_url)
    try:
        store.ensure_schema()
        resumed = store.resume_crawl_run(spider, resume_key)
        if resumed is not None:
            return resumed
        return store.open_crawl_run(spider, arguments, datetime.now(UTC), dagster_run_id,
                                    resume_key)  # fmt: skip
    finally:
        store.close()


def close_shared_run(database_url: str, crawl_run_id: int, failed: bool) -> None:
    """The run's end once every process exited: failed if one failed; a run no process
    closed (its writer was off) ends now."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(
            "update crawl_runs set"
            " status = case when %(failed)s then 'failed'"
            "   when status = 'running' then 'finished' else status end,"
            " finished_at = coalesce(finished_at, now()) where id = %(id)s",
            {"failed": failed, "id": crawl_run_id},
        )


def forget_frontier(redis_url: str, name: str) -> None:
    """Delete what is left of the frontier (nothing, unless a process died)."""
    keys = FrontierConfig(redis_url=redis_url, name=name).keys
    client = redis.Redis.from_url(redis_url)
    try:
        client.delete(*keys.all())
    finally:
        client.close()


def _value(value: Any) -> Any:
    return getattr(value, "value", value)
