"""Proxy settings, proxy URLs and routing: what a crawl reads, and what a request carries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings

from pipelines.database import PROJECT_ROOT
from spiders.proxies.config import ProxyConfig, ProxyConfigError, proxy_list
from spiders.proxies.endpoints import ProxyUrlError, mask_credentials, parse_proxy_url
from spiders.proxies.routing import ASSIGNED, route_through, routed_by_spider

SECRET = "s3cr3t-pw"


def config(**settings) -> ProxyConfig:
    return ProxyConfig.from_settings(Settings(settings))


def test_without_proxies_rotation_is_not_configured():
    with pytest.raises(NotConfigured):
        config()
    with pytest.raises(NotConfigured):
        config(PROXY_URLS="  ")


def test_rotation_can_be_switched_off_with_proxies_given():
    with pytest.raises(NotConfigured, match="PROXY_ENABLED"):
        config(PROXY_URLS="127.0.0.1:8801", PROXY_ENABLED=False)


def test_proxy_urls_split_on_commas_and_whitespace():
    assert proxy_list("a:1, b:2\nc:3  d:4") == ["a:1", "b:2", "c:3", "d:4"]
    assert proxy_list(["a:1", "b:2"]) == ["a:1", "b:2"]


def test_proxies_are_numbered_in_order_and_labelled_without_credentials():
    proxies = config(PROXY_URLS=f"10.0.0.1:8080,scout:{SECRET}@10.0.0.2:8081").endpoints
    assert [p.label for p in proxies] == ["p0-10.0.0.1:8080", "p1-10.0.0.2:8081"]
    assert SECRET not in repr(proxies) and SECRET not in str(proxies[1])


def test_a_proxy_file_is_read_with_comments_and_blank_lines(tmp_path):
    path = tmp_path / "proxies.txt"
    path.write_text("# fleet\nhttp://10.0.0.1:8080  # healthy\n\n10.0.0.2:8081\n")
    proxies = config(PROXY_FILE=str(path), PROXY_URLS="10.0.0.3:8082").endpoints
    assert [p.server for p in proxies] == [
        "http://10.0.0.3:8082",
        "http://10.0.0.1:8080",
        "http://10.0.0.2:8081",
    ]


def test_a_proxy_given_twice_is_used_once():
    assert len(config(PROXY_URLS="10.0.0.1:8080 http://10.0.0.1:8080").endpoints) == 1


def test_a_missing_proxy_file_says_so(tmp_path):
    with pytest.raises(ProxyConfigError, match="PROXY_FILE=.*cannot be read"):
        config(PROXY_FILE=str(tmp_path / "nowhere.txt"))


def test_a_bad_proxy_names_its_position_and_hides_its_password():
    with pytest.raises(ProxyConfigError) as error:
        config(PROXY_URLS=f"10.0.0.1:8080,scout:{SECRET}@10.0.0.2")
    assert "proxy #2" in str(error.value) and "needs a host and a port" in str(error.value)
    assert SECRET not in str(error.value)


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("socks5://10.0.0.1:1080", "must be http:// or https://"),
        ("10.0.0.1", "needs a host and a port"),
        ("http://10.0.0.1:8080/path", "has a path or query"),
        ("scout@10.0.0.1:8080", "has a user but no password"),
    ],
)
def test_proxy_urls_that_cannot_be_used_are_refused(written, problem):
    with pytest.raises(ProxyUrlError, match=problem):
        parse_proxy_url(written, 0)


def test_credentials_may_be_percent_encoded():
    proxy = parse_proxy_url("http://scout:p%40ss%3Aword@10.0.0.1:8080", 0)
    assert (proxy.username, proxy.password) == ("scout", "p@ss:word")
    assert proxy.url == "http://scout:p%40ss%3Aword@10.0.0.1:8080"


def test_masking_hides_the_userinfo_of_a_proxy_url():
    assert mask_credentials(f"http://scout:{SECRET}@h:1") == "http://***@h:1"
    assert mask_credentials(f"scout:{SECRET}@h:1") == "***@h:1"
    assert mask_credentials("h:1") == "h:1"


def test_settings_reach_the_config_and_the_ban_policy():
    loaded = config(
        PROXY_URLS="10.0.0.1:8080",
        PROXY_MAX_RETRIES=2,
        PROXY_MAX_IN_FLIGHT=0,
        PROXY_BACKOFF_BASE=0.5,
        PROXY_BAN_STATUSES="403,451",
        PROXY_BAN_MARKERS="blocked,verify you are human",
        PROXY_BAN_EMPTY_BODY=False,
    )
    assert (loaded.max_retries, loaded.max_in_flight, loaded.backoff_base_s) == (2, None, 0.5)
    assert loaded.ban_policy.ban_statuses == {403, 451}
    assert loaded.ban_policy.markers == ("blocked", "verify you are human")
    assert loaded.ban_policy.judge(200, b"").outcome == "ok"


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"PROXY_BAN_STATUSES": "forbidden"}, "not a list of HTTP status codes"),
        ({"PROXY_BACKOFF_BASE": 10, "PROXY_BACKOFF_MAX": 1}, "PROXY_BACKOFF_BASE=10.0"),
        ({"PROXY_MAX_RETRIES": -1}, "must be 0 or more"),
        ({"PROXY_THROTTLE_STATUSES": "403"}, "both a ban and a throttle status"),
    ],
)
def test_settings_that_cannot_work_are_refused_with_the_setting_named(settings, problem):
    with pytest.raises(ProxyConfigError, match=problem):
        config(PROXY_URLS="10.0.0.1:8080", **settings)


def test_a_plain_request_goes_through_meta_proxy_with_its_credentials():
    proxy = parse_proxy_url(f"scout:{SECRET}@10.0.0.2:8081", 3)
    meta: dict = {}
    route_through(meta, proxy)
    assert meta["proxy"] == f"http://scout:{SECRET}@10.0.0.2:8081"
    assert meta[ASSIGNED] == "p3-10.0.0.2:8081"
    assert "playwright_context" not in meta


def test_a_browser_request_gets_a_context_per_proxy_and_no_meta_proxy():
    proxy = parse_proxy_url(f"scout:{SECRET}@10.0.0.2:8081", 3)
    meta = {"playwright": True, "playwright_context_kwargs": {"locale": "en-US"}}
    route_through(meta, proxy)
    assert meta["playwright_context"] == "proxy-3"
    assert meta["playwright_context_kwargs"] == {
        "locale": "en-US",
        "proxy": {"server": "http://10.0.0.2:8081", "username": "scout", "password": SECRET},
    }
    assert "proxy" not in meta


def test_a_browser_request_moves_to_the_context_of_its_new_proxy_on_retry():
    first, second = parse_proxy_url("10.0.0.1:8080", 0), parse_proxy_url("10.0.0.2:8081", 1)
    meta = {"playwright": True}
    route_through(meta, first)
    route_through(meta, second)
    assert meta["playwright_context"] == "proxy-1"
    assert meta["playwright_context_kwargs"] == {"proxy": {"server": "http://10.0.0.2:8081"}}


def test_a_context_the_spider_named_is_kept_apart_per_proxy():
    first, second = parse_proxy_url("10.0.0.1:8080", 0), parse_proxy_url("10.0.0.2:8081", 1)
    meta = {"playwright": True, "playwright_context": "logged-in"}
    route_through(meta, first)
    assert meta["playwright_context"] == "logged-in@proxy-0"
    route_through(meta, second)
    assert meta["playwright_context"] == "logged-in@proxy-1"


def test_a_route_the_spider_chose_is_left_alone():
    assert routed_by_spider({"proxy": None})
    assert routed_by_spider({"proxy": "http://10.9.9.9:3128"})
    assert routed_by_spider({"playwright": True, "playwright_context_kwargs": {"proxy": {}}})
    assert not routed_by_spider({})
    routed: dict = {}
    route_through(routed, parse_proxy_url("10.0.0.1:8080", 0))
    assert not routed_by_spider(routed)  # ours: chosen afresh on the next attempt


def test_proxy_urls_and_proxy_file_come_from_the_environment():
    env = {**os.environ, "PROXY_URLS": "10.0.0.1:8080,10.0.0.2:8081", "PROXY_FILE": "p.txt"}

    def setting(name: str) -> str:
        result = subprocess.run(
            [str(Path(sys.executable).parent / "scrapy"), "settings", "--get", name],
            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        return result.stdout.strip()

    assert setting("PROXY_URLS") == "10.0.0.1:8080,10.0.0.2:8081"
    assert setting("PROXY_FILE") == "p.txt"
