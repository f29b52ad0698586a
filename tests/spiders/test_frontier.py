"""The shared frontier's settings and its workers' registry, on the real Redis (REDIS_URL,
else 127.0.0.1:6379): when a crawl on several processes is over, and who clears it up."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid

import pytest
import redis
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings

from spiders.frontier.config import (
    FrontierConfig,
    FrontierConfigError,
    FrontierKeys,
    default_frontier_name,
)
from spiders.frontier.registry import BUSY, IDLE, WorkerRegistry, is_dead_local_process

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def server():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("REDIS_URL"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); set REDIS_URL to run these tests")
    yield client
    client.close()


@pytest.fixture
def keys(server):
    """A frontier of this test's own; every key under it is deleted afterwards."""
    keys = FrontierKeys(f"trawl-test:{uuid.uuid4().hex[:12]}")
    yield keys
    leftovers = list(server.scan_iter(f"{keys.namespace}:*"))
    if leftovers:
        server.delete(*leftovers)


def worker(server, keys, name: str, ttl_s: float = 30.0) -> WorkerRegistry:
    return WorkerRegistry(server, keys, f"test-host-{name}/1/{name}", ttl_s=ttl_s)


# -- settings ---------------------------------------------------------------------------


def test_without_redis_url_there_is_no_shared_frontier():
    with pytest.raises(NotConfigured):
        FrontierConfig.from_settings(Settings({}), "directory")


def test_the_frontier_is_named_after_the_spider_and_its_arguments():
    assert default_frontier_name("directory", {}) == "directory"
    springfield = default_frontier_name("directory", {"city": "springfield", "category": None})
    assert springfield.startswith("directory-")
    assert springfield == default_frontier_name("directory", {"city": "springfield"})
    assert springfield != default_frontier_name("directory", {"city": "shelbyville"})


def test_a_frontier_name_from_the_settings_wins_and_names_the_keys():
    settings = Settings({"REDIS_URL": REDIS_URL, "TRAWL_FRONTIER": "nightly-1",
                         "TRAWL_FRONTIER_WORKERS": "3"})  # fmt: skip
    config = FrontierConfig.from_settings(settings, "directory", {"city": "springfield"})
    assert (config.name, config.workers) == ("nightly-1", 3)
    assert config.keys.requests == f"{config.key_prefix}:nightly-1:requests"


def test_the_key_namespace_comes_from_the_settings_else_the_environment(monkeypatch):
    settings = Settings({"REDIS_URL": REDIS_URL})
    monkeypatch.delenv("TRAWL_FRONTIER_KEY_PREFIX", raising=False)
    assert FrontierConfig.from_settings(settings, "directory").key_prefix == "trawl:frontier"
    monkeypatch.setenv("TRAWL_FRONTIER_KEY_PREFIX", "night-shift")
    assert FrontierConfig.from_settings(settings, "directory").key_prefix == "night-shift"
    settings.set("TRAWL_FRONTIER_KEY_PREFIX", "day-shift")
    assert FrontierConfig.from_settings(settings, "directory").key_prefix == "day-shift"


def test_a_name_that_cannot_be_a_redis_key_part_is_refused_with_the_rule():
    settings = Settings({"REDIS_URL": REDIS_URL, "TRAWL_FRONTIER": "my crawl%s"})
    with pytest.raises(FrontierConfigError, match="letters, digits"):
        FrontierConfig.from_settings(settings, "directory")


def test_a_worker_timeout_shorter_than_two_heartbeats_is_refused():
    settings = Settings({"REDIS_URL": REDIS_URL, "TRAWL_FRONTIER_HEARTBEAT": "5",
                         "TRAWL_FRONTIER_WORKER_TIMEOUT": "6"})  # fmt: skip
    with pytest.raises(FrontierConfigError, match="at least twice"):
        FrontierConfig.from_settings(settings, "directory")


