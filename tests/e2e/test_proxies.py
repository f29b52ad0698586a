"""End to end: crawling the sandbox with anti-bot on, direct and through the local proxy fleet.

A direct crawl is throttled, then banned, and loses pages. Through a fleet of ten proxies of
which four are bad (two dead, two burned: always banned) every spider crawls every page of
the truth, and the bad proxies end up benched. Credentials never show.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import subprocess
import sys
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from pipelines.database import PROJECT_ROOT
from sandbox.antibot import AntibotPolicy
from sandbox.proxies import ProxyFleet, running_fleet
from sandbox.server import SandboxConfig, running_sandbox
from sandbox.world import build_world

pytestmark = pytest.mark.e2e
SCRAPY = Path(sys.executable).parent / "scrapy"
WORLD = SandboxConfig(businesses=200, products=200, antibot=AntibotPolicy())
USER, PASSWORD = "scout", "s3cr3t-pw"
FLEET = ProxyFleet(healthy=5, slow=1, dead=2, banned=2, auth=f"{USER}:{PASSWORD}")
BAD = {"dead": "failures", "banned": "bans"}  # what each kind of bad proxy earns


@pytest.fixture(scope="module")
def sandbox_url():
    with running_sandbox(WORLD) as url:
        yield url


@pytest.fixture(scope="module")
def fleet():
    """[(label, kind)] in pool order, and the PROXY_URLS that make that pool."""
    with running_fleet(FLEET) as urls:
        labels = [f"p{i}-127.0.0.1:{url.rsplit(':', 1)[1]}" for i, url in enumerate(urls)]
        yield list(zip(labels, FLEET.kinds())), ",".join(urls)


def truth(spider: str) -> list[str]:
    world = build_world(WORLD.seed, WORLD.businesses, WORLD.products)
    records = world.truth_products() if spider == "marketplace" else world.truth_businesses()
    return [l["source_id"] for r in records for l in r["listings"] if l["source"] == spider]


def crawl(spider: str, sandbox_url: str, output: Path, proxy_urls: str = "", *options: str):
    env = {**os.environ, "TRAWL_SANDBOX_URL": sandbox_url, "PROXY_URLS": proxy_urls}
    env.pop("PROXY_FILE", None)
    return subprocess.run(
        [str(SCRAPY), "crawl", spider, "-O", str(output), "-s", "ITEM_PIPELINES={}", *options],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )


def render_probe(
    sandbox_url: str, proxy_urls: str, tmp_path: Path, *options: str, timeout_s: float = 600
):
    """Run tests/e2e/browser_probe.py through the proxies; its pages go to pages.jsonl."""
    env = {**os.environ, "TRAWL_SANDBOX_URL": sandbox_url, "PROXY_URLS": proxy_urls}
    env.pop("PROXY_FILE", None)
    return subprocess.run(
        [
            str(SCRAPY),
            "runspider",
            str(Path(__file__).parent / "browser_probe.py"),
            "-O",
            str(tmp_path / "pages.jsonl"),
            "-s",
            "ITEM_PIPELINES={}",
            "-s",
            "LOG_LEVEL=DEBUG",
            *options,
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
        env=env,
    )


def stats_in(log: str) -> dict[str, float]:
    """The numeric stats of Scrapy's end-of-crawl dump."""
    return {key: float(value) for key, value in re.findall(r"'([^']+)': (\d+(?:\.\d+)?)[,}]", log)}


def blamed_for_proxy_errors(log: str) -> set[str]:
    """Labels of the proxies benched for a proxy connection error (refused, or Chromium's
    ERR_PROXY_CONNECTION_FAILED): only a dead proxy can earn one."""
    benched = re.findall(r"Proxy (p\d+-\S+) benched for [\d.]+s: (.*)", log)
    return {label for label, reason in benched if "Refused" in reason or "ERR_PROXY" in reason}


def dead(proxies: list[tuple[str, str]]) -> set[str]:
    return {label for label, kind in proxies if kind == "dead"}


def seen_by_sandbox(sandbox_url: str) -> dict[str, dict]:
    with urllib.request.urlopen(f"{sandbox_url}/_antibot/clients.json", timeout=10) as response:
        return json.load(response)


def report(spider: str, stats: dict[str, float], found: int, expected: int) -> None:
    """The crawl's figures on the test's output (pytest -s shows them)."""
    pick = lambda key: int(stats.get(key, 0))
    print(
        f"\n[{spider}] pages {pick('response_received_count')}, items {found}/{expected} "
        f"({100 * found / expected:.1f}% coverage), proxy bans {pick('trawl/proxy/total_bans')}, "
        f"failures {pick('trawl/proxy/total_failures')}, throttled {pick('trawl/proxy/total_throttled')}, "
        f"retries {pick('trawl/proxy/retries')}, gave up {pick('trawl/proxy/gave_up')}, "
        f"429s {pick('downloader/response_status_count/429')}, "
        f"403s {pick('downloader/response_status_count/403')}, "
        f"{stats.get('elapsed_time_seconds', 0):.1f}s"
    )


