"""ProxyRotationMiddleware in a real crawl: what only shows with Scrapy's own middlewares
around it (here, redirects), through a real proxy of the local fleet; and its refusal of a
browser context beyond PLAYWRIGHT_MAX_CONTEXTS, on its own."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from pipelines.database import PROJECT_ROOT
from sandbox.proxies import ProxyFleet, running_fleet
from spiders.proxies.middleware import ProxyRotationMiddleware

SCRAPY = Path(sys.executable).parent / "scrapy"
PAGES = 30


class RedirectingSite(BaseHTTPRequestHandler):
    """/ links to /r/<n>, each of which redirects to /p/<n>."""

    def do_GET(self):
        if self.path.startswith("/r/"):
            self.send_response(302)
            self.send_header("Location", "/p/" + self.path.removeprefix("/r/"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/":
            body = "".join(f'<a href="/r/{n}">{n}</a>' for n in range(PAGES))
        else:
            body = f"<h1>page {self.path}</h1>"
        data = f"<html><body>{body}</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), RedirectingSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_redirects_give_back_the_proxys_slot(site_url, tmp_path):
    """With one proxy and one request out at a time, a slot kept by a redirected request
    would stop the crawl at the first redirect."""
    with running_fleet(ProxyFleet(healthy=1, slow=0, dead=0, banned=0)) as (proxy,):
        env = {**os.environ, "PROXY_URLS": proxy}
        env.pop("PROXY_FILE", None)
        result = subprocess.run(
            [str(SCRAPY), "runspider", str(Path(__file__).parent / "redirect_probe.py"),
             "-O", str(tmp_path / "pages.jsonl"), "-s", "ITEM_PIPELINES={}",
             "-s", f"REDIRECT_PROBE_START_URL={site_url}/", "-s", "PROXY_MAX_IN_FLIGHT=1",
             "-s", "ROBOTSTXT_OBEY=False"],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180, check=False, env=env,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    ended_at = sorted(json.loads(line)["url"] for line in (tmp_path / "pages.jsonl").open())
    assert ended_at == sorted(f"{site_url}/p/{n}" for n in range(PAGES))
    assert "Proxy rotation on: 1 proxies" in result.stderr


def test_a_context_name_the_cap_leaves_no_room_for_is_dropped_naming_the_fix():
    """Two contexts of "search" fill PLAYWRIGHT_MAX_CONTEXTS=2; a page of "place" would need a
    third, on which scrapy-playwright would wait forever, so it is refused instead."""
    middleware = capped_middleware(proxies=2, max_contexts=2)

    async def route() -> None:
        for _ in range(2):
            await middleware.process_request(browser_page("search"))
        assert middleware.browser_contexts == {"search@proxy-0", "search@proxy-1"}
        with pytest.raises(IgnoreRequest, match=r"PLAYWRIGHT_MAX_CONTEXTS=2 .* 'place'; raise"):
            await middleware.process_request(browser_page("place"))

    asyncio.run(asyncio.wait_for(route(), timeout=10))  # a wait for a proxy fails it


def browser_page(context: str = "default") -> Request:
    return Request("http://127.0.0.1/", meta={"playwright": True, "playwright_context": context})


def capped_middleware(proxies: int, max_contexts: int) -> ProxyRotationMiddleware:
    """Proxies that take one request at a time, so that requests out together each open a
    context of their own."""
    settings = {
        "PROXY_URLS": ",".join(f"http://127.0.0.1:{9 + n}" for n in range(proxies)),
        "PROXY_MAX_IN_FLIGHT": 1,
        "PLAYWRIGHT_MAX_CONTEXTS": max_contexts,
    }
    return ProxyRotationMiddleware.from_crawler(get_crawler(settings_dict=settings))


async def send(middleware: ProxyRotationMiddleware, *contexts: str) -> None:
    """Requests of these contexts out together, then their responses back."""
    requests = [browser_page(context) for context in contexts]
    for request in requests:
        await middleware.process_request(request)
    for request in requests:
        middleware._back(request.meta)


def test_a_cap_that_leaves_no_proxy_out_says_nothing(caplog):
    middleware = capped_middleware(proxies=3, max_contexts=3)

    async def route() -> None:
        for _ in range(3):
            await send(middleware, "default", "default", "default")

    asyncio.run(asyncio.wait_for(route(), timeout=10))
    assert middleware.browser_contexts == {"proxy-0", "proxy-1", "proxy-2"}
    assert "PLAYWRIGHT_MAX_CONTEXTS" not in caplog.text


def test_a_cap_that_leaves_proxies_out_names_the_value_that_would_not(caplog):
    """Three contexts of "search" and one of "place" fill a cap of 4, so later pages of
    "place" go through one proxy of three."""
    middleware = capped_middleware(proxies=3, max_contexts=4)

    async def route() -> None:
        await send(middleware, "search", "search", "search")
        await send(middleware, "place")
        await send(middleware, "place")

    asyncio.run(asyncio.wait_for(route(), timeout=10))
    assert len(middleware.browser_contexts) == 4
    assert "playwright_context 'place' go through 1 of the 3 proxies only; raise it to 6" in (
        caplog.text
    )
