"""`trawl demo`: the whole pipeline once, on the sandbox, with a summary scored against its truth.

It starts what is missing (the embedded PostgreSQL unless DATABASE_URL is set, the sandbox
with anti-bot on, a local proxy fleet the crawls go through), applies the migrations,
materializes every Dagster asset (crawls → PostgreSQL → DuckDB marts) while printing
progress, prints a summary, and stops what it started.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import subprocess
import time
import urllib.request
import warnings
from pathlib import Path

from pipelines.database import PROJECT_ROOT, redact
from trawl.services import (
    DEMO_FLEET,
    proxy_fleet_process,
    raw_store,
    sandbox_process,
    stoppable,
)

LOCAL_INSTANCE = PROJECT_ROOT / "orchestration" / "local_instance.yaml"
# `dagster dev` waits up to 60 s for its webserver and then for its daemon when it stops
DAGSTER_STOP_SECONDS = 150


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo", help="crawl the sandbox into clean datasets, with a summary"
    )
    demo.set_defaults(run=run_demo)
    ui = subparsers.add_parser(
        "ui", help="the Dagster UI on 127.0.0.1:3000 with the sandbox running"
    )
    ui.add_argument("--port", type=int, default=3000)
    ui.add_argument("--sandbox-port", type=int, default=8700)
    ui.set_defaults(run=run_ui)


def ensure_dagster_home() -> None:
    """Dagster's instance in DAGSTER_HOME (default .dagster/), with its config file present:
    orchestration/local_instance.yaml when there is none yet, or only an empty one."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster")))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or config.stat().st_size == 0:
        shutil.copyfile(LOCAL_INSTANCE, config)


def stage(title: str) -> None:
    print(f"\n==> {title}", flush=True)


def quiet_logs() -> None:
    """Progress lines and stage titles only: libraries' INFO chatter hides them."""
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("warehouse.build").setLevel(logging.INFO)
    warnings.filterwarnings("ignore")


def run_demo(args: argparse.Namespace) -> int:
    started = time.monotonic()
    quiet_logs()
    ensure_dagster_home()
    stage("PostgreSQL (raw store)")
    # SIGTERM stops what was started (stoppable), and Dagster takes it for Ctrl-C while it
    # runs: an interrupted crawl stops the pipeline (orchestration.runs.materialize_pipeline)
    with stoppable(), raw_store() as url:
        print(f"    {redact(url)}")
        os.environ["DATABASE_URL"] = url
        from pipelines.migrate import migrate

        stage("Migrations")
        migrate(url)
        stage("Sandbox web (directory, marketplace), anti-bot on, and a local proxy fleet")
        # the sandbox bans a crawler that goes too fast, so the crawls go through the fleet
        with (
            sandbox_process(extra_args=["--antibot"]) as sandbox_url,
            proxy_fleet_process() as proxy_urls,
        ):
            print(f"    {sandbox_url}")
            print(f"    {len(proxy_urls)} proxies ({fleet_kinds(DEMO_FLEET)})")
            os.environ["TRAWL_SANDBOX_URL"] = sandbox_url
            stage("Materializing every asset: crawls → PostgreSQL → DuckDB marts")
            result = materialize_everything(sandbox_url, ",".join(proxy_urls))
            truth = fetch_truth(sandbox_url)
        print_summary(result, truth, time.monotonic() - started)
    return 0 if result.success else 1


def fleet_kinds(fleet_args: tuple[str, ...]) -> str:
    """The fleet's kinds, as "5 healthy, 1 slow, ...", from its command-line options."""
    pairs = zip(fleet_args[::2], fleet_args[1::2])
    return ", ".join(f"{count} {option.removeprefix('--')}" for option, count in pairs)


def materialize_everything(sandbox_url: str, proxy_urls: str | None = None):
    """Today's whole-site partition of every crawl, then the warehouse (one run each)."""
    from dagster import DagsterInstance

    from orchestration.definitions import resources_for
    from orchestration.runs import materialize_pipeline

    resources = resources_for(
        sandbox_url=sandbox_url,
        log_level="WARNING",
        progress_to_stderr=True,
        proxy_urls=proxy_urls,
    )
    with DagsterInstance.get() as instance:
        return materialize_pipeline(
            instance,
            resources,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        )


def fetch_truth(sandbox_url: str) -> dict[str, list[dict]]:
    truth = {}
    for kind in ("businesses", "products", "contacts"):
        with urllib.request.urlopen(f"{sandbox_url}/_truth/{kind}.json", timeout=30) as response:
            truth[kind] = json.load(response)
    return truth


def print_summary(result, truth: dict[str, list[dict]], seconds: float) -> None:
    from warehouse.summary import warehouse_summary

    stage("Summary")
    if not result.success:
        print("    some assets failed; see the log above")
    for line in warehouse_summary(truth):
        print(f"    {line}")
    print(f"    run time: {seconds:.0f}s")
    print("    open the UI: make ui  (http://127.0.0.1:3000)")


def dagster_command(port: int) -> list[str]:
    """`dagster dev` for the UI, on the loopback interface only: the UI can launch crawls and
    show their logs, so it is not offered to the network (use a reverse proxy with
    authentication for that)."""
    import sys

    # `dagster dev` warns on every start that it is superseded by `dg dev` (dagster-dg, a
    # tool trawl does not use): nothing a user of trawl should act on
    quiet = ("-W", "ignore:Function `dev_command` is superseded")
    return [sys.executable, *quiet, "-m", "dagster", "dev", "-h", "127.0.0.1", "-p", str(port),
            "-w", str(PROJECT_ROOT / "workspace.yaml")]  # fmt: skip


def run_ui(args: argparse.Namespace) -> int:
    ensure_dagster_home()
    with (
        stoppable(),
        raw_store() as url,
        sandbox_process(port=args.sandbox_port) as sandbox_url,
    ):
        os.environ.update(DATABASE_URL=url, TRAWL_SANDBOX_URL=sandbox_url)
        print(f"sandbox: {sandbox_url}   Dagster UI: http://127.0.0.1:{args.port}", flush=True)
        return run_dagster(dagster_command(args.port))


def run_dagster(command: list[str]) -> int:
    """Run `dagster dev` until it exits; when Ctrl-C, SIGTERM or SIGHUP stops this command,
    stop Dagster first (its webserver, daemon and code servers with it), then pass it on."""
    # in a session of its own, so that Ctrl-C (or the terminal closing) reaches this process
    # only, which passes on one SIGTERM: Dagster takes that for Ctrl-C and shuts down in
    # order, where a second interrupt during its shutdown would cut it short
    dagster = subprocess.Popen(command, cwd=PROJECT_ROOT, start_new_session=True)
    try:
        return dagster.wait()
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM or SIGHUP (Terminated)
        print("stopping Dagster...", flush=True)
        dagster.terminate()
        try:
            dagster.wait(timeout=DAGSTER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(dagster.pid, signal.SIGKILL)
            dagster.wait()
        raise
