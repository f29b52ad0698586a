"""ProxyRotationMiddleware: every request through a healthy proxy, bans retried elsewhere.

A downloader middleware (spiders/settings.py registers it at 560: after RetryMiddleware's
550 so it sees responses first, before HttpCompressionMiddleware's 590 so it sees bodies
decompressed, and before HttpProxyMiddleware's 750, which turns `user:pass@` into a
`Proxy-Authorization` header). It wires the pure parts to Scrapy:

- process_request: `ProxyPool.choose()` a proxy (waiting when every proxy is benched) and
  route the request through it (spiders.proxies.routing: meta proxy, or a Playwright
  context per proxy);
- process_response: `BanPolicy.judge()` the response; a ban or a 429 benches the proxy and
  returns a copy of the request (dont_filter) to go through another one, up to
  PROXY_MAX_RETRIES (PROXY_MAX_THROTTLED_RETRIES for 429s). A page still banned after that
  is dropped with an error (IgnoreRequest: errbacks see it); a 429 goes on to Scrapy's retry;
- process_exception: a connection failure (RETRY_EXCEPTIONS, Playwright errors) benches the
  proxy and retries likewise; given up, the exception goes on to Scrapy's retry and errbacks.
  A browser request whose page methods fail on a ban page (waiting for a selector the ban
  page lacks) is such a failure, not a ban: the page never became a response.

A retried browser request leaves behind the page its attempt opened (closed here:
`playwright_include_page` keeps pages open even on failure, and scrapy-playwright would
reuse the page, so the failed proxy). A request that brings a page of its own goes through
that page's context: it is the spider's route, left alone like a `meta["proxy"]` it set.

Settings: see spiders.proxies.config (PROXY_URLS, PROXY_FILE, PROXY_*; off without proxies)
and RETRY_EXCEPTIONS (what counts as a connection failure).
Stats (and so the crawl asset's Dagster metadata): per proxy label, e.g. `p3-127.0.0.1:8803`,
`trawl/proxy/<label>/requests|bans|failures|throttled|benched|revived|latency_ms`; totals
`trawl/proxy/total_bans|total_failures|total_throttled|retries|gave_up|waits` (named so
that no total ends like a per-proxy key: summing `*/bans` counts each ban once); requests
waiting for a proxy count in the HELD_BACK gauge (spiders.crawl_stats). Logs, stats and
messages name proxies by label only; credentials never leave the proxy URL.

PLAYWRIGHT_MAX_CONTEXTS: scrapy-playwright never closes a context, and one request for a
context beyond the cap would stop all its browser pages for good. So once that many proxy
contexts exist, browser requests are kept to the proxies that have one (with a warning), and
a request whose context name has none is dropped with an error saying what to raise.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.misc import load_object

from spiders.crawl_stats import HELD_BACK
from spiders.proxies.bans import Verdict
from spiders.proxies.config import ProxyConfig
from spiders.proxies.endpoints import ProxyEndpoint, redact
from spiders.proxies.pool import ProxyPool
from spiders.proxies.routing import (
    ASSIGNED,
    DEFAULT_CONTEXT,
    OUT,
    RETRIES,
    SESSION,
    SPIDER_CONTEXT,
    THROTTLED_RETRIES,
    TRIED,
    context_name,
    route_through,
    routed_by_spider,
)

logger = logging.getLogger(__name__)
MIN_WAIT_S = 0.01
MAX_WAIT_S = 1.0  # waits for a busy proxy are woken by its responses; this is a safety net
HEALTH_STATS = ("requests", "bans", "failures", "throttled", "benched", "revived")


def browser_errors() -> tuple[type[Exception], ...]:
    try:
        from playwright.async_api import Error as PlaywrightError
    except ImportError:  # no Playwright installed: no browser requests either
        return ()
    return (PlaywrightError,)


async def close_attempt_page(request: Request) -> None:
    """Close the browser page an earlier attempt left in the request (a page the spider gave
    is never ours to close: such requests are routed by the spider)."""
    if request.meta.get("playwright_page") is not None:
        from spiders.rendering import close_page  # Playwright's code only once pages exist

        await close_page(request)


class ProxyRotationMiddleware:
    def __init__(self, crawler: Crawler, config: ProxyConfig, pool: ProxyPool | None = None):
        self.crawler = crawler
        self.stats = crawler.stats
        self.config = config
        self.pool = pool or ProxyPool(
            config.endpoints,
            backoff_base_s=config.backoff_base_s,
            backoff_max_s=config.backoff_max_s,
            max_in_flight=config.max_in_flight,
        )
        self.endpoints = {endpoint.label: endpoint for endpoint in config.endpoints}
        self.secrets = tuple(
            secret
            for endpoint in config.endpoints
            for secret in (*endpoint.secrets(), f"{endpoint.username}:{endpoint.password}")
            if secret and len(secret) >= 3
        )
        self.max_contexts = crawler.settings.getint("PLAYWRIGHT_MAX_CONTEXTS", 0)
        self.browser_contexts: set[str] = set()  # the Playwright contexts routed so far
        self.warned_of_context_cap = False
        self.changed = asyncio.Event()  # replaced each time the pool changes
        self.connection_errors = (
            *(load_object(e) for e in crawler.settings.getlist("RETRY_EXCEPTIONS")),
            *browser_errors(),
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProxyRotationMiddleware:
        middleware = cls(crawler, ProxyConfig.from_settings(crawler.settings))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self) -> None:
        logger.info(
            "Proxy rotation on: %d proxies (%s)",
            len(self.endpoints),
            ", ".join(self.endpoints),
        )
        for endpoint in self.pool.endpoints:
            self._publish(endpoint)

    def spider_closed(self) -> None:
        for endpoint in self.pool.endpoints:
            health = self.pool.health(endpoint)
            logger.info(
                "Proxy %s: %d requests, %d ok, %d bans, %d failures, %d throttled, "
                "benched %d times, revived %d, %.0f ms mean latency",
                endpoint.label,
                health.requests,
                health.successes,
                health.bans,
                health.failures,
                health.throttled,
                health.benched,
                health.revived,
                health.mean_latency_ms,
            )

    async def process_request(self, request: Request) -> None:
        meta = request.meta
        self._back(meta)  # an attempt re-issued by another middleware (a redirect) is back
        if routed_by_spider(meta):
            return
        if ASSIGNED in meta:  # an attempt of ours coming round again (Scrapy's retry)
            await close_attempt_page(request)
        endpoint, among = self._choose(request)
        while endpoint is None:  # every proxy benched or busy: wait for one
            self.stats.inc_value("trawl/proxy/waits")
            # held back: a redirect that gives a proxy back may still be in the frontier
            self.stats.inc_value(HELD_BACK)
            try:
                await self._pool_changed(self.pool.seconds_until_available(among))
            finally:
                self.stats.inc_value(HELD_BACK, -1)
            endpoint, among = self._choose(request)
        route_through(meta, endpoint)
        if meta.get("playwright"):
            self.browser_contexts.add(meta["playwright_context"])
        self.pool.report_sent(endpoint)
        self._publish(endpoint)
        return

    def _choose(self, request: Request) -> tuple[ProxyEndpoint | None, set[str] | None]:
        """The proxy for this attempt (None: wait), and the proxies it was chosen among.

        Asked again after every wait: the contexts other requests opened meanwhile count."""
        meta = request.meta
        among = self._browser_proxies(meta) if meta.get("playwright") else None
        if among is not None and not among:
            spider_context = meta.get(SPIDER_CONTEXT, meta.get("playwright_context"))
            message = (
                f"PLAYWRIGHT_MAX_CONTEXTS={self.max_contexts} browser contexts are open, none "
                f"of them for playwright_context {spider_context or DEFAULT_CONTEXT!r}; raise "
                f"PLAYWRIGHT_MAX_CONTEXTS by {len(self.pool.endpoints)} for each context name "
                "the spider uses"
            )
            logger.error("Dropped %s: %s", request, message)
            raise IgnoreRequest(message)
        endpoint = self.pool.choose(
            session=meta.get(SESSION), exclude=meta.get(TRIED, ()), among=among
        )
        return endpoint, among

    def _browser_proxies(self, meta: dict) -> set[str] | None:
        """Once PLAYWRIGHT_MAX_CONTEXTS contexts exist, the proxies that have one for this
        request (None: any proxy). scrapy-playwright waits for a free context slot while it
        holds the lock every new page takes, so one request sent to a context beyond the
        cap would stop every browser page of the crawl for good (contexts stay open)."""
        if not self.max_contexts or len(self.browser_contexts) < self.max_contexts:
            return None
        spider_context = meta.get(SPIDER_CONTEXT, meta.get("playwright_context"))
        usable = {
            endpoint.label
            for endpoint in self.pool.endpoints
            if context_name(spider_context, endpoint) in self.browser_contexts
        }
        left_out = len(self.pool.endpoints) - len(usable)
        if left_out and usable and not self.warned_of_context_cap:
            self.warned_of_context_cap = True  # (none usable: _choose drops it with an error)
            logger.warning(
                "PLAYWRIGHT_MAX_CONTEXTS=%d browser contexts are open: browser pages of "
                "playwright_context %r go through %d of the %d proxies only; raise it to %d "
                "to use every proxy",
                self.max_contexts, spider_context or DEFAULT_CONTEXT, len(usable),
                len(self.pool.endpoints), len(self.browser_contexts) + left_out,
            )  # fmt: skip
        return usable

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        endpoint = self._back(request.meta, report=False)
        if endpoint is None:
            return response
        retry_after = response.headers.get(b"Retry-After")
        verdict = self.config.ban_policy.judge(
            response.status,
            response.body,
            retry_after.decode("latin-1") if retry_after else None,
            request.method,
        )
        if verdict.outcome == "ok":
            self.pool.report_success(endpoint, request.meta.get("download_latency"))
            self._publish(endpoint)
            return response
        if verdict.outcome == "throttled":
            rest = verdict.retry_after_s
            self.pool.report_throttled(
                endpoint, self.config.retry_after_default_s if rest is None else rest
            )
            self.stats.inc_value("trawl/proxy/total_throttled")
            self._publish(endpoint)
            retry = await self._retry(request, endpoint, verdict.reason, throttled=True)
            return retry or response
        self._bench(endpoint, verdict)
        retry = await self._retry(request, endpoint, verdict.reason)
        if retry is None:
            raise IgnoreRequest(f"{verdict.reason} through every proxy tried")
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        is_failure = isinstance(exception, self.connection_errors)
        endpoint = self._back(request.meta, report=not is_failure)
        if endpoint is None or not is_failure:
            return None
        reason = redact(f"{type(exception).__name__}: {exception}", self.secrets)
        self._bench(endpoint, Verdict("proxy_failure", reason))
        return await self._retry(request, endpoint, reason)

    def _back(self, meta: dict, report: bool = True) -> ProxyEndpoint | None:
        """The proxy an attempt went out through, now that it is back (None: not ours).
        With `report`, its in-flight count drops here; else the outcome report drops it."""
        if not meta.pop(OUT, False):
            return None
        endpoint = self.endpoints.get(meta.get(ASSIGNED))
        if endpoint is not None and report:
            self.pool.report_done(endpoint)
            self._notify()
        return endpoint

    async def _pool_changed(self, timeout_s: float) -> None:
        """Until a proxy comes back from the bench (`timeout_s`) or a request comes back."""
        changed = self.changed
        timeout = max(timeout_s, MIN_WAIT_S) if timeout_s > 0 else MAX_WAIT_S
        try:
            await asyncio.wait_for(changed.wait(), timeout)
        except TimeoutError:
            pass

    def _notify(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()

    def _bench(self, endpoint: ProxyEndpoint, verdict: Verdict) -> None:
        if verdict.outcome == "ban":
            seconds = self.pool.report_ban(endpoint)
            self.stats.inc_value("trawl/proxy/total_bans")
        else:
            seconds = self.pool.report_failure(endpoint)
            self.stats.inc_value("trawl/proxy/total_failures")
        self._publish(endpoint)
        logger.info("Proxy %s benched for %.1fs: %s", endpoint.label, seconds, verdict.reason)

    async def _retry(
        self, request: Request, endpoint: ProxyEndpoint, reason: str, throttled: bool = False
    ) -> Request | None:
        """A copy of `request` to go through another proxy, or None once retries are spent.

        A browser page this attempt opened (`playwright_include_page` keeps it open even when
        the download fails) is closed, and left out of the copy: scrapy-playwright would
        reuse it, and with it the context, and so the proxy, that just failed."""
        key, limit = (
            (THROTTLED_RETRIES, self.config.max_throttled_retries)
            if throttled
            else (RETRIES, self.config.max_retries)
        )
        done = request.meta.get(key, 0)
        if done >= limit:
            self.stats.inc_value("trawl/proxy/gave_up")
            logger.error(
                "Gave up on %s after %d retries through other proxies; last: %s (%s)",
                request,
                done,
                reason,
                endpoint.label,
            )
            return None
        retry = request.copy()
        await close_attempt_page(retry)
        retry.meta[key] = done + 1
        retry.meta[TRIED] = [*request.meta.get(TRIED, ()), endpoint.label]
        retry.dont_filter = True
        self.stats.inc_value("trawl/proxy/retries")
        logger.debug("Retrying %s through another proxy: %s (%s)", request, reason, endpoint.label)
        return retry

    def _publish(self, endpoint: ProxyEndpoint) -> None:
        """Mirror a proxy's health into the stats, and wake requests waiting for a proxy."""
        self._notify()
        health = self.pool.health(endpoint)
        prefix = f"trawl/proxy/{endpoint.label}"
        for name in HEALTH_STATS:
            self.stats.set_value(f"{prefix}/{name}", getattr(health, name))
        self.stats.set_value(f"{prefix}/latency_ms", round(health.mean_latency_ms, 1))
