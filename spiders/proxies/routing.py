"""Sending one request through one proxy: the request meta keys that do it.

A plain request gets `meta["proxy"]` with the proxy's URL, credentials included; Scrapy's
HttpProxyMiddleware (after ours) turns them into a `Proxy-Authorization` header and strips
them from the meta.

A Playwright request (`meta["playwright"]`) ignores `meta["proxy"]`: its proxy is a setting
of its browser context. So each proxy gets a context of its own, named `proxy-<index>`
(`<spider's context>@proxy-<index>` when the spider named one), with
`playwright_context_kwargs["proxy"] = {"server", "username", "password"}`. The kwargs apply
only when scrapy-playwright first creates that context, which is why the name must change
with the proxy. `meta["proxy"]` stays unset for these: HttpProxyMiddleware would otherwise
put the credentials in a header that Chromium would send to the site.

Meta keys:
- proxy_session (set by a spider): requests with one key keep one proxy while it is healthy
- trawl_proxy: the label of the proxy this attempt goes through (set here)
- trawl_proxy_out: set while the attempt is out (so the proxy's in-flight count is right
  even when another middleware re-issues the request, as redirects do)
- trawl_proxy_tried: labels of proxies earlier attempts went through
- trawl_proxy_retries, trawl_proxy_throttled_retries: retries so far, by kind
"""

from __future__ import annotations

from typing import Any

from spiders.proxies.endpoints import ProxyEndpoint

SESSION = "proxy_session"
ASSIGNED = "trawl_proxy"
OUT = "trawl_proxy_out"
TRIED = "trawl_proxy_tried"
RETRIES = "trawl_proxy_retries"
THROTTLED_RETRIES = "trawl_proxy_throttled_retries"
SPIDER_CONTEXT = "trawl_spider_playwright_context"  # the context the spider asked for
DEFAULT_CONTEXT = "default"  # scrapy-playwright's name for a request that names none


def routed_by_spider(meta: dict[str, Any]) -> bool:
    """The spider chose the route itself (a proxy, or None for direct; or a browser page of
    its own, which goes through the proxy of that page's context): leave it be."""
    if ASSIGNED in meta:
        return False
    if "proxy" in meta or meta.get("playwright_page") is not None:
        return True
    return bool(meta.get("playwright")) and "proxy" in (meta.get("playwright_context_kwargs") or {})


def context_name(spider_context: str | None, endpoint: ProxyEndpoint) -> str:
    """The Playwright context for requests of `spider_context` through `endpoint`."""
    own = f"proxy-{endpoint.index}"
    return own if spider_context in (None, DEFAULT_CONTEXT) else f"{spider_context}@{own}"


def route_through(meta: dict[str, Any], endpoint: ProxyEndpoint) -> None:
    """Set `meta` so the request goes through `endpoint` (plain or Playwright)."""
    meta[ASSIGNED] = endpoint.label
    meta[OUT] = True
    if not meta.get("playwright"):
        meta["proxy"] = endpoint.url
        return
    if SPIDER_CONTEXT not in meta:
        meta[SPIDER_CONTEXT] = meta.get("playwright_context")
    meta["playwright_context"] = context_name(meta[SPIDER_CONTEXT], endpoint)
    kwargs = dict(meta.get("playwright_context_kwargs") or {})
    kwargs["proxy"] = endpoint.playwright_proxy()
    meta["playwright_context_kwargs"] = kwargs
