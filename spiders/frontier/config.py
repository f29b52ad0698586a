"""The shared frontier's settings, read once into one typed object, and its Redis key names.

Settings (TRAWL_FRONTIER_*; spiders/settings.py fills REDIS_URL from the environment):
- REDIS_URL: the Redis that holds the frontier (no default: without it there is no shared
  frontier and Scrapy's own scheduler runs).
- TRAWL_FRONTIER (default: the TRAWL_FRONTIER environment variable, else the spider's name
  plus a digest of its arguments): the frontier's name. Processes with the same name share
  one queue and one seen-request filter, wherever they run.
- TRAWL_FRONTIER_WORKERS (default 1): how many processes a launcher started for this
  frontier. Each waits until that many have joined before it crawls, so the first one up
  cannot finish (and clear the frontier) before the last one is there.
- TRAWL_FRONTIER_JOIN_TIMEOUT (default 60.0): seconds to wait for them; then it crawls
  with whoever came.
- TRAWL_FRONTIER_HEARTBEAT (default 5.0): seconds between a process's "I am alive" beats.
- TRAWL_FRONTIER_WORKER_TIMEOUT (default 60.0): a process silent that long is dead (one on
  this host whose pid is gone is dead at once); what it held in flight is lost to the crawl.
- TRAWL_FRONTIER_KEY_PREFIX (default: the TRAWL_FRONTIER_KEY_PREFIX environment variable,
  else "trawl:frontier"): the Redis key namespace.
- TRAWL_FRONTIER_POLL (default 0.2): seconds after which a process the shared queue gave
  nothing asks it again (Scrapy itself would wait for its 5-second heartbeat).
- TRAWL_FRONTIER_BACKLOG (default 2): how many requests a process may hold that its
  downloader has not started sending (DOWNLOAD_DELAY); beyond that it leaves them in the
  shared queue for the other processes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

NAME = re.compile(r"^[A-Za-z0-9._:-]{1,200}$")


class FrontierConfigError(ValueError):
    """The frontier settings cannot be used; the message says which and how to fix it."""


@dataclass(frozen=True)
class FrontierKeys:
    """The Redis keys of one frontier; the last process to leave deletes them all."""

    namespace: str

    @property
    def requests(self) -> str:  # sorted set: scrapy-redis's priority queue
        return f"{self.namespace}:requests"

    @property
    def seen(self) -> str:  # set of request fingerprints: scrapy-redis's dupefilter
        return f"{self.namespace}:seen"

    @property
    def workers(self) -> str:  # hash: worker id -> "busy" | "idle"
        return f"{self.namespace}:workers"

    @property
    def joined(self) -> str:  # counter: processes that ever joined (the rendezvous)
        return f"{self.namespace}:joined"

    def alive(self, worker: str) -> str:  # expires unless the worker's heartbeat renews it
        return f"{self.namespace}:alive:{worker}"

    def all(self) -> list[str]:
        return [self.requests, self.seen, self.workers, self.joined]


@dataclass(frozen=True)
class FrontierConfig:
    redis_url: str
    name: str
    workers: int = 1
    join_timeout_s: float = 60.0
    heartbeat_s: float = 5.0
    worker_timeout_s: float = 60.0
    key_prefix: str = "trawl:frontier"
    poll_s: float = 0.2
    backlog: int = 2

    def __post_init__(self) -> None:
        for what, value in (("TRAWL_FRONTIER", self.name),
                            ("TRAWL_FRONTIER_KEY_PREFIX", self.key_prefix)):  # fmt: skip
            if not NAME.match(value):
                raise FrontierConfigError(
                    f"{what}={value!r} is not a usable name: use 1-200 letters, digits "
                    "and . _ : - (it becomes part of Redis keys)"
                )
        for what, count in (("TRAWL_FRONTIER_WORKERS", self.workers),
                            ("TRAWL_FRONTIER_BACKLOG", self.backlog)):  # fmt: skip
            if count < 1:
                raise FrontierConfigError(f"{what}={count} must be 1 or more")
        if min(self.join_timeout_s, self.heartbeat_s, self.poll_s) <= 0:
            raise FrontierConfigError(
                f"TRAWL_FRONTIER_JOIN_TIMEOUT={self.join_timeout_s}, TRAWL_FRONTIER_HEARTBEAT"
                f"={self.heartbeat_s} and TRAWL_FRONTIER_POLL={self.poll_s} must be numbers of "
                "seconds above 0"
            )
        if self.worker_timeout_s < 2 * self.heartbeat_s:
            raise FrontierConfigError(
                f"TRAWL_FRONTIER_WORKER_TIMEOUT={self.worker_timeout_s} must be at least twice "
                f"TRAWL_FRONTIER_HEARTBEAT={self.heartbeat_s}, or live workers look dead"
            )

    @property
    def keys(self) -> FrontierKeys:
        return FrontierKeys(f"{self.key_prefix}:{self.name}")

    @classmethod
    def from_settings(cls, settings: BaseSettings, spider_name: str,
                      arguments: dict[str, Any] | None = None) -> FrontierConfig:  # fmt: skip
        redis_url = settings.get("REDIS_URL")
        if not redis_url:
            raise NotConfigured("no REDIS_URL: the crawl keeps its frontier in memory")
        name = settings.get("TRAWL_FRONTIER") or os.environ.get("TRAWL_FRONTIER")
        try:
            return cls(
                redis_url=redis_url,
                name=name or default_frontier_name(spider_name, arguments or {}),
                workers=settings.getint("TRAWL_FRONTIER_WORKERS", 1),
                join_timeout_s=settings.getfloat("TRAWL_FRONTIER_JOIN_TIMEOUT", 60.0),
                heartbeat_s=settings.getfloat("TRAWL_FRONTIER_HEARTBEAT", 5.0),
                worker_timeout_s=settings.getfloat("TRAWL_FRONTIER_WORKER_TIMEOUT", 60.0),
                key_prefix=settings.get("TRAWL_FRONTIER_KEY_PREFIX")
                or os.environ.get("TRAWL_FRONTIER_KEY_PREFIX")
                or "trawl:frontier",
                poll_s=settings.getfloat("TRAWL_FRONTIER_POLL", 0.2),
                backlog=settings.getint("TRAWL_FRONTIER_BACKLOG", 2),
            )
        except ValueError as error:
            if isinstance(error, FrontierConfigError):
                raise
            raise FrontierConfigError(f"a TRAWL_FRONTIER_* setting is not a number: {error}")


def default_frontier_name(spider_name: str, arguments: dict[str, Any]) -> str:
    """The spider's name, plus a digest of its arguments when it has any: the same crawl
    started on several machines shares a frontier; a crawl of other pages does not."""
    given = {name: value for name, value in arguments.items() if value is not None}
    if not given:
        return spider_name
    digest = hashlib.sha1(json.dumps(given, sort_keys=True, default=str).encode()).hexdigest()
    return f"{spider_name}-{digest[:10]}"