def test_poll_and_backlog_default_to_a_fifth_of_a_second_and_two_requests():
    config = FrontierConfig.from_settings(Settings({"REDIS_URL": REDIS_URL}), "directory")
    assert (config.poll_s, config.backlog) == (0.2, 2)
    settings = Settings({"REDIS_URL": REDIS_URL, "TRAWL_FRONTIER_POLL": "0.05",
                         "TRAWL_FRONTIER_BACKLOG": "8"})  # fmt: skip
    config = FrontierConfig.from_settings(settings, "directory")
    assert (config.poll_s, config.backlog) == (0.05, 8)


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [("TRAWL_FRONTIER_POLL", "0", "TRAWL_FRONTIER_POLL=0.0"),
     ("TRAWL_FRONTIER_BACKLOG", "0", "TRAWL_FRONTIER_BACKLOG=0 must be 1 or more")],
)  # fmt: skip
def test_a_poll_or_backlog_that_would_stall_the_worker_is_refused(setting, value, message):
    settings = Settings({"REDIS_URL": REDIS_URL, setting: value})
    with pytest.raises(FrontierConfigError, match=message):
        FrontierConfig.from_settings(settings, "directory")


# -- when the crawl is over -------------------------------------------------------------


def test_the_crawl_is_not_over_while_another_live_worker_is_busy(server, keys):
    first, second = worker(server, keys, "a"), worker(server, keys, "b")
    assert (first.join(), second.join()) == (1, 2)
    first.mark(IDLE)
    assert not first.crawl_is_done()
    second.mark(IDLE)
    assert first.crawl_is_done() and second.crawl_is_done()


def test_the_crawl_is_not_over_while_requests_are_queued(server, keys):
    only = worker(server, keys, "a")
    only.join()
    only.mark(IDLE)
    server.zadd(keys.requests, {b"a request": 0})
    assert not only.crawl_is_done()


def test_a_worker_whose_heartbeat_stopped_does_not_hold_the_crawl_open(server, keys):
    alive, silent = worker(server, keys, "a"), worker(server, keys, "b", ttl_s=0.2)
    alive.join()
    silent.join()  # busy, then never beats again
    alive.mark(IDLE)
    time.sleep(0.4)
    assert alive.crawl_is_done()


def test_a_worker_on_this_host_whose_process_is_gone_is_dead_at_once(server, keys):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    gone_pid = int(finished.stdout)
    host = socket.gethostname()
    assert is_dead_local_process(f"{host}/{gone_pid}/x")
    assert not is_dead_local_process(f"{host}/{os.getpid()}/x")
    assert not is_dead_local_process(f"another-host/{gone_pid}/x")
    alive = worker(server, keys, "a")
    alive.join()
    dead = WorkerRegistry(server, keys, f"{host}/{gone_pid}/x", ttl_s=30)
    dead.join()
    alive.mark(IDLE)
    assert alive.crawl_is_done()


# -- joining and leaving ----------------------------------------------------------------


def test_the_last_worker_out_deletes_the_frontier(server, keys):
    first, second = worker(server, keys, "a"), worker(server, keys, "b")
    first.join()
    second.join()
    server.sadd(keys.seen, "fingerprint")
    assert first.leave() is False
    assert server.exists(keys.seen)
    assert second.leave() is True
    assert list(server.scan_iter(f"{keys.namespace}:*")) == []


def test_joining_a_frontier_no_live_worker_holds_starts_it_afresh(server, keys):
    crashed = worker(server, keys, "a", ttl_s=0.2)
    crashed.join()
    server.zadd(keys.requests, {b"taken by nobody": 0})
    server.sadd(keys.seen, "fingerprint")
    time.sleep(0.4)
    newcomer = worker(server, keys, "b")
    assert newcomer.join() == 1
    assert not server.exists(keys.requests) and not server.exists(keys.seen)
    assert [w.decode() for w in server.hkeys(keys.workers)] == [newcomer.worker]


def test_joining_a_frontier_a_live_worker_holds_keeps_its_requests(server, keys):
    first = worker(server, keys, "a")
    first.join()
    server.zadd(keys.requests, {b"queued": 0})
    assert worker(server, keys, "b").join() == 2
    assert server.zcard(keys.requests) == 1
    assert server.hget(keys.workers, first.worker).decode() == BUSY
