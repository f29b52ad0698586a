"""The sandbox web server: a thin aiohttp router over pages rendered once at start-up.

Every page lives in memory as bytes under its canonical key (see `sandbox.html.page_key`);
a request is one dict lookup, so one core serves thousands of requests a second. Unknown
URLs get a 404 page. The server listens on 127.0.0.1 unless told otherwise. With
`SandboxConfig(antibot=AntibotPolicy())` the pages sit behind the anti-bot gate
(rate limit, bans; see sandbox.antibot); with `SandboxConfig(hostile=HostilePolicy())` the
site turns hostile (errors, timeouts, broken pages, traps; see sandbox.hostile).

For tests and the demo:

    with running_sandbox(SandboxConfig(seed=7)) as base_url:
        ...  # base_url is e.g. "http://127.0.0.1:41234"
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from aiohttp import web

from sandbox.antibot import AntibotPolicy, antibot_middleware
from sandbox.hostile import HostilePolicy, hostile_middleware
from sandbox.html import Page, html_page, page_key
from sandbox.site import render_site, site_routes

NOT_FOUND = html_page("Not found", "<h1>Not found</h1><p>No page at this address.</p>")._replace(
    status=404
)


@dataclass(frozen=True)
class SandboxConfig:
    seed: int = 7
    businesses: int = 600
    products: int = 600
    host: str = "127.0.0.1"
    port: int = 0  # 0: any free port
    antibot: AntibotPolicy | None = None  # None: every client served (see sandbox.antibot)
    asset_delay: float = 0.1  # seconds before images, fonts, stylesheets (see sandbox.assets)
    drop_fields: tuple[str, ...] = ()  # left out of most pages (see sandbox.missing_fields)
    hostile: HostilePolicy | None = None  # None: no failures on purpose (see sandbox.hostile)


def build_app(
    pages: dict[str, Page],
    antibot: AntibotPolicy | None = None,
    routes: Sequence[web.RouteDef] = (),
    hostile: HostilePolicy | None = None,
) -> web.Application:
    """An aiohttp app serving `routes` (dynamic: search, assets) and `pages`, behind
    `antibot` when given, hostile when asked; HEAD works too."""
    headers = {
        content_type: {"Content-Type": f"{content_type}; charset=utf-8"}
        for content_type in {page.content_type for page in pages.values()}
        | {NOT_FOUND.content_type}
    }

    async def serve_page(request: web.Request) -> web.Response:
        page = pages.get(page_key(request.path, request.query), NOT_FOUND)
        return web.Response(body=page.body, status=page.status, headers=headers[page.content_type])

    middlewares = [antibot_middleware(antibot)] if antibot else []
    if hostile is not None:  # inside the anti-bot gate: hostile pages are gated too
        middlewares.append(hostile_middleware(hostile))
    app = web.Application(middlewares=middlewares)
    app.router.add_routes(routes)  # before the catch-all page route, which would shadow them
    app.router.add_get("/{path:.*}", serve_page)
    return app


async def serve(
    config: SandboxConfig, on_ready: Callable[[str], None], stop: asyncio.Event | None = None
) -> None:
    """Serve the sandbox until `stop` is set (or forever); `on_ready` gets the base URL."""
    app = build_app(
        render_site(config.seed, config.businesses, config.products, config.drop_fields),
        config.antibot,
        site_routes(config.seed, config.businesses, config.products, config.asset_delay),
        config.hostile,
    )
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, config.host, config.port)
        await site.start()
        host, port = runner.addresses[0][:2]
        on_ready(f"http://{host}:{port}")
        await (stop or asyncio.Event()).wait()
    finally:
        await runner.cleanup()


@contextmanager
def running_sandbox(config: SandboxConfig = SandboxConfig()) -> Iterator[str]:
    """Run the sandbox in a background thread with its own event loop; yield its base URL."""
    # render here, so that errors surface here
    render_site(config.seed, config.businesses, config.products, config.drop_fields)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    state: dict = {}

    def on_ready(url: str) -> None:
        state["url"] = url
        ready.set()

    async def main() -> None:
        state["stop"] = asyncio.Event()
        await serve(config, on_ready, state["stop"])

    def run() -> None:
        try:
            loop.run_until_complete(main())
        except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
            state["error"] = error
        finally:
            ready.set()
            loop.close()

    thread = threading.Thread(target=run, name="sandbox-server", daemon=True)
    thread.start()
    ready.wait()
    if "error" in state:
        thread.join()
        raise RuntimeError(
            f"the sandbox could not listen on {config.host}:{config.port}: {state['error']}; "
            "choose another port (port=0 picks a free one)"
        ) from state["error"]
    try:
        yield state["url"]
    finally:
        loop.call_soon_threadsafe(state["stop"].set)
        thread.join(timeout=10)
