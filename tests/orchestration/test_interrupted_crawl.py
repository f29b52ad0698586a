"""A crawl stopped from outside (Ctrl-C, SIGTERM) stops the in-process pipeline, as `trawl demo`
runs it: Dagster's in-process executor would otherwise take the interruption for a failure
to retry under the crawl's retry policy (dagster-io/dagster#15026), and crawl again after
30 s, then 60 s, then go on with the next crawls.

Real components: the sandbox, `scrapy crawl` through Dagster Pipes, the test's PostgreSQL, an
ephemeral Dagster instance, all in a subprocess that is sent SIGINT mid-crawl.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

pytestmark = pytest.mark.e2e

# the pipeline of one crawl (the directory, 600 businesses: several seconds), which prints
# what its run recorded once it is stopped
PIPELINE = textwrap.dedent("""
    import json, signal, sys
    from dagster import DagsterEventType, DagsterInstance
    from orchestration.crawl import CRAWLS
    from orchestration.definitions import resources_for
    from orchestration.runs import materialize_pipeline
    from sandbox.server import SandboxConfig, running_sandbox

    signal.signal(signal.SIGINT, signal.default_int_handler)  # heard even in a background run
    directory = [crawl for crawl in CRAWLS if crawl.spider == "directory"]
    with DagsterInstance.ephemeral() as instance:
        with running_sandbox(SandboxConfig(businesses=600, products=0)) as url:
            resources = resources_for(sandbox_url=url, log_level="WARNING")
            try:
                materialize_pipeline(instance, resources, crawls=directory)
                outcome = "finished"
            except KeyboardInterrupt:
                outcome = "interrupted"
        (run,) = instance.get_runs()
        kinds = [record.event_log_entry.dagster_event.event_type_value
                 for record in instance.get_records_for_run(run.run_id).records
                 if record.event_log_entry.dagster_event is not None]
        failures = [record.event_log_entry.dagster_event.step_failure_data.error.message
                    for record in instance.get_records_for_run(
                        run.run_id, of_type=DagsterEventType.STEP_FAILURE).records]
        print("RESULT " + json.dumps({"outcome": outcome, "events": kinds,
                                      "failures": failures}), flush=True)
""")


def test_a_crawl_interrupted_mid_way_is_not_retried_and_stops_the_pipeline(database_url):
    pipeline = subprocess.Popen(
        [sys.executable, "-c", PIPELINE], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while not any(
            "scrapy" in " ".join(child.cmdline())
            for child in psutil.Process(pipeline.pid).children(recursive=True)
        ):
            assert pipeline.poll() is None, pipeline.stderr.read()[-3000:]
            assert time.monotonic() < deadline, "no crawl started within 120 s"
            time.sleep(0.2)
        time.sleep(2)  # mid-crawl
        interrupted_at = time.monotonic()
        pipeline.send_signal(signal.SIGINT)
        out, err = pipeline.communicate(timeout=120)
        stopped_in = time.monotonic() - interrupted_at
    finally:
        pipeline.kill()
    printed = [
        line.removeprefix("RESULT ") for line in out.splitlines() if line.startswith("RESULT ")
    ]
    assert printed, err[-3000:]
    result = json.loads(printed[0])
    assert result["outcome"] == "interrupted", err[-3000:]
    assert "STEP_UP_FOR_RETRY" not in result["events"]
    assert any("the crawl was stopped" in message for message in result["failures"])
    assert stopped_in < 25, f"stopped in {stopped_in:.0f} s: waited for a retry?"
