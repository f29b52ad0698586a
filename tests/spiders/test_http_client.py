"""trawl's HTTP download handler (spiders.http_client) against a real local server: the
session opens inside the running loop, bodies are sent or not, and a slow page times out."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from scrapy import Request
from scrapy.exceptions import DownloadTimeoutError
from scrapy.utils.test import get_crawler

from spiders.http_client import HttpDownloadHandler


async def echo(request: web.Request) -> web.Response:
    body = await request.read()
    headers = {"X-Method": request.method, "X-Body-Length": str(len(body)),
               "X-Has-Content-Length": str("Content-Length" in request.headers)}  # fmt: skip
    return web.Response(body=b"<html>" + body + b"</html>", content_type="text/html",
                        headers=headers)  # fmt: skip


async def slow(request: web.Request) -> web.Response:
    await asyncio.sleep(1)
    return web.Response(text="late")


def test_downloads_through_aiohttp_opened_in_the_running_loop():
    async def scenario():
        app = web.Application()
        app.router.add_route("*", "/echo", echo)
        app.router.add_get("/slow", slow)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        # built outside any loop work, as Scrapy builds it: no session yet
        handler = HttpDownloadHandler(get_crawler())
        assert handler._client is None
        try:
            got = await handler.download_request(Request(f"{base}/echo"))
            assert got.status == 200 and got.body == b"<html></html>"
            assert got.headers[b"X-Method"] == b"GET"
            assert got.headers[b"X-Has-Content-Length"] == b"False"  # no empty payload sent
            posted = await handler.download_request(
                Request(f"{base}/echo", method="POST", body=b"q=1")
            )
            assert posted.body == b"<html>q=1</html>"
            assert posted.headers[b"X-Body-Length"] == b"3"
            with pytest.raises(DownloadTimeoutError):
                await handler.download_request(
                    Request(f"{base}/slow", meta={"download_timeout": 0.2})
                )
        finally:
            await handler.close()
            await runner.cleanup()
        assert handler._client is None

    asyncio.run(scenario())


def test_the_project_installs_it_for_http_and_https():
    from scrapy.utils.project import get_project_settings

    handlers = get_project_settings().getdict("DOWNLOAD_HANDLERS_BASE")
    assert handlers["http"] == handlers["https"] == "spiders.http_client.HttpDownloadHandler"
    assert handlers["file"].startswith("scrapy.")  # Scrapy's others kept