def test_a_direct_crawl_is_banned_and_loses_pages(sandbox_url, tmp_path):
    result = crawl("directory", sandbox_url, tmp_path / "leads.jsonl")
    assert result.returncode == 0, result.stderr[-3000:]
    found = {json.loads(line)["source_id"] for line in (tmp_path / "leads.jsonl").open()}
    expected = truth("directory")
    report("directory, direct", stats_in(result.stderr), len(found), len(expected))
    assert "Proxy rotation on" not in result.stderr  # no proxies: the middleware is off
    direct = seen_by_sandbox(sandbox_url)["127.0.0.1"]
    assert direct["throttled"] > 0 and direct["bans"] >= 1 and direct["banned_responses"] > 0
    assert len(found) < len(expected) / 2


@pytest.mark.parametrize("spider", ["directory", "marketplace"])
def test_through_a_fleet_with_four_bad_proxies_every_page_is_crawled(
    spider, sandbox_url, fleet, tmp_path
):
    proxies, proxy_urls = fleet
    result = crawl(spider, sandbox_url, tmp_path / "items.jsonl", proxy_urls)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = Counter(json.loads(line)["source_id"] for line in (tmp_path / "items.jsonl").open())
    expected = truth(spider)
    stats = stats_in(result.stderr)
    report(f"{spider}, through the fleet", stats, len(seen), len(expected))
    assert set(seen) == set(expected) and set(seen.values()) == {1}
    assert "trawl/proxy/gave_up" not in stats
    assert blamed_for_proxy_errors(result.stderr) <= dead(proxies)
    for label, kind in proxies:
        earned = {
            k: stats.get(f"trawl/proxy/{label}/{k}", 0) for k in ("bans", "failures", "benched")
        }
        if kind in BAD:
            assert earned[BAD[kind]] > 0 and earned["benched"] > 0, (label, kind, earned)
        else:  # never banned; a rendered page may time out on a busy machine, and is retried
            assert earned["bans"] == 0, (label, kind, earned)
            assert stats[f"trawl/proxy/{label}/requests"] > 0


def test_the_sandbox_banned_only_the_burned_proxies(sandbox_url, fleet):
    clients = seen_by_sandbox(sandbox_url)
    through_fleet = {
        client: figures for client, figures in clients.items() if client != "127.0.0.1"
    }
    assert through_fleet, "no request came through the fleet"
    for client, figures in through_fleet.items():
        if client.startswith("burned-"):
            assert figures["served"] == 0
        else:
            assert figures["bans"] == 0 and figures["served"] > 0, (client, figures)


