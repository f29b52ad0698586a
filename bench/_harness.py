"""What the benchmarks share: the machine they ran on, pinning to cores, a throwaway database,
a sandbox server in its own process, crawls in subprocesses, and how a ratio is reported.

Pinning: with two cores or more (and `taskset`), servers run on core 0 and crawlers on
core 1, so a crawler and the site it crawls do not take turns on one core. On a machine
other work keeps busy, only ratios of runs made side by side mean anything: every
benchmark alternates what it compares, round after round, and keeps each one's best round
(the least disturbed), as bench/generic_extraction.py does.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

from pipelines import database
from pipelines.database import PROJECT_ROOT
from trawl.services import free_port, raw_store, wait_until_serving

SERVER_CORE, CRAWLER_CORE = 0, 1
# Environment a benchmark crawl must not inherit: the frontier would move to Redis, a
# resume key would continue another crawl's run.
NOT_INHERITED = ("REDIS_URL", "TRAWL_FRONTIER", "TRAWL_RESUME_KEY", "DAGSTER_PIPES_CONTEXT",
                 "DAGSTER_PIPES_MESSAGES")  # fmt: skip
# Product pages that show their price only by script are rendered in Chromium by trawl's
# spider (a few pages/s) and cannot be by the HTTP-only peer: benchmarks of HTTP crawling
# run trawl without a browser, so both store those pages as read.
NO_BROWSER = {"TRAWL_CHROMIUM_PATH": "/nonexistent/chromium-off-for-benchmarks"}
# ... and without scrapy-playwright's download handler, which the marketplace spider installs
# for those pages (custom_settings) and which starts a Playwright driver even when no page
# is rendered: the project's HTTP handler (spiders/http_client.py), as for every spider that
# renders nothing.
HTTP_ONLY = ("-s", "DOWNLOAD_HANDLERS={}")


def machine() -> str:
    """nproc, the CPU model and the load averages, in one line."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), load average {load}"


def pinned(core: int, command: Sequence[str]) -> list[str]:
    """`command` run on one core, where the machine has two and taskset is there."""
    if (os.cpu_count() or 1) >= 2 and shutil.which("taskset"):
        return ["taskset", "-c", str(core), *command]
    return list(command)


def crawl_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return {**env, **extra}


def run_figures(command: Sequence[str], env: dict[str, str], cwd: str | Path = PROJECT_ROOT,
                timeout: float = 3600) -> dict:  # fmt: skip
    """Run a measured subprocess; the JSON it printed last (optionally after "BENCH ")."""
    result = subprocess.run(list(command), cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout, check=False)  # fmt: skip
    lines = [line.removeprefix("BENCH ") for line in result.stdout.splitlines()]
    found = [line for line in lines if line.startswith("{")]
    if result.returncode != 0 or not found:
        raise RuntimeError(
            f"{' '.join(command[:8])} ... exited with {result.returncode}:\n{result.stderr[-3000:]}"
        )
    return json.loads(found[-1])


def scrapy_command(spider: str, *options: str) -> list[str]:
    """trawl's crawl, measured by itself (bench/_scrapy_crawl.py), on the crawler core."""
    quiet = ("-s", "LOG_LEVEL=WARNING", "-s", "TRAWL_PROGRESS_INTERVAL=0")
    return pinned(CRAWLER_CORE,
                  [sys.executable, "-m", "bench._scrapy_crawl", spider, *quiet, *options])  # fmt: skip


@contextmanager
def sandbox_server(businesses: int = 0, products: int = 2300) -> Iterator[str]:
    """`trawl sandbox serve` with this world, on the server core; its base URL."""
    port = free_port()
    command = pinned(SERVER_CORE, [sys.executable, "-m", "trawl.cli", "sandbox", "serve",
                                   "--port", str(port), "--businesses", str(businesses),
                                   "--products", str(products)])  # fmt: skip
    with served(command, f"http://127.0.0.1:{port}") as url:
        yield url


@contextmanager
def served(command: Sequence[str], base_url: str) -> Iterator[str]:
    process = subprocess.Popen(list(command), cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL)
    try:
        wait_until_serving(base_url + "/", process, timeout=600)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A migrated database of its own on DATABASE_URL's server (else the embedded one),
    dropped afterwards."""
    from pipelines.migrate import migrate

    with raw_store() as url:
        server = database.with_database(url, "postgres")
        name = f"trawl_bench_{uuid.uuid4().hex[:8]}"
        database.ensure_database(server, name)
        try:
            migrate(database.with_database(server, name))
            yield database.with_database(server, name)
        finally:
            with psycopg.connect(server, autocommit=True) as connection:
                connection.execute(
                    sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
                )


def best(runs: list[dict], rate: str = "pages") -> dict:
    """The round with the highest `rate` per second: the one other work disturbed least."""
    return max(runs, key=lambda run: run[rate] / run["seconds"])


def median_interval(values: Sequence[float], confidence: float = 0.9,
                    resamples: int = 2000, seed: int = 0) -> tuple[float, float]:  # fmt: skip
    """A bootstrap interval for the median of `values` (e.g. the rounds' own ratios): the
    range the median of rounds like these falls in `confidence` of the time, which says
    whether a figure near its target is over it, under it, or too close to call."""
    draw = random.Random(seed)  # the same rounds give the same interval
    medians = sorted(
        statistics.median(draw.choices(values, k=len(values))) for _ in range(resamples)
    )
    tail = (1 - confidence) / 2
    return medians[int(tail * resamples)], medians[int((1 - tail) * resamples) - 1]


def report_ratio(name: str, value: float, target: float | None = None,
                 higher_is_better: bool = True) -> None:  # fmt: skip
    """One ratio on one line, for `python -m bench` to gather at the end."""
    verdict = ""
    if target is not None:
        met = value >= target if higher_is_better else value <= target
        verdict = f"  (target {'≥' if higher_is_better else '≤'} {target:g}: " + (
            "met)" if met else "NOT met)"
        )
    print(f"RATIO {name}: {value:.2f}{verdict}", flush=True)
