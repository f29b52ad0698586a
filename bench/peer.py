"""trawl against a peer: the same marketplace crawl with Crawlee for Python, side by side.

    .venv/bin/python -m bench.peer [ROUNDS]        (default 2; BENCH_PEER_PRODUCTS=2300)

One sandbox marketplace of about 5,000 pages (2,300 products: 4,871 product pages, the
category listings and the home page) served on core 0; each crawler runs on core 1, in
turn, ROUNDS times:
- trawl: `scrapy crawl marketplace` with the project's settings and the full pipeline
  (validate, normalize, PostgreSQL), into a throwaway database;
- Crawlee's ParselCrawler with its default storage (one JSON file per item under ./storage,
  in a temporary directory), and with its in-memory storage (bench/_crawlee_peer.py).
Both crawl over plain HTTP at 32 requests at a time: the product pages that show their
price only by script are stored as read (trawl, which would render them in Chromium, runs
with the browser off and the project's HTTP handler here; see bench/_harness.py). Prints pages/s of each crawler's best round (and its CPU per
page), then trawl's ratio to each Crawlee storage.
"""

from __future__ import annotations

import os
import sys
import tempfile

from bench._harness import (
    CRAWLER_CORE,
    HTTP_ONLY,
    NO_BROWSER,
    best,
    crawl_env,
    machine,
    pinned,
    report_ratio,
    run_figures,
    sandbox_server,
    scrapy_command,
    throwaway_database,
)
from pipelines.database import PROJECT_ROOT

CONCURRENCY = 32  # trawl's CONCURRENT_REQUESTS, given to Crawlee too


def crawlee_run(sandbox_url: str, storage: str, work_dir: str) -> dict:
    command = [sys.executable, "-m", "bench._crawlee_peer", sandbox_url, storage, str(CONCURRENCY)]
    env = crawl_env(PYTHONPATH=str(PROJECT_ROOT), CRAWLEE_PURGE_ON_START="true")
    return run_figures(pinned(CRAWLER_CORE, command), env, cwd=work_dir)


def trawl_run(sandbox_url: str, database_url: str) -> dict:
    env = crawl_env(TRAWL_SANDBOX_URL=sandbox_url, DATABASE_URL=database_url, **NO_BROWSER)
    return run_figures(scrapy_command("marketplace", *HTTP_ONLY), env)


def main(rounds: int = 2) -> None:
    products = int(os.environ.get("BENCH_PEER_PRODUCTS", "2300"))
    print(f"peer: the sandbox marketplace ({products} products), {rounds} rounds; {machine()}")
    runs: dict[str, list[dict]] = {"trawl": [], "crawlee-file": [], "crawlee-memory": []}
    with (
        sandbox_server(products=products) as url,
        throwaway_database() as database_url,
        tempfile.TemporaryDirectory(prefix="trawl-bench-crawlee-") as work_dir,
    ):
        crawlers = {
            "trawl": lambda: trawl_run(url, database_url),
            "crawlee-file": lambda: crawlee_run(url, "file", work_dir),
            "crawlee-memory": lambda: crawlee_run(url, "memory", work_dir),
        }
        order = list(crawlers)
        for round_number in range(rounds):
            for name in order[round_number % 3 :] + order[: round_number % 3]:
                figures = crawlers[name]()
                runs[name].append(figures)
                print(f"  round {round_number + 1} {name:15} {figures['pages']:6} pages "
                      f"{figures['seconds']:7.1f} s  {figures['pages'] / figures['seconds']:6.0f} "
                      "pages/s", flush=True)  # fmt: skip
    print(f"\n{'crawler':16} {'pages':>6} {'items':>6} {'stored':>6} {'pages/s':>8} "
          f"{'CPU ms/page':>11}")  # fmt: skip
    rate = {}
    for name, done in runs.items():
        top = best(done)
        rate[name] = top["pages"] / top["seconds"]
        stored = top.get("items_stored", top.get("items", 0))
        print(f"{name:16} {top['pages']:6} {top['items']:6} {stored:6} {rate[name]:8.0f} "
              f"{1000 * top['cpu_seconds'] / top['pages']:11.2f}")  # fmt: skip
    print(f"load average after: {machine().rsplit('load average ', 1)[1]}")
    report_ratio("peer: trawl (full pipeline) / Crawlee default storage, pages/s",
                 rate["trawl"] / rate["crawlee-file"], target=2.5)  # fmt: skip
    report_ratio("peer: trawl (full pipeline) / Crawlee in-memory storage, pages/s",
                 rate["trawl"] / rate["crawlee-memory"], target=1.0)  # fmt: skip
    # CPU per page of each crawler's process (least of its rounds): steadier than pages/s on a
    # machine others share; trawl's PostgreSQL work runs in the server, not counted here
    cpu = {name: min(run["cpu_seconds"] / run["pages"] for run in done)
           for name, done in runs.items()}  # fmt: skip
    for peer, storage in (("crawlee-file", "default storage"), ("crawlee-memory", "in-memory")):
        report_ratio(f"peer: Crawlee {storage} CPU per page / trawl's (full pipeline)",
                     cpu[peer] / cpu["trawl"])  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
