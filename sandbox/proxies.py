"""The local proxy fleet: real HTTP forward proxies on 127.0.0.1, some of them bad on purpose.

Each proxy is a port of its own. Kinds:
- healthy: forwards absolute-URI requests (`GET http://host/path HTTP/1.1`, what Scrapy and
  Chromium send an HTTP proxy for http:// pages), stamping its identity `proxy-<port>` in
  the `X-Trawl-Proxy-Id` header, which the sandbox's anti-bot trusts (sandbox.antibot);
- slow: the same, `slow_delay_s` late on every request;
- dead: a port that refuses connections (bound, never listening, so nothing else takes it);
- banned: forwards with a burned identity, `burned-<port>`, which the anti-bot always bans
  (so these look bad only when the sandbox runs with anti-bot on).

With `auth="user:pass"` every proxy wants that Basic `Proxy-Authorization` and answers 407
otherwise; the URLs then carry `user:pass@`. CONNECT (https tunnels) is answered 501: the
sandbox is plain http. An upstream that cannot be reached is a 502.

    with running_fleet(ProxyFleet(healthy=6, slow=1, dead=2, banned=2)) as urls:
        ...  # urls[i] is a proxy of kind fleet.kinds()[i]

or `trawl sandbox proxies --healthy 6 --dead 2 --slow 1 --banned 2 [--auth user:pass]`.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import socket
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

import aiohttp
from aiohttp import web
from multidict import CIMultiDict

from sandbox.antibot import IDENTITY_HEADER

KINDS = ("healthy", "slow", "dead", "banned")
# hop-by-hop headers (RFC 9110 7.6.1) and those the forwarding itself recomputes
NOT_FORWARDED = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        IDENTITY_HEADER.lower(),
    }
)


@dataclass(frozen=True)
class ProxyFleet:
    healthy: int = 6
    slow: int = 1
    dead: int = 2
    banned: int = 2
    auth: str | None = None  # "user:pass": every proxy asks for it
    slow_delay_s: float = 0.25
    host: str = "127.0.0.1"

    def __post_init__(self) -> None:
        counts = {kind: getattr(self, kind) for kind in KINDS}
        if any(count < 0 for count in counts.values()) or not sum(counts.values()):
            raise ValueError(
                f"a proxy fleet of {counts} has no proxies; give at least one, none negative"
            )
        if self.auth is not None and (":" not in self.auth or self.auth.startswith(":")):
            raise ValueError("proxy fleet auth must be written user:password")

    def kinds(self) -> list[str]:
        """The kind of each proxy, in the order `running_fleet` yields their URLs."""
        return [kind for kind in KINDS for _ in range(getattr(self, kind))]

    def url(self, port: int) -> str:
        if self.auth is None:
            return f"http://{self.host}:{port}"
        user, password = self.auth.split(":", 1)
        return f"http://{quote(user, safe='')}:{quote(password, safe='')}@{self.host}:{port}"


def credentials_match(header: str | None, auth: str) -> bool:
    """Whether a `Proxy-Authorization` header carries Basic credentials `auth`."""
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        return base64.b64decode(encoded.strip(), validate=True).decode("latin-1") == auth
    except (binascii.Error, ValueError):
        return False


def forwarding_handler(
    fleet: ProxyFleet, kind: str, identity: Callable[[], str], session: aiohttp.ClientSession
) -> Callable:
    """The request handler of one proxy of `kind` (healthy, slow or banned)."""

    async def forward(request: web.BaseRequest) -> web.StreamResponse:
        if fleet.auth is not None and not credentials_match(
            request.headers.get("Proxy-Authorization"), fleet.auth
        ):
            return web.Response(
                status=407,
                headers={"Proxy-Authenticate": 'Basic realm="trawl proxy fleet"'},
                text="Proxy authentication required: send the fleet's user:password.\n",
            )
        if request.method == "CONNECT":
            return web.Response(status=501, text="CONNECT is not supported: http:// only.\n")
        if not request.raw_path.startswith("http://"):  # origin-form: meant for a server
            return web.Response(
                status=400,
                text="This is a forward proxy: send absolute URIs (GET http://host/path).\n",
            )
        if kind == "slow":
            await asyncio.sleep(fleet.slow_delay_s)
        headers = CIMultiDict(
            (name, value)
            for name, value in request.headers.items()
            if name.lower() not in NOT_FORWARDED
        )
        headers[IDENTITY_HEADER] = identity()
        body = await request.read()
        try:
            async with session.request(
                request.method,
                request.url,
                headers=headers,
                data=body or None,
                allow_redirects=False,
                auto_decompress=False,
            ) as upstream:
                payload = await upstream.read()
        except (TimeoutError, aiohttp.ClientError) as error:
            return web.Response(
                status=502, text=f"The proxy could not reach {request.url.host}: {error!r}\n"
            )
        answer = CIMultiDict(
            (name, value)
            for name, value in upstream.headers.items()
            if name.lower() not in NOT_FORWARDED
        )
        return web.Response(status=upstream.status, body=payload, headers=answer)

    return forward


@contextlib.asynccontextmanager
async def forwarding_proxy(fleet: ProxyFleet, kind: str) -> AsyncIterator[int]:
    """One listening proxy of `kind`; yields its port."""
    port_holder: dict[str, int] = {}
    prefix = "burned" if kind == "banned" else "proxy"
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:
        handler = forwarding_handler(
            fleet, kind, lambda: f"{prefix}-{port_holder['port']}", session
        )
        runner = web.ServerRunner(web.Server(handler, access_log=None))
        await runner.setup()
        try:
            site = web.TCPSite(runner, fleet.host, 0)
            await site.start()
            port_holder["port"] = runner.addresses[0][1]
            yield port_holder["port"]
        finally:
            await runner.cleanup()


async def serve_fleet(
    fleet: ProxyFleet, on_ready: Callable[[list[str]], None], stop: asyncio.Event | None = None
) -> None:
    """Run every proxy of `fleet` until `stop` is set (or forever); `on_ready` gets the URLs."""
    async with contextlib.AsyncExitStack() as stack:
        urls = []
        for kind in fleet.kinds():
            if kind == "dead":
                refusing = stack.enter_context(socket.socket())
                refusing.bind((fleet.host, 0))  # bound, never listening: connections refused
                port = refusing.getsockname()[1]
            else:
                port = await stack.enter_async_context(forwarding_proxy(fleet, kind))
            urls.append(fleet.url(port))
        on_ready(urls)
        await (stop or asyncio.Event()).wait()


@contextlib.contextmanager
def running_fleet(fleet: ProxyFleet = ProxyFleet()) -> Iterator[list[str]]:
    """Run the fleet in a background thread with its own event loop; yield the proxy URLs."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    state: dict = {}

    def on_ready(urls: list[str]) -> None:
        state["urls"] = urls
        ready.set()

    async def main() -> None:
        state["stop"] = asyncio.Event()
        await serve_fleet(fleet, on_ready, state["stop"])

    def run() -> None:
        try:
            loop.run_until_complete(main())
        except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
            state["error"] = error
        finally:
            ready.set()
            loop.close()

    thread = threading.Thread(target=run, name="proxy-fleet", daemon=True)
    thread.start()
    ready.wait()
    if "error" in state:
        thread.join()
        raise RuntimeError(
            f"the proxy fleet could not start on {fleet.host}: {state['error']}"
        ) from state["error"]
    try:
        yield state["urls"]
    finally:
        loop.call_soon_threadsafe(state["stop"].set)
        thread.join(timeout=10)
