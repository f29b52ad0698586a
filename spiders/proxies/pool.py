"""The proxy pool: which proxy fetches the next request, and what each proxy has earned.

Pure: no Scrapy, no network. Time comes from an injectable clock, chance from an injectable
random source, so every rule below is testable on its own.

- `choose()` picks among the proxies that are not benched and have fewer than
  `max_in_flight` requests out (a proxy hammered by the whole crawl at once is one the
  site bans), at random, weighted by health:
  a proxy's weight is its success ratio (successes + 1) / (outcomes + 2) times its speed
  `reference / (reference + latency)`, latency being a moving average of its responses.
  Proxies a request already tried are avoided while others are available. With a `session`
  key the choice is sticky: the session keeps its proxy until that proxy is benched.
- `report_ban()` and `report_failure()` bench a proxy with exponential backoff: the n-th bad
  outcome in a row benches it for `backoff_base_s * 2**(n-1)`, at most `backoff_max_s`.
  Bad outcomes that arrive while it is benched (requests sent before) count, but do not
  lengthen the bench: they are the same incident.
- `report_throttled()` benches it for as long as the site asked (Retry-After), with no
  backoff and no mark against its health: the site said when, not that the proxy is bad.
- A benched proxy is revived when its time is up: it is chosen again, on probation; a
  success clears its record of bad outcomes, another bad outcome benches it twice as long.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from spiders.proxies.endpoints import ProxyEndpoint

LATENCY_SMOOTHING = 0.3  # weight of the newest response in the moving average


@dataclass
class ProxyHealth:
    """What one proxy has done in this crawl."""

    requests: int = 0
    in_flight: int = 0
    successes: int = 0
    bans: int = 0
    failures: int = 0
    throttled: int = 0
    benched: int = 0  # times benched for bans and failures
    revived: int = 0  # times it came back from such a bench
    bad_in_a_row: int = 0
    benched_until: float = 0.0
    on_bench: bool = False  # benched for bans or failures, not yet revived
    latency_total_s: float = 0.0
    latency_average_s: float | None = None  # moving average

    @property
    def mean_latency_ms(self) -> float:
        return 1000 * self.latency_total_s / self.successes if self.successes else 0.0


class ProxyPool:
    def __init__(
        self,
        endpoints: Sequence[ProxyEndpoint],
        *,
        backoff_base_s: float = 1.0,
        backoff_max_s: float = 120.0,
        max_in_flight: int | None = None,
        latency_reference_s: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ):
        if not endpoints:
            raise ValueError("a proxy pool needs at least one proxy")
        self.endpoints = tuple(endpoints)
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.max_in_flight = max_in_flight
        self.latency_reference_s = latency_reference_s
        self.clock = clock
        self.rng = rng or random.Random()
        self._health = {endpoint.label: ProxyHealth() for endpoint in self.endpoints}
        self._sessions: dict[str, ProxyEndpoint] = {}

    def health(self, endpoint: ProxyEndpoint) -> ProxyHealth:
        return self._health[endpoint.label]

    def is_available(self, endpoint: ProxyEndpoint) -> bool:
        """Not benched; a proxy whose bench time is up is revived here."""
        health = self.health(endpoint)
        if self.clock() < health.benched_until:
            return False
        if health.on_bench:
            health.on_bench = False
            health.revived += 1
        return True

    def has_room(self, endpoint: ProxyEndpoint) -> bool:
        return self.max_in_flight is None or self.health(endpoint).in_flight < self.max_in_flight

    def available(self) -> list[ProxyEndpoint]:
        """The proxies a request may go through now: not benched, with room."""
        return [e for e in self.endpoints if self.is_available(e) and self.has_room(e)]

    def seconds_until_available(self, among: Collection[str] | None = None) -> float:
        """How long until some proxy (of `among`) is off the bench (0: one is available)."""
        now = self.clock()
        endpoints = [e for e in self.endpoints if among is None or e.label in among]
        return max(0.0, min(self.health(e).benched_until for e in endpoints) - now)

    def weight(self, endpoint: ProxyEndpoint) -> float:
        health = self.health(endpoint)
        outcomes = health.successes + health.bans + health.failures
        success_ratio = (health.successes + 1) / (outcomes + 2)
        latency = health.latency_average_s
        speed = (
            1.0
            if latency is None
            else self.latency_reference_s / (self.latency_reference_s + latency)
        )
        return max(success_ratio * speed, 1e-6)

    def choose(
        self,
        *,
        session: str | None = None,
        exclude: Collection[str] = (),
        among: Collection[str] | None = None,
    ) -> ProxyEndpoint | None:
        """The proxy for the next request, or None when every proxy is benched.

        `exclude` holds labels of proxies to avoid (those the request already tried); they
        are chosen only when no other proxy is available. `among`, when given, limits the
        choice to those labels (browser requests, when browser contexts are capped)."""
        available = self.available()
        if among is not None:
            available = [endpoint for endpoint in available if endpoint.label in among]
        if not available:
            return None
        if session is not None:
            kept = self._sessions.get(session)
            if kept is not None and kept in available and kept.label not in exclude:
                return kept
        candidates = [e for e in available if e.label not in exclude] or available
        chosen = self.rng.choices(candidates, weights=[self.weight(e) for e in candidates])[0]
        if session is not None:
            self._sessions[session] = chosen
        return chosen

    def report_sent(self, endpoint: ProxyEndpoint) -> None:
        health = self.health(endpoint)
        health.requests += 1
        health.in_flight += 1

    def report_done(self, endpoint: ProxyEndpoint) -> None:
        """A request sent through `endpoint` is back (each report_* below also says so)."""
        health = self.health(endpoint)
        health.in_flight = max(health.in_flight - 1, 0)

    def report_success(self, endpoint: ProxyEndpoint, latency_s: float | None = None) -> None:
        self.report_done(endpoint)
        health = self.health(endpoint)
        health.successes += 1
        health.bad_in_a_row = 0
        if latency_s is not None:
            health.latency_total_s += latency_s
            previous = health.latency_average_s
            health.latency_average_s = (
                latency_s
                if previous is None
                else LATENCY_SMOOTHING * latency_s + (1 - LATENCY_SMOOTHING) * previous
            )

    def report_ban(self, endpoint: ProxyEndpoint) -> float:
        """Count a ban and bench the proxy; returns the seconds it is benched for."""
        self.report_done(endpoint)
        self.health(endpoint).bans += 1
        return self._bench(endpoint)

    def report_failure(self, endpoint: ProxyEndpoint) -> float:
        """Count a failure (refused, timed out, reset) and bench; returns the seconds."""
        self.report_done(endpoint)
        self.health(endpoint).failures += 1
        return self._bench(endpoint)

    def report_throttled(self, endpoint: ProxyEndpoint, retry_after_s: float) -> float:
        """Rest the proxy for as long as the site asked; returns the seconds."""
        self.report_done(endpoint)
        health = self.health(endpoint)
        health.throttled += 1
        health.benched_until = max(health.benched_until, self.clock() + retry_after_s)
        return retry_after_s

    def backoff_s(self, bad_in_a_row: int) -> float:
        """How long the n-th bad outcome in a row benches a proxy."""
        return min(self.backoff_base_s * 2 ** max(bad_in_a_row - 1, 0), self.backoff_max_s)

    def _bench(self, endpoint: ProxyEndpoint) -> float:
        health, now = self.health(endpoint), self.clock()
        if health.on_bench and now < health.benched_until:
            # a request sent before the bench failing too: the same incident, no escalation
            return health.benched_until - now
        health.bad_in_a_row += 1
        seconds = self.backoff_s(health.bad_in_a_row)
        health.benched_until = max(health.benched_until, now + seconds)
        health.benched += 1
        health.on_bench = True
        return seconds
