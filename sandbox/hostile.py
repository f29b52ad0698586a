"""Hostile mode: the failures a real crawl meets, reachable from the sandbox's own links,
the same for the same seed.

With `SandboxConfig(hostile=HostilePolicy())` (`trawl sandbox serve --hostile`), an aiohttp
middleware in front of the pages adds:
- hostile pages, `/directory/biz/hostile-<kind>-<n>` and `/market/p/hostile-<kind>-<n>`
  (n = 1..copies), linked with the site's own link classes from the first page of every
  directory search and marketplace category; by kind:
  - `error`: a 500, every time;
  - `timeout`: no answer for `hang_s` seconds (or until the client gives up);
  - `truncated`: a page that stops inside its <head>;
  - `cut-off`: Content-Length promises the whole page, the connection closes half-way;
  - `latin1-label`: a valid page in UTF-8 declared ISO-8859-1; `utf8-label`: one in
    windows-1252 declared UTF-8 (both name "Café Müller" and parse when decoded right);
  - `huge`: a valid page padded to `huge_bytes` (5 MB);
  - `binary`: a PNG's bytes served as text/html;
  - `redirect`: a redirect chain that never ends (?hop=1, 2, 3, ...);
- flaky pages: one real detail page in `flaky_every` (by a hash of its path and the seed)
  answers its first request with a 503, and later ones normally;
- calendar traps: a listing page with no "next" link gets one to
  `/directory/calendar/2026/01` (or `/market/calendar/...`), whose months are empty and each
  links the next, forever.
Every other request is served as without hostile mode. `hostile_paths` and `is_flaky` say
what a crawl should meet, for tests.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

KINDS = ("error", "timeout", "truncated", "cut-off", "latin1-label", "utf8-label", "huge",
         "binary", "redirect")  # fmt: skip
SITES = {"directory": "/directory/biz/", "market": "/market/p/"}
LISTINGS = {"directory": "/directory/search", "market": "/market/c/"}
NAME = "Café Müller"
_HOSTILE = re.compile(r"^/(directory/biz|market/p)/hostile-([a-z0-9-]+)-(\d+)$")
_CALENDAR = re.compile(r"^/(directory|market)/calendar/(\d{4})/(\d{2})$")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


@dataclass(frozen=True)
class HostilePolicy:
    seed: int = 7
    copies: int = 2  # hostile pages of each kind, per site
    flaky_every: int = 10  # one real detail page in this many fails once with a 503
    hang_s: float = 600.0
    huge_bytes: int = 5 * 2**20


def hostile_paths(site: str, policy: HostilePolicy = HostilePolicy()) -> dict[str, str]:
    """Path -> kind of every hostile page of `site` ("directory" or "market")."""
    return {
        f"{SITES[site]}hostile-{kind}-{n}": kind
        for kind in KINDS
        for n in range(1, policy.copies + 1)
    }


def is_flaky(path: str, policy: HostilePolicy = HostilePolicy()) -> bool:
    """Whether the real page at `path` fails its first request."""
    if not path.startswith(tuple(SITES.values())) or _HOSTILE.match(path):
        return False
    digest = hashlib.sha256(f"{policy.seed}:{path}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % policy.flaky_every == 0


def hostile_middleware(policy: HostilePolicy) -> Callable:
    """The aiohttp middleware that makes the sandbox hostile (see the module docstring)."""
    failed_once: set[str] = set()

    @web.middleware
    async def hostile(request: web.Request, handler):
        if found := _HOSTILE.match(request.path):
            site = "directory" if found.group(1) == "directory/biz" else "market"
            return await hostile_page(request, site, found.group(2), policy)
        if found := _CALENDAR.match(request.path):
            return calendar_page(found.group(1), int(found.group(2)), int(found.group(3)))
        if is_flaky(request.path, policy) and request.path not in failed_once:
            failed_once.add(request.path)
            return web.Response(status=503, text="Service unavailable: try again.\n")
        response = await handler(request)
        site = _listing_site(request)
        if site is None or response.status != 200:
            return response
        return web.Response(
            body=with_hostile_links(response.body, site, request.query.get("page", "1"), policy),
            status=response.status,
            headers={"Content-Type": response.headers["Content-Type"]},
        )

    return hostile


def _listing_site(request: web.Request) -> str | None:
    for site, prefix in LISTINGS.items():
        if request.path.startswith(prefix):
            return site
    return None


def with_hostile_links(body: bytes, site: str, page: str, policy: HostilePolicy) -> bytes:
    """A listing page with links to the site's hostile pages (on page 1), and a "next" link
    to the calendar trap when it has none."""
    link_class = "biz-link" if site == "directory" else "product-link"
    extra = ""
    if page == "1":
        extra += "".join(
            f'<li><a class="{link_class}" href="{path}">More</a></li>'
            for path in hostile_paths(site, policy)
        )
        extra = f'<ul class="more">{extra}</ul>'
    if b'rel="next"' not in body:
        extra += f'<a rel="next" class="next" href="/{site}/calendar/2026/01">Next</a>'
    return body.replace(b"</main>", extra.encode() + b"</main>", 1)


def calendar_page(site: str, year: int, month: int) -> web.Response:
    """An empty month of an endless calendar, linking the next month."""
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    html = (
        f"<!DOCTYPE html><html><head><title>Events</title></head><body><main>"
        f"<h1>Events</h1><p>No events this month.</p>"
        f'<a rel="next" class="next" href="/{site}/calendar/{year}/{month:02d}">Next month</a>'
        f"</main></body></html>"
    )
    return web.Response(text=html, content_type="text/html")


async def hostile_page(request: web.Request, site: str, kind: str, policy: HostilePolicy):
    html = valid_page(site)
    if kind == "error":
        return web.Response(status=500, text="Internal server error\n")
    if kind == "timeout":
        await _hang(request, policy.hang_s)
        return web.Response(text=html, content_type="text/html")
    if kind == "truncated":
        return web.Response(text=html[: html.index("<title>")], content_type="text/html")
    if kind == "cut-off":
        return await _cut_off(request, html.encode())
    if kind == "latin1-label":
        return _labelled(html.encode("utf-8"), "iso-8859-1")
    if kind == "utf8-label":
        return _labelled(html.encode("cp1252"), "utf-8")
    if kind == "huge":
        padding = "<!-- " + "x" * policy.huge_bytes + " -->"
        return web.Response(text=html.replace("</body>", padding + "</body>"),
                            content_type="text/html")  # fmt: skip
    if kind == "binary":
        body = PNG + hashlib.sha256(request.path.encode()).digest() * 64
        return _labelled(body, "utf-8")
    if kind == "redirect":
        hop = int(request.query.get("hop", "0")) + 1
        raise web.HTTPFound(f"{request.path}?hop={hop}")
    return web.Response(status=404, text="No such hostile page\n")


def valid_page(site: str) -> str:
    """A page the site's spider reads: a LocalBusiness in JSON-LD, or a product page."""
    if site == "directory":
        business = {"@context": "https://schema.org", "@type": "LocalBusiness", "name": NAME,
                    "telephone": "(217) 555-0100", "address": {
                        "@type": "PostalAddress", "streetAddress": "1 Hauptstraße",
                        "addressLocality": "Springfield", "addressRegion": "IL",
                        "postalCode": "62701", "addressCountry": "US"}}  # fmt: skip
        data = json.dumps(business, ensure_ascii=False)
        head = f'<script type="application/ld+json">{data}</script>'
        main = f"<h1>{NAME}</h1><p>Kaffee · Kuchen · Frühstück</p>"
    else:
        head = ""
        main = (f'<h1 id="productTitle">{NAME} Espresso Cup</h1>'
                '<div class="price-block"><span class="price">$12.50</span></div>'
                '<div id="availability">In stock</div><p>Crème brûlée cups</p>')  # fmt: skip
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{NAME}</title>{head}"
            f"</head><body><main>{main}</main></body></html>")  # fmt: skip


def _labelled(body: bytes, charset: str) -> web.Response:
    return web.Response(body=body, headers={"Content-Type": f"text/html; charset={charset}"})


async def _hang(request: web.Request, seconds: float) -> None:
    """Wait `seconds`, or until the client hangs up (so that shutdown is not held up)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        transport = request.transport
        if transport is None or transport.is_closing():
            return
        await asyncio.sleep(0.2)


async def _cut_off(request: web.Request, body: bytes) -> web.StreamResponse:
    response = web.StreamResponse(
        headers={"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))}
    )
    await response.prepare(request)
    await response.write(body[: len(body) // 2])
    request.transport.close()  # the rest never comes
    return response
