"""What the browser costs, measured side by side in one run.

    .venv/bin/python -m bench.browser [--rounds 2] [--businesses 600] [--parts 1,2,3]

Starts the sandbox (assets answered after its default 0.1 s, like a CDN) in a subprocess,
then, each crawl a subprocess of its own with the project's settings and pipelines off:

1. Resource blocking: the marketplace crawl with TRAWL_BROWSER_BLOCK_RESOURCES at its
   default (image, font, media, stylesheet) and empty (the browser fetches everything),
   alternating, `--rounds` times each. Rendered pages/s = trawl/browser/pages_rendered /
   trawl/browser/seconds (wall-clock time with at least one page at work), so the HTTP
   part of the crawl does not count. The same runs give the share of product pages that
   needed the browser (trawl/browser/fallback_pages / product pages).
2. What installing scrapy-playwright's handler costs plain HTTP: the directory crawl with
   Scrapy's own handler (the project's settings) and with spiders.rendering.BROWSER_HANDLERS
   (as the spiders that render install it), alternating. This measurement is why only
   those spiders install it.
3. Browser memory over a long crawl: the maps crawl of every business (one place each,
   `--businesses`, default 600) with one page open at a time, so the start and the end
   are alike (one city's feed, its panel open) and any growth is a leak; the summed RSS
   (and PSS, which counts shared pages once) of its Chromium processes sampled four times
   a second: at the start (the samples from 10% to 20% of the crawl, as bench/memory.py
   takes the crawler's at 10%: the first tenth is Chromium starting, 215 MB in its first
   sample where a fast machine crawls the 600 places in 16 s), at the end (the last
   tenth), and the peak (target: flat, the end at most 1.25x the start).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import psutil

from bench._harness import crawl_env, report_ratio
from pipelines.database import PROJECT_ROOT
from spiders.rendering import BROWSER_HANDLERS
from trawl.services import sandbox_process

QUIET = ("-s", "ITEM_PIPELINES={}", "-s", "LOG_LEVEL=WARNING", "-s", "TRAWL_PROGRESS_INTERVAL=0")


def crawl_command(spider: str, *options: str) -> list[str]:
    return [sys.executable, "-m", "bench._scrapy_crawl", spider, *QUIET, *options]


def figures_from(stdout: str) -> dict:
    line = next(line for line in stdout.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def crawl(sandbox_url: str, spider: str, *options: str) -> dict:
    result = subprocess.run(
        crawl_command(spider, *options),
        cwd=PROJECT_ROOT,
        env=crawl_env(TRAWL_SANDBOX_URL=sandbox_url),
        capture_output=True,
        text=True,
        check=True,
    )
    return figures_from(result.stdout)


def chromium_memory(crawler: psutil.Process) -> tuple[float, float] | None:
    """Summed RSS and PSS (MB) of the Chromium processes under the crawler, if any."""
    rss = pss = 0
    found = False
    for process in crawler.children(recursive=True):
        try:
            if "chrom" not in process.name():
                continue
            memory = process.memory_full_info()
        except psutil.Error:
            continue  # exited between listing and reading
        found = True
        rss, pss = rss + memory.rss, pss + memory.pss
    return (rss / 1e6, pss / 1e6) if found else None


def maps_crawl_memory(sandbox_url: str) -> tuple[dict, list[tuple[float, float]]]:
    """The maps crawl of every business, with its browser's memory sampled four times a
    second."""
    process = subprocess.Popen(
        crawl_command("maps", "-s", "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT=1"),
        cwd=PROJECT_ROOT,
        env=crawl_env(TRAWL_SANDBOX_URL=sandbox_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    crawler, samples = psutil.Process(process.pid), []
    while process.poll() is None:
        try:
            sample = chromium_memory(crawler)
        except psutil.NoSuchProcess:
            break
        if sample:
            samples.append(sample)
        time.sleep(0.25)
    stdout, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"the maps crawl exited with status {process.returncode}")
    return figures_from(stdout), samples


def rendered_rate(figures: dict) -> float:
    browser = figures["browser"]
    return browser.get("pages_rendered", 0) / max(browser.get("seconds", 0.0), 1e-9)


def bench_blocking(sandbox_url: str, rounds: int) -> None:
    print("1. resource blocking: marketplace crawl, rendered pages/s (browser busy time)")
    rates: dict[str, list[float]] = {"blocked": [], "loaded": []}
    share = None
    for _ in range(rounds):
        for mode, blocked in (("blocked", "image,font,media,stylesheet"), ("loaded", "")):
            figures = crawl(
                sandbox_url, "marketplace", "-s", f"TRAWL_BROWSER_BLOCK_RESOURCES={blocked}"
            )
            browser = figures["browser"]
            rates[mode].append(rendered_rate(figures))
            share = browser.get("fallback_pages", 0) / figures["items"]
            print(
                f"   {mode:<8} {browser.get('pages_rendered', 0):>4} pages rendered in "
                f"{browser.get('seconds', 0):6.1f} s busy: {rates[mode][-1]:5.2f} pages/s; "
                f"{browser.get('requests_blocked', 0):>5} requests blocked",
                flush=True,
            )
    ratio = statistics.median(rates["blocked"]) / statistics.median(rates["loaded"])
    report_ratio("browser: rendered pages/s, resources blocked / loaded", ratio, target=1.5)
    report_ratio("browser: share of marketplace product pages that needed the browser", share)


def bench_handler(sandbox_url: str, rounds: int) -> None:
    print("2. plain HTTP through scrapy-playwright's handler: directory crawl pages/s")
    rates: dict[str, list[float]] = {"playwright handler": [], "scrapy handler": []}
    for _ in range(rounds):
        for mode, options in (
            ("playwright handler", ("-s", f"DOWNLOAD_HANDLERS={json.dumps(BROWSER_HANDLERS)}")),
            ("scrapy handler", ()),
        ):
            figures = crawl(sandbox_url, "directory", *options)
            rates[mode].append(figures["pages"] / figures["seconds"])
            print(f"   {mode:<19} {figures['pages']} pages: {rates[mode][-1]:6.1f} pages/s")
    ratio = statistics.median(rates["playwright handler"]) / statistics.median(
        rates["scrapy handler"]
    )
    report_ratio("browser: plain-HTTP pages/s with scrapy-playwright's handler / without", ratio)


def bench_memory(sandbox_url: str) -> None:
    print("3. browser memory over the maps crawl of every business, one page at a time")
    figures, samples = maps_crawl_memory(sandbox_url)
    browser = figures["browser"]
    tenth = max(1, len(samples) // 10)
    early, late = samples[tenth : 2 * tenth], samples[-tenth:]  # past Chromium's start-up
    start = statistics.median(s[0] for s in early)
    end = statistics.median(s[0] for s in late)
    start_pss = statistics.median(s[1] for s in early)
    end_pss = statistics.median(s[1] for s in late)
    print(
        f"   {figures['items']} places ({browser.get('places_opened', 0)} opened in the feed) "
        f"in {figures['seconds']:.0f} s; {browser.get('pages_rendered', 0)} pages rendered, "
        f"{browser.get('pages_left_open', '?')} left open"
    )
    print(
        f"   Chromium RSS (summed over its processes): start {start:.0f} MB, end {end:.0f} MB, "
        f"peak {max(s[0] for s in samples):.0f} MB; "
        f"PSS start {start_pss:.0f} MB, end {end_pss:.0f} MB ({len(samples)} samples)"
    )
    report_ratio(
        f"browser: Chromium RSS at the end / at the start of {figures['items']} places "
        f"({start:.0f} MB -> {end:.0f} MB)",
        end / start,
        target=1.25,
        higher_is_better=False,
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__)
    parser.add_argument("--rounds", type=int, default=2, help="runs of each side (default 2)")
    parser.add_argument("--businesses", type=int, default=600, help="places the maps crawl reads")
    parser.add_argument("--parts", default="1,2,3", help="which measurements (default 1,2,3)")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    extra = ["--businesses", str(args.businesses)]
    with sandbox_process(extra_args=extra) as sandbox_url:
        if "1" in parts:
            bench_blocking(sandbox_url, args.rounds)
        if "2" in parts:
            bench_handler(sandbox_url, args.rounds)
        if "3" in parts:
            bench_memory(sandbox_url)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
