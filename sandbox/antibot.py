"""The sandbox's anti-bot: a per-client rate limit, and bans for clients that ignore it.

A client is who the request came from: the identity a trusted proxy stamps in the
`X-Trawl-Proxy-Id` header (the local proxy fleet, `sandbox.proxies`, does), else the peer
address (127.0.0.1 for a direct crawl). Per client and per window (fixed, starting at the
client's first request in it):

- up to `budget` requests are served;
- beyond that the answer is 429 with `Retry-After` (whole seconds to the window's end);
- a client that asks again for a page it was refused before that `Retry-After` has passed
  earns a strike (it ignores Retry-After: Scrapy's own retry does, at once); at
  `strikes_to_ban` strikes it is banned for `ban_s` seconds, however slow it is;
- a client that sends more than `ban_threshold` requests in one window (a flood) is
  banned likewise;
- identities starting with `burned_prefix` are always banned (a stand-in for the IP
  reputation lists real sites buy; the fleet's "banned" proxies carry such identities).

A ban is answered in `ban_style`: "403" (Forbidden), "captcha" (a 200 page asking for a
captcha, harder to notice), "empty" (a 200 with no body) or "mixed" (the three in turn).
`/_truth/` is exempt (it is for scoring, not crawling), and `/_antibot/clients.json` shows
what the gate saw per client: requests, served, throttled, banned responses, strikes,
bans, banned now.

    SandboxConfig(antibot=AntibotPolicy())      # or: trawl sandbox serve --antibot
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Literal, NamedTuple

from aiohttp import web

from sandbox.html import html_page

IDENTITY_HEADER = "X-Trawl-Proxy-Id"
MIXED_STYLES = ("403", "captcha", "empty")
BAN_STYLES = (*MIXED_STYLES, "mixed")
STATS_PATH = "/_antibot/clients.json"

CAPTCHA_PAGE = html_page(
    "Security check",
    """<h1>Are you a robot?</h1>
