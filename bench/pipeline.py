"""What the item pipeline costs the crawl: the marketplace crawl with the full pipeline
(validate, normalize, PostgreSQL) against the same crawl with no pipelines, side by side.

    .venv/bin/python -m bench.pipeline [ROUNDS]    (default 16; BENCH_PEER_PRODUCTS=2300)

The same sandbox marketplace as bench/peer.py (about 5,000 pages) on core 0, the crawls on
core 1, alternating; the full one writes into a throwaway database. Prints items/s of each
one's best round and their ratio (target: the pipeline keeps at least 0.9 of the rate), the
same ratio of the crawler's CPU time per page, steadier on a machine others share, and the
median of the rounds' own ratios (each round's two crawls ran one after the other), which one
disturbed round moves less than it moves a best round, with a 90% bootstrap interval: the
pipelines cost about a tenth of the crawl, so the figure sits near its target, and the
interval says whether it is over, under, or too close to call. Sixteen rounds by default:
half of one such run, eight rounds, gave an interval of 0.86-0.99.
"""

from __future__ import annotations

import os
import statistics
import sys

from bench._harness import (
    HTTP_ONLY,
    NO_BROWSER,
    best,
    crawl_env,
    machine,
    median_interval,
    report_ratio,
    run_figures,
    sandbox_server,
    scrapy_command,
    throwaway_database,
)

VARIANTS = {"no pipelines": ("-s", "ITEM_PIPELINES={}"), "full pipeline": ()}


def main(rounds: int = 16) -> None:
    products = int(os.environ.get("BENCH_PEER_PRODUCTS", "2300"))
    print(f"pipeline: the sandbox marketplace ({products} products), {rounds} rounds; {machine()}")
    runs: dict[str, list[dict]] = {name: [] for name in VARIANTS}
    with sandbox_server(products=products) as url, throwaway_database() as database_url:
        env = crawl_env(TRAWL_SANDBOX_URL=url, DATABASE_URL=database_url, **NO_BROWSER)
        for round_number in range(rounds):
            names = list(VARIANTS)[:: 1 if round_number % 2 == 0 else -1]
            for name in names:
                command = scrapy_command("marketplace", *HTTP_ONLY, *VARIANTS[name])
                figures = run_figures(command, env)
                runs[name].append(figures)
                print(f"  round {round_number + 1} {name:14} {figures['items']:6} items "
                      f"{figures['seconds']:7.1f} s  {items_per_second(figures):6.0f} "
                      "items/s", flush=True)  # fmt: skip
    rate, cpu = {}, {}
    for name, done in runs.items():
        top = best(done, rate="items")
        rate[name] = items_per_second(top)
        cpu[name] = min(run["cpu_seconds"] / run["pages"] for run in done)
        print(f"{name:14} {rate[name]:6.0f} items/s, {top.get('items_stored', 0):6} stored, "
              f"{1000 * top['cpu_seconds'] / top['pages']:.2f} CPU ms/page")  # fmt: skip
    report_ratio("pipeline: full pipeline / no pipelines, items/s",
                 rate["full pipeline"] / rate["no pipelines"], target=0.9)  # fmt: skip
    # the crawler's own CPU per page (least of the rounds), which other work on a shared
    # machine disturbs far less than the wall clock; PostgreSQL's share is not in it
    report_ratio("pipeline: crawler CPU per page, no pipelines / full pipeline",
                 cpu["no pipelines"] / cpu["full pipeline"], target=0.9)  # fmt: skip
    pairs = zip(runs["no pipelines"], runs["full pipeline"], strict=True)
    paired = [items_per_second(full) / items_per_second(none) for none, full in pairs]
    print("the rounds' own ratios: " + ", ".join(f"{ratio:.2f}" for ratio in paired))
    low, high = median_interval(paired)
    report_ratio("pipeline: full pipeline / no pipelines, items/s, median of the rounds "
                 f"(90% interval {low:.2f}-{high:.2f})", statistics.median(paired),
                 target=0.9)  # fmt: skip


def items_per_second(run: dict) -> float:
    return run["items"] / run["seconds"]


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]))
