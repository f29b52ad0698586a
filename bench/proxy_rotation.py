"""What proxy rotation costs: the directory crawl direct and through the local proxy fleet.

    .venv/bin/python -m bench.proxy_rotation [--rounds 3] [--businesses 600]

Starts the sandbox (anti-bot off, so both crawls get every page) and a fleet of 6 healthy
proxies, each in a subprocess of its own, then runs the directory crawl (pipelines off)
direct and through the fleet, alternating, `--rounds` times each, and prints pages/s per
run and the median ratio. Every request through the fleet is two HTTP hops, one of them in
a Python proxy, so the ratio is what rotation costs on a machine where the proxies share
the crawler's cores; remote proxies cost network latency instead.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

from bench._harness import crawl_env, report_ratio
from pipelines.database import PROJECT_ROOT
from trawl.services import proxy_fleet_process, sandbox_process

HEALTHY_FLEET = ("--healthy", "6", "--slow", "0", "--dead", "0", "--banned", "0")


def crawl(sandbox_url: str, proxy_urls: str) -> dict:
    env = crawl_env(TRAWL_SANDBOX_URL=sandbox_url, PROXY_URLS=proxy_urls)
    env.pop("PROXY_FILE", None)
    command = [sys.executable, "-m", "bench._scrapy_crawl", "directory",
               "-s", "ITEM_PIPELINES={}", "-s", "LOG_LEVEL=WARNING"]  # fmt: skip
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--businesses", type=int, default=600)
    args = parser.parse_args()
    sandbox_args = ["--businesses", str(args.businesses), "--products", "0"]
    rates: dict[str, list[float]] = {"direct": [], "fleet": []}
    with (
        sandbox_process(extra_args=sandbox_args) as sandbox_url,
        proxy_fleet_process(HEALTHY_FLEET) as proxies,
    ):
        for round_number in range(1, args.rounds + 1):
            for route, proxy_urls in (("direct", ""), ("fleet", ",".join(proxies))):
                figures = crawl(sandbox_url, proxy_urls)
                rate = figures["pages"] / figures["seconds"]
                rates[route].append(rate)
                print(
                    f"round {round_number} {route:>6}: {figures['pages']} pages, "
                    f"{figures['items']} items in {figures['seconds']:.1f}s = {rate:.0f} pages/s",
                    flush=True,
                )
    ratios = [fleet / direct for direct, fleet in zip(rates["direct"], rates["fleet"])]
    print(
        f"median pages/s: direct {statistics.median(rates['direct']):.0f}, through "
        f"{len(proxies)} proxies {statistics.median(rates['fleet']):.0f}"
    )
    report_ratio("proxy rotation: directory pages/s through the proxy fleet / direct",
                 statistics.median(ratios))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