<p>Our systems have detected unusual traffic from your network.
Please complete the captcha below to continue.</p>
<form class="captcha" method="post" action="/_captcha"><input name="answer"> <button>Verify</button></form>""",
)


@dataclass(frozen=True)
class AntibotPolicy:
    budget: int = 20  # requests served per client per window
    window_s: float = 1.0
    ban_threshold: int = 40  # requests in one window (refused ones too) that earn a ban
    strikes_to_ban: int = 3  # pages asked for again before their Retry-After that earn one
    ban_s: float = 60.0
    ban_style: str = "mixed"
    burned_prefix: str = "burned-"
    identity_header: str = IDENTITY_HEADER
    exempt_prefixes: tuple[str, ...] = ("/_truth/", "/_antibot/")

    def __post_init__(self) -> None:
        if self.budget < 1 or self.window_s <= 0:
            raise ValueError(
                f"anti-bot budget {self.budget} per {self.window_s}s window is not a rate; "
                "use a budget of 1 or more and a window above 0 seconds"
            )
        if self.ban_threshold <= self.budget:
            raise ValueError(
                f"anti-bot ban_threshold {self.ban_threshold} must be above the budget "
                f"{self.budget}, or clients are banned before they are ever throttled"
            )
        if self.strikes_to_ban < 1:
            raise ValueError(f"anti-bot strikes_to_ban {self.strikes_to_ban} must be 1 or more")
        if self.ban_style not in BAN_STYLES:
            raise ValueError(
                f"anti-bot ban_style {self.ban_style!r} is unknown; use one of {BAN_STYLES}"
            )


class Verdict(NamedTuple):
    action: Literal["serve", "throttle", "ban"]
    retry_after_s: float = 0.0  # for "throttle": whole seconds, as Retry-After says
    style: str = ""  # how a ban is answered: "403", "captcha" or "empty"


@dataclass
class ClientRecord:
    window_start: float = 0.0
    in_window: int = 0
    banned_until: float = 0.0
    requests: int = 0
    served: int = 0
    throttled: int = 0
    banned_responses: int = 0
    strikes: int = 0  # pages asked for again before their Retry-After
    bans: int = 0  # times the client was banned (burned identities count once)
    refused: dict[str, float] = field(default_factory=dict)  # page -> its Retry-After, ends


class Gatekeeper:
    """Decides, request by request, whether a client is served, throttled or banned."""

    def __init__(self, policy: AntibotPolicy, clock: Callable[[], float] = time.monotonic):
        self.policy = policy
        self.clock = clock
        self.clients: dict[str, ClientRecord] = {}

    def admit(self, client: str, page: str = "/") -> Verdict:
        """The answer to `client` asking for `page` (a path with its query) now."""
        policy, now = self.policy, self.clock()
        record = self.clients.get(client)
        if record is None:
            record = self.clients[client] = ClientRecord(window_start=now)
            if client.startswith(policy.burned_prefix):
                record.bans, record.banned_until = 1, math.inf
        record.requests += 1
        if now < record.banned_until:
            return self._ban(record)
        if now - record.window_start >= policy.window_s:
            record.window_start, record.in_window = now, 0
            record.refused = {p: until for p, until in record.refused.items() if until > now}
        record.in_window += 1
        if now < record.refused.get(page, 0.0):
            record.strikes += 1
            if record.strikes >= policy.strikes_to_ban:
                return self._start_ban(record, now)
        if record.in_window > policy.ban_threshold:
            return self._start_ban(record, now)
        if record.in_window > policy.budget:
            record.throttled += 1
            retry_after = max(1, math.ceil(record.window_start + policy.window_s - now))
            record.refused[page] = now + retry_after
            return Verdict("throttle", retry_after)
        record.served += 1
        return Verdict("serve")

    def _start_ban(self, record: ClientRecord, now: float) -> Verdict:
        record.bans += 1
        record.banned_until = now + self.policy.ban_s
        record.strikes = 0
        return self._ban(record)

    def _ban(self, record: ClientRecord) -> Verdict:
        record.banned_responses += 1
        style = self.policy.ban_style
        if style == "mixed":  # each ban style in turn, so every client meets all three
            style = MIXED_STYLES[(record.banned_responses - 1) % len(MIXED_STYLES)]
        return Verdict("ban", style=style)

    def report(self) -> dict[str, dict]:
        """What the gate saw per client (served at /_antibot/clients.json)."""
        now = self.clock()
        report = {}
        for client, record in self.clients.items():
            figures = asdict(record)
            for private in ("window_start", "in_window", "banned_until", "refused"):
                figures.pop(private)
            figures["banned_now"] = now < record.banned_until
            report[client] = figures
        return report


def client_of(request: web.Request, policy: AntibotPolicy) -> str:
    """Who sent the request: the trusted proxy identity, else the peer address."""
    return request.headers.get(policy.identity_header) or request.remote or "unknown"


def ban_response(style: str) -> web.Response:
    if style == "403":
        return web.Response(status=403, text="Forbidden: your access to this site is blocked.\n")
    if style == "captcha":
        return web.Response(body=CAPTCHA_PAGE.body, content_type="text/html", charset="utf-8")
    return web.Response(body=b"", content_type="text/html")


def antibot_middleware(
    policy: AntibotPolicy, clock: Callable[[], float] = time.monotonic
) -> Callable:
    """An aiohttp middleware that puts `policy` in front of every non-exempt page."""
    gate = Gatekeeper(policy, clock)

    @web.middleware
    async def antibot(request: web.Request, handler):
        if request.path == STATS_PATH:
            return web.Response(text=json.dumps(gate.report()), content_type="application/json")
        if request.path.startswith(policy.exempt_prefixes):
            return await handler(request)
        verdict = gate.admit(client_of(request, policy), request.path_qs)
        if verdict.action == "throttle":
            return web.Response(
                status=429,
                text="Too many requests: slow down.\n",
                headers={"Retry-After": str(int(verdict.retry_after_s))},
            )
        if verdict.action == "ban":
            return ban_response(verdict.style)
        return await handler(request)

    return antibot
