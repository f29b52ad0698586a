"""SharedFrontierScheduler: scrapy-redis's scheduler, made to share a crawl and end it cleanly.

scrapy-redis keeps the queue (a sorted set by priority) and the seen-request filter in
Redis, so every process with the same REDIS_URL and frontier name crawls one frontier.
What it leaves to the user is when to stop: a plain Spider closes as soon as its own view
is idle, even while another process is fetching pages that will add more, and its
RedisSpider never stops at all. This subclass adds, through `WorkerRegistry`:

- a rendezvous: each process waits (in spider_opened, after its pipelines opened) until
  TRAWL_FRONTIER_WORKERS processes have joined, so none finishes the crawl alone and
  clears the frontier before the others arrive;
- sharing: a process the shared queue gave nothing asks again after TRAWL_FRONTIER_POLL
  (0.2 s; Scrapy alone would wait for its 5-second heartbeat, and another process may
  have queued pages meanwhile), and a process takes no more than TRAWL_FRONTIER_BACKLOG
  requests its downloader cannot send yet (Scrapy alone takes up to CONCURRENT_REQUESTS:
  with a DOWNLOAD_DELAY, one process would hold the whole queue and send it one at a time);
- the end: on spider_idle a process marks itself idle and closes only when the shared
  queue is empty and no live process is busy; otherwise it stays open (DontCloseSpider)
  and asks again after TRAWL_FRONTIER_POLL;
- clean-up: frontier keys are namespaced per frontier (TRAWL_FRONTIER_KEY_PREFIX +
  TRAWL_FRONTIER) and the last process to leave deletes them; a frontier abandoned by
  killed processes is cleared by the next crawl that joins it.

Both spiders start from their start URLs as usual: every process yields them, the shared
filter lets the first copy through and drops the rest. Settings: see
`spiders.frontier.config`; SCHEDULER_QUEUE_CLASS and SCHEDULER_SERIALIZER are scrapy-redis's.
Stats: trawl/frontier/workers_joined, trawl/frontier/last_out (1 in the process that
deleted the frontier).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
from typing import Any

from redis.exceptions import RedisError
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy_redis import connection
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from spiders.crawl_stats import HELD_BACK
from spiders.frontier.config import FrontierConfig
from spiders.frontier.registry import BUSY, IDLE, WorkerRegistry, new_worker_id

log = logging.getLogger(__name__)


class FrontierUnavailable(RuntimeError):
    """Redis, named by REDIS_URL, does not answer."""


class SharedFrontierScheduler(Scheduler):
    def __init__(self, crawler: Crawler, config: FrontierConfig, server: Any, **kwargs: Any):
        super().__init__(server=server, **kwargs)
        self.crawler = crawler
        self.config = config
        self.registry = WorkerRegistry(
            server, config.keys, new_worker_id(), ttl_s=config.worker_timeout_s
        )
        self.beat: task.LoopingCall | None = None
        self._asking: CallLaterResult | None = None  # the engine's next ask, when due

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedFrontierScheduler:
        settings, spider = crawler.settings, crawler.spider
        config = FrontierConfig.from_settings(settings, spider.name, spider_arguments(spider))
        server = connection.get_redis_from_settings(settings)
        try:
            server.ping()
        except RedisError as error:
            raise FrontierUnavailable(
                f"REDIS_URL is set, so the crawl's frontier lives in Redis, but Redis at "
                f"{server.connection_pool.connection_kwargs.get('host')}:"
                f"{server.connection_pool.connection_kwargs.get('port')} does not answer "
                f"({error}). Start Redis, or unset REDIS_URL to crawl with Scrapy's own "
                "in-memory scheduler."
            ) from error
        keys = config.keys
        scheduler = cls(
            crawler, config, server,
            persist=True,  # the last worker out deletes the frontier, not each one
            queue_key=keys.requests,
            queue_cls=settings.get("SCHEDULER_QUEUE_CLASS") or "scrapy_redis.queue.PriorityQueue",
            dupefilter=RFPDupeFilter(server, key=keys.seen,
                                     debug=settings.getbool("DUPEFILTER_DEBUG")),
            serializer=_module(settings.get("SCHEDULER_SERIALIZER")),
        )  # fmt: skip
        scheduler.stats = crawler.stats
        crawler.signals.connect(scheduler.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    # -- Scrapy's calls ---------------------------------------------------------------------

    def open(self, spider: Spider) -> None:
        joined = self.registry.join()  # first: joining may clear an abandoned frontier
        super().open(spider)
        self.beat = task.LoopingCall(self.registry.heartbeat)
        self.beat.start(self.config.heartbeat_s, now=False)
        log.info("frontier %s: worker %s joined (%d so far, %d expected)",
                 self.config.keys.namespace, self.registry.worker, joined,
                 self.config.workers)  # fmt: skip

    async def spider_opened(self, spider: Spider) -> None:
        """Wait for the other workers a launcher started with this one."""
        deadline = time.monotonic() + self.config.join_timeout_s
        joined = self.registry.joined()
        while joined < self.config.workers and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
            joined = self.registry.joined()
        if joined < self.config.workers:
            log.warning(
                "frontier %s: %d of %d workers joined within %.0fs; crawling with them",
                self.config.keys.namespace, joined, self.config.workers,
                self.config.join_timeout_s,
            )  # fmt: skip
        self.stats.set_value("trawl/frontier/workers_joined", joined)

    def next_request(self) -> Request | None:
        request = self._take_request()
        if request is None:
            # Scrapy asks again when a download ends or a callback yields a request, and
            # otherwise only on its 5-second heartbeat: a worker with nothing in flight
            # would sleep through the pages the other workers are queueing meanwhile.
            self._ask_again_soon()
        return request

    def _take_request(self) -> Request | None:
        if self.registry.state != IDLE:
            if self._waiting_to_send() >= self.config.backlog:
                # Scrapy would take up to CONCURRENT_REQUESTS, whether or not its
                # downloader can send them yet (DOWNLOAD_DELAY sends one a delay): left in
                # the shared queue, they go to a worker that can send them now.
                return None
            return super().next_request()
        if not len(self.queue):
            return None  # nothing to take: stay idle (no busy-idle flicker in the registry)
        # busy before taking a request: no other worker may see the queue empty and this
        # one idle while it holds a request
        self.registry.mark(BUSY)
        request = super().next_request()
        if request is None:
            self.registry.mark(IDLE)
        return request

    def spider_idle(self, spider: Spider) -> None:
        self.registry.mark(IDLE)
        if not self.registry.crawl_is_done():
            self._ask_again_soon()
            raise DontCloseSpider

    def _waiting_to_send(self) -> int:
        """Requests this process took that its downloader has not started sending: in its
        middlewares or waiting out a slot's delay (the engine takes several in one go,
        before the first reaches a slot's queue). Not those a middleware holds back
        (spiders.crawl_stats.HELD_BACK): one may wait for a request still in the shared
        queue (the proxy rotation keeps a redirected attempt's proxy until the redirect
        comes round), and holding that back would stop the crawl."""
        downloader = self.crawler.engine.downloader
        sending = sum(len(slot.transferring) for slot in downloader.slots.values())
        held = self.stats.get_value(HELD_BACK, 0)
        return len(downloader.active) - sending - held

    def _ask_again_soon(self) -> None:
        if self._asking is None:
            self._asking = call_later(self.config.poll_s, self._ask_again)

    def _ask_again(self) -> None:
        """Have the engine ask for the next request, as it does after each download. It has
        no public call for this: `_slot.nextcall` is what its own heartbeat calls (should a
        later Scrapy rename it, this does nothing and the heartbeat is left; the scale-out
        test's fair-share check would fail)."""
        self._asking = None
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and slot.closing is None:
            slot.nextcall.schedule()

    def close(self, reason: str) -> None:
        if self.beat is not None and self.beat.running:
            self.beat.stop()
        if self._asking is not None:
            self._asking.cancel()
        last = self.registry.leave()
        self.stats.set_value("trawl/frontier/last_out", int(last))
        if last:
            log.info("frontier %s: last worker out, frontier deleted", self.config.keys.namespace)
        super().close(reason)


def spider_arguments(spider: Spider) -> dict[str, Any]:
    """The spider's validated arguments (`spider.arguments`, a pydantic model or a dict)."""
    arguments = getattr(spider, "arguments", None)
    if hasattr(arguments, "model_dump"):
        return arguments.model_dump(mode="json")
    return dict(arguments) if isinstance(arguments, dict) else {}


def _module(name: str | None) -> Any:
    return importlib.import_module(name) if isinstance(name, str) else name
