"""Crawl memory: the crawler's RSS across a 100,000-page crawl, sampled as it goes.

    .venv/bin/python -m bench.memory [PAGES]       (default 100,000)

The page source is bench/_pagesource.py (core 0): a marketplace of PAGES product pages in
the sandbox's markup, served from a few real product pages, because the sandbox itself
would render 100,000 products up front (minutes, gigabytes). The crawler (core 1) is trawl's
marketplace spider with the full pipeline into a throwaway database: every page a distinct
offer, parsed, validated, normalized and stored. Twice a second the crawler's RSS and the
pages served so far are sampled. Prints RSS at 10%, 50% and 100% of the pages and the
growth from 10% to 100% (target: flat, at most 1.25x; what does grow with pages is the
seen-request filter's fingerprints, about 100 bytes a page).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request

import psutil

from bench._harness import (
    HTTP_ONLY,
    NO_BROWSER,
    SERVER_CORE,
    crawl_env,
    machine,
    pinned,
    report_ratio,
    scrapy_command,
    served,
    throwaway_database,
)
from pipelines.database import PROJECT_ROOT
from trawl.services import free_port


def served_so_far(base_url: str) -> int:
    with urllib.request.urlopen(f"{base_url}/_served", timeout=5) as response:
        return json.load(response)["products"]


def sample_crawl(command: list[str], env: dict, base_url: str) -> tuple[list, dict]:
    """(pages served, RSS bytes) twice a second while the crawl runs; its own figures."""
    crawl = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    process = psutil.Process(crawl.pid)  # taskset execs the crawler: the same pid
    samples = []
    while crawl.poll() is None:
        try:
            samples.append((served_so_far(base_url), process.memory_info().rss))
        except (psutil.NoSuchProcess, OSError):
            break
        time.sleep(0.5)
    stdout, stderr = crawl.communicate()
    lines = [line.removeprefix("BENCH ") for line in stdout.splitlines() if "{" in line]
    if crawl.returncode != 0 or not lines:
        raise RuntimeError(f"the crawl exited with {crawl.returncode}:\n{stderr[-3000:]}")
    return samples, json.loads(lines[-1])


def rss_at(samples: list, pages: int, share: float) -> float:
    """MB of the first sample taken once `share` of the pages were served."""
    return next(rss for done, rss in samples if done >= share * pages) / 2**20


def main(pages: int = 100_000) -> None:
    print(f"memory: a {pages:,}-page marketplace crawl, full pipeline; {machine()}")
    port = free_port()
    source = pinned(SERVER_CORE, [sys.executable, "-m", "bench._pagesource", str(port),
                                  str(pages)])  # fmt: skip
    with served(source, f"http://127.0.0.1:{port}") as url, throwaway_database() as database:
        env = crawl_env(TRAWL_SANDBOX_URL=url, DATABASE_URL=database, **NO_BROWSER)
        samples, figures = sample_crawl(scrapy_command("marketplace", *HTTP_ONLY), env, url)
    samples.append((pages, max(rss for _, rss in samples[-5:])))  # the end: last seconds' peak
    at = {share: rss_at(samples, pages, share) for share in (0.1, 0.5, 1.0)}
    print(f"crawled {figures['pages']:,} pages, stored {figures['items_stored']:,} items in "
          f"{figures['seconds']:.0f} s ({figures['pages'] / figures['seconds']:.0f} pages/s)")  # fmt: skip
    print("RSS: " + ", ".join(f"{share:.0%} of pages {mb:.0f} MB" for share, mb in at.items()))
    print(f"growth from 10% to 100%: {(at[1.0] - at[0.1]) / (0.9 * pages / 10_000):.1f} MB "
          "per 10,000 pages")  # fmt: skip
    report_ratio(f"memory: crawler RSS at 100% / at 10% of a {pages:,}-page crawl",
                 at[1.0] / at[0.1], target=1.25, higher_is_better=False)  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
