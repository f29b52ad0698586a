"""Business websites served by the sandbox: every request for another host goes to the sandbox.

The sandbox's business domains look real (acme.com), so a crawl of them must never reach
the internet. With TRAWL_SITES_VIA set to a sandbox URL, `SitesViaMiddleware` sends a
request for https://www.acme.com/contact?x=1 to <sandbox>/_sites/www.acme.com/contact?x=1
instead (robots.txt included), and gives the response back the URL asked for, so links,
items and logs of the spider keep the business's URL. Requests for the sandbox itself pass
unchanged. Unset (the default), the middleware is off and crawls reach the real sites.

It sits after RobotsTxtMiddleware (100), so robots.txt is read per business site (its
request comes through here as well). The sandbox's own request is a new Request (Scrapy
schedules it again), so no cached parse of the business URL can send it anywhere else.

Settings: TRAWL_SITES_VIA (environment TRAWL_SITES_VIA; default "": off).
Stats: trawl/sites_via/requests.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

SITES_PREFIX = "/_sites/"
META_KEY = "trawl_site_url"  # the business URL a sandbox request stands for


def sandbox_url_for(url: str, via: str) -> str | None:
    """Where in the sandbox at `via` the page at `url` lives; None when `url` is the
    sandbox's own (or not http)."""
    parts, sandbox = urlsplit(url), urlsplit(via)
    if parts.scheme not in ("http", "https") or parts.netloc == sandbox.netloc:
        return None
    host = (parts.hostname or "").lower()
    path = f"{sandbox.path.rstrip('/')}{SITES_PREFIX}{host}{parts.path or '/'}"
    return urlunsplit((sandbox.scheme, sandbox.netloc, path, parts.query, ""))


class SitesViaMiddleware:
    """Downloader middleware: business URLs to the sandbox and back (module docstring)."""

    def __init__(self, via: str, crawler: Crawler):
        parts = urlsplit(via)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                f"TRAWL_SITES_VIA={via!r} is not a URL; set it to the sandbox's base URL, "
                "e.g. http://127.0.0.1:8700, or leave it empty to crawl the real sites"
            )
        self.via = via.rstrip("/")
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SitesViaMiddleware:
        via = (crawler.settings.get("TRAWL_SITES_VIA") or "").strip()
        if not via:
            # no message: Scrapy would warn about it in every crawl's log
            raise NotConfigured  # business sites are crawled as they are
        return cls(via, crawler)

    def process_request(self, request: Request) -> Request | None:
        # decided by the URL alone, never by meta a spider may have copied to a new request
        target = sandbox_url_for(request.url, self.via)
        if target is None:
            return None  # the sandbox's own request
        self.stats.inc_value("trawl/sites_via/requests")
        return request.replace(
            url=target, meta={**request.meta, META_KEY: request.url}, dont_filter=True
        )

    def process_response(self, request: Request, response: Response) -> Response:
        original = request.meta.get(META_KEY)
        if original is None or sandbox_url_for(original, self.via) != request.url:
            return response
        return response.replace(url=original)