def test_credentials_never_appear_in_logs_stats_or_items(sandbox_url, fleet, tmp_path):
    _, proxy_urls = fleet
    result = crawl(
        "directory",
        sandbox_url,
        tmp_path / "leads.jsonl",
        proxy_urls,
        "-a",
        "max_pages=2",
        "-s",
        "LOG_LEVEL=DEBUG",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    everything = result.stdout + result.stderr + (tmp_path / "leads.jsonl").read_text()
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert "Proxy rotation on: 10 proxies" in everything  # the crawl did go through the fleet
    assert "trawl/proxy/p0-127.0.0.1:" in everything
    for secret in (PASSWORD, f"{USER}:", token):
        assert secret not in everything


def test_per_proxy_figures_reach_the_crawl_assets_dagster_metadata(
    database_url, sandbox_url, fleet
):
    from dagster import DagsterInstance, materialize

    from orchestration.crawl import CRAWLS, crawl_assets
    from orchestration.definitions import resources_for
    from orchestration.partitions import partition_key_for

    _, proxy_urls = fleet
    directory = next(c for c in CRAWLS if c.spider == "directory")
    asset = next(a for a in crawl_assets if a.key.to_user_string() == directory.asset_name)
    result = materialize(
        [asset],
        instance=DagsterInstance.ephemeral(),
        resources=resources_for(
            sandbox_url=sandbox_url, log_level="WARNING", proxy_urls=proxy_urls
        ),
        partition_key=partition_key_for(directory, dt.date.today(), "springfield"),
        raise_on_error=False,
    )
    (materialization,) = result.asset_materializations_for_node(directory.asset_name)
    metadata = {
        key: getattr(value, "value", value) for key, value in materialization.metadata.items()
    }
    proxy_keys = [key for key in metadata if key.startswith("proxy_p")]
    assert any(key.endswith("_requests") and metadata[key] > 0 for key in proxy_keys)
    assert {key.rsplit("_", 1)[1] for key in proxy_keys} >= {"requests", "bans", "failures"}
    assert PASSWORD not in json.dumps(metadata, default=str)


@pytest.mark.browser
def test_browser_pages_go_through_the_fleet_in_a_context_per_proxy(sandbox_url, fleet, tmp_path):
    proxies, proxy_urls = fleet
    good_contexts = {f"proxy-{i}" for i, (_, kind) in enumerate(proxies) if kind not in BAD}
    before = seen_by_sandbox(sandbox_url)
    result = render_probe(sandbox_url, proxy_urls, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    pages = [json.loads(line) for line in (tmp_path / "pages.jsonl").open()]
    stats = stats_in(result.stderr)
    print(
        f"\n[browser probe, through the fleet] pages {len(pages)}, "
        f"contexts {sorted({p['context'] for p in pages})}, "
        f"bans {int(stats.get('trawl/proxy/total_bans', 0))}, "
        f"failures {int(stats.get('trawl/proxy/total_failures', 0))}, "
        f"retries {int(stats.get('trawl/proxy/retries', 0))}"
    )
    assert len(pages) == 21  # the search page and its twenty businesses
    assert all(page["title"] and "Security check" not in page["title"] for page in pages)
    assert {page["context"] for page in pages} <= good_contexts  # a context per proxy
    # a retry never reuses the failed attempt's page, and with it the dead proxy's context
    assert blamed_for_proxy_errors(result.stderr) <= dead(proxies)
    assert not [l for l, kind in proxies if kind not in BAD and stats.get(f"trawl/proxy/{l}/bans")]
    after = seen_by_sandbox(sandbox_url)
    served = {c: f["served"] - before.get(c, {}).get("served", 0) for c, f in after.items()}
    assert sum(served.values()) >= 21 and served.get("127.0.0.1", 0) == 0  # none went direct
    for secret in (PASSWORD, f"{USER}:"):
        assert secret not in result.stdout + result.stderr


@pytest.mark.browser
def test_browser_pages_never_wait_for_a_context_beyond_the_cap(tmp_path):
    """Rendered pages that wait for a proxy while plain requests hold them all come out
    through the proxies that have a context: scrapy-playwright, asked for one context too
    many, stops every browser page of the crawl for good. (A sandbox of its own without the
    anti-bot, so that every plain fetch is served, and a fleet of four slow proxies.)"""
    quiet_world = SandboxConfig(businesses=WORLD.businesses, products=0)
    with (
        running_sandbox(quiet_world) as sandbox_url,
        running_fleet(ProxyFleet(healthy=0, slow=4, dead=0, banned=0)) as urls,
    ):
        result = render_probe(
            sandbox_url,
            ",".join(urls),
            tmp_path,
            "-a",
            "plain=8",
            "-s",
            "PLAYWRIGHT_MAX_CONTEXTS=2",
            "-s",
            "PROXY_MAX_IN_FLIGHT=1",
            timeout_s=180,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    pages = [json.loads(line) for line in (tmp_path / "pages.jsonl").open()]
    rendered = [page for page in pages if page["context"] is not None]
    stats = stats_in(result.stderr)
    print(
        f"\n[context cap 2, four busy proxies] rendered {len(rendered)}, "
        f"plain {len(pages) - len(rendered)}, contexts {sorted({p['context'] for p in rendered})}, "
        f"waits {int(stats.get('trawl/proxy/waits', 0))}, {stats.get('elapsed_time_seconds', 0):.1f}s"
    )
    assert len(rendered) == 21 and len(pages) == 21 + 8
    assert len({page["context"] for page in rendered}) <= 2
    assert stats.get("trawl/proxy/waits", 0) > 0  # rendered pages did wait for a proxy


@pytest.mark.browser
def test_through_the_fleet_the_maps_spider_opens_every_place(sandbox_url, fleet, tmp_path):
    proxies, proxy_urls = fleet
    result = crawl("maps", sandbox_url, tmp_path / "places.jsonl", proxy_urls)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = Counter(json.loads(line)["source_id"] for line in (tmp_path / "places.jsonl").open())
    expected = truth("maps")
    stats = stats_in(result.stderr)
    report("maps, through the fleet", stats, len(seen), len(expected))
    assert set(seen) == set(expected) and set(seen.values()) == {1}
    assert "trawl/proxy/gave_up" not in stats and "trawl/browser/errors" not in stats
    assert blamed_for_proxy_errors(result.stderr) <= dead(proxies)
    # Ten searches give the bad proxies few chances; each one tried never served and was
    # benched. (A burned proxy's ban page fails the spider's wait for the feed: a failure.)
    tried = [l for l, kind in proxies if kind in BAD and stats.get(f"trawl/proxy/{l}/requests")]
    assert tried, "no bad proxy was tried"
    for label in tried:
        earned = {
            k: stats.get(f"trawl/proxy/{label}/{k}", 0)
            for k in ("requests", "bans", "failures", "benched")
        }
        assert earned["bans"] + earned["failures"] == earned["requests"], (label, earned)
        assert earned["benched"] > 0, (label, earned)
