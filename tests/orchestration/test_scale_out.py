"""How a crawl asset's processes add up to one crawl (the crawl itself on Redis is in
tests/e2e/test_redis_scale_out.py)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from dagster import MetadataValue

from orchestration.scale_out import (
    ScaleOutError,
    crawl_in_processes,
    frontier_name,
    merged_figures,
    stop_workers,
)


def report(pages: int, items: int, duration: float, reason: str = "finished") -> dict:
    return {
        "pages": MetadataValue.int(pages), "items": MetadataValue.int(items),
        "items_stored": MetadataValue.int(items), "items_rejected": MetadataValue.int(0),
        "errors": MetadataValue.int(1), "duration_s": MetadataValue.float(duration),
        "crawl_run_id": MetadataValue.int(7), "finish_reason": MetadataValue.text(reason),
        "proxy_bans": MetadataValue.int(2),
    }  # fmt: skip


def test_the_processes_figures_add_up_to_one_crawl():
    merged = merged_figures([report(300, 280, 41.5), report(350, 330, 40.0)], 2, 7)
    assert (merged["pages"], merged["items"], merged["items_stored"]) == (650, 610, 610)
    assert (merged["errors"], merged["proxy_bans"]) == (2, 4)
    assert merged["duration_s"] == 41.5  # they ran side by side: the longest is the crawl's
    assert (merged["crawl_run_id"], merged["processes"], merged["processes_reported"]) == (7, 2, 2)
    assert merged["finish_reason"] == "finished"


def test_a_process_that_reported_nothing_shows_in_the_figures():
    merged = merged_figures([report(300, 280, 41.5, "shutdown")], 2, 7)
    assert (merged["processes"], merged["processes_reported"]) == (2, 1)
    assert merged["finish_reason"] == "shutdown"


def test_a_frontier_name_from_a_resume_key_is_safe_in_redis_keys():
    name = frontier_name("dagster:1f2e:directory_crawl:2026-11-26|springfield")
    assert name == "dagster:1f2e:directory_crawl:2026-11-26-springfield"


def test_several_processes_without_redis_fail_with_the_fix():
    with pytest.raises(ScaleOutError, match="set REDIS_URL"):
        crawl_in_processes(None, "directory", ["scrapy"], {"TRAWL_RESUME_KEY": "k"}, 2, {}, ".")


# crawler processes as far as stopping goes: one that finishes on SIGINT (saying so), as
# Scrapy does on Ctrl-C, and one that does not
STOPS_ON_SIGINT = """
import signal, sys, time
signal.signal(signal.SIGINT, lambda *_: (print("stopped", flush=True), sys.exit(0)))
print("crawling", flush=True)
time.sleep(60)
"""
IGNORES_SIGINT = """
import signal, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
print("crawling", flush=True)
time.sleep(60)
"""


def test_stopped_crawler_processes_get_sigint_and_one_that_holds_on_is_killed():
    commands = [STOPS_ON_SIGINT, STOPS_ON_SIGINT, IGNORES_SIGINT]
    workers = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        for code in commands
    ]
    for worker in workers:
        assert worker.stdout.readline() == "crawling\n"
    started = time.monotonic()
    stop_workers(workers, timeout=3)
    assert time.monotonic() - started < 10
    assert [worker.returncode for worker in workers] == [0, 0, -signal.SIGKILL]
    assert [worker.stdout.read() for worker in workers[:2]] == ["stopped\n", "stopped\n"]
