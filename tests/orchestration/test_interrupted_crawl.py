"""A pipeline stopped from outside (Ctrl-C, SIGTERM) stops, as `trawl demo` runs it in-process:
- mid-crawl: Dagster's in-process executor would otherwise take the interruption for a
  failure to retry under the crawl's retry policy (dagster-io/dagster#15026), and crawl
  again after 30 s, then 60 s, then go on with the next crawls;
- mid-build of the warehouse: DuckDB gave the interruption back as "RuntimeError: Query
  interrupted", which Dagster took for a failed step, going on with the run's other models,
  and the next connection to the working copy spun forever (warehouse/build.py).

Real components: the sandbox, `scrapy crawl` through Dagster Pipes, the test's PostgreSQL,
DuckDB, an ephemeral Dagster instance, all in a subprocess that is sent SIGINT.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable

import psutil
import pytest

pytestmark = pytest.mark.e2e

# the pipeline of one crawl (the directory, 600 businesses) and the warehouse; it prints what
# each of its runs recorded once it is stopped. argv[1]: the crawl's DOWNLOAD_DELAY (0: none)
PIPELINE = textwrap.dedent("""
    import json, signal, sys
    from dagster import DagsterEventType, DagsterInstance
    from orchestration.crawl import CRAWLS
    from orchestration.definitions import resources_for
    from orchestration.runs import materialize_pipeline
    from sandbox.server import SandboxConfig, running_sandbox

    signal.signal(signal.SIGINT, signal.default_int_handler)  # heard even in a background run
    (directory,) = [crawl for crawl in CRAWLS if crawl.spider == "directory"]
    settings = {"DOWNLOAD_DELAY": sys.argv[1]}
    # the crawl's config (only the crawl's: the warehouse run, given it too, would refuse it)
    run_config = ({"ops": {directory.asset_name: {"config": {"settings": settings}}}}
                  if float(sys.argv[1]) else None)
    with DagsterInstance.ephemeral() as instance:
        with running_sandbox(SandboxConfig(businesses=600, products=0)) as url:
            resources = resources_for(sandbox_url=url, log_level="WARNING")
            try:
                materialize_pipeline(instance, resources, run_config, crawls=[directory])
                outcome = "finished"
            except KeyboardInterrupt:
                outcome = "interrupted"
        runs = []
        for run in reversed(instance.get_runs()):  # oldest first
            kinds = [record.event_log_entry.dagster_event.event_type_value
                     for record in instance.get_records_for_run(run.run_id).records
                     if record.event_log_entry.dagster_event is not None]
            failures = [record.event_log_entry.dagster_event.step_failure_data.error.message
                        for record in instance.get_records_for_run(
                            run.run_id, of_type=DagsterEventType.STEP_FAILURE).records]
            runs.append({"events": kinds, "failures": failures})
        print("RESULT " + json.dumps({"outcome": outcome, "runs": runs}), flush=True)
""")


def interrupted_pipeline(
    download_delay: float, when: Callable[[psutil.Process], bool], env: dict[str, str] | None = None
) -> tuple[dict, float, str]:
    """Run PIPELINE, send it SIGINT once `when(its process)` holds: what it printed, the
    seconds it took to stop, the end of its stderr."""
    # Dagster's event log goes to stderr: a file, which never fills up as a pipe would
    with tempfile.TemporaryFile("w+") as log:
        pipeline = subprocess.Popen(
            [sys.executable, "-c", PIPELINE, str(download_delay)],
            stdout=subprocess.PIPE, stderr=log, text=True, env=env,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 180
            while not when(psutil.Process(pipeline.pid)):
                assert pipeline.poll() is None, tail(log)
                assert time.monotonic() < deadline, "what the test waited for did not come"
                time.sleep(0.05)
            interrupted_at = time.monotonic()
            pipeline.send_signal(signal.SIGINT)
            out, _ = pipeline.communicate(timeout=120)
            stopped_in = time.monotonic() - interrupted_at
        finally:
            pipeline.kill()
        err = tail(log)
    printed = [
        line.removeprefix("RESULT ") for line in out.splitlines() if line.startswith("RESULT ")
    ]
    assert printed, err
    return json.loads(printed[0]), stopped_in, err


def tail(log) -> str:
    log.seek(0)
    return log.read()[-3000:]


def crawling(process: psutil.Process) -> bool:
    return any("scrapy" in " ".join(child.cmdline()) for child in process.children(recursive=True))


def test_a_crawl_interrupted_mid_way_is_not_retried_and_stops_the_pipeline(database_url):
    started: list[float] = []

    def mid_crawl(process: psutil.Process) -> bool:
        if not started and crawling(process):
            started.append(time.monotonic())
        return bool(started) and time.monotonic() - started[0] > 2

    # 678 pages at least 10 ms apart (DOWNLOAD_DELAY 0.02, randomized): 2 s in is mid-crawl
    result, stopped_in, err = interrupted_pipeline(0.02, mid_crawl)
    assert result["outcome"] == "interrupted", err
    (crawl,) = result["runs"]  # the warehouse did not run
    assert "STEP_UP_FOR_RETRY" not in crawl["events"]
    assert any("the crawl was stopped" in message for message in crawl["failures"])
    assert stopped_in < 25, f"stopped in {stopped_in:.0f} s: waited for a retry?"


def test_a_warehouse_build_interrupted_mid_way_stops_the_pipeline(database_url, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    env = {**os.environ, "TRAWL_WAREHOUSE_PATH": str(warehouse)}

    def building(process: psutil.Process) -> bool:  # the run's working copy is there
        return any(tmp_path.glob("warehouse.duckdb.*.building"))

    result, stopped_in, err = interrupted_pipeline(0, building, env)
    assert result["outcome"] == "interrupted", err
    crawl, build = result["runs"]
    assert "PIPELINE_SUCCESS" in crawl["events"]  # the run's end, by its old name
    assert "PIPELINE_FAILURE" in build["events"]
    assert not any("Query interrupted" in message for message in build["failures"]), err
    assert not warehouse.exists()  # nothing half-built was published
    assert stopped_in < 25, f"stopped in {stopped_in:.0f} s"
