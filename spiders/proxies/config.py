"""Proxy rotation's settings, read once into one typed object.

Settings (spiders/settings.py fills the first two from the environment variables of the
same names):
- PROXY_URLS: proxies as a list, or a string separated by commas or whitespace (default
  none). Each is `host:port`, `user:pass@host:port` or `http://user:pass@host:port`.
- PROXY_FILE: a file of proxies, one a line; `#` starts a comment (default none). Read
  together with PROXY_URLS; a proxy given twice is used once.
- PROXY_ENABLED: False sends every request direct even when proxies are given (default True)
- PROXY_MAX_IN_FLIGHT: requests out through one proxy at a time (default 8; 0: no cap).
  A proxy carrying the whole crawl's concurrency at once is one the site bans.
- PROXY_MAX_RETRIES: retries of a request after bans and failures (default 5)
- PROXY_MAX_THROTTLED_RETRIES: retries after 429s, counted apart (default 20): the site
  said when to come back, which is not a reason to give a page up
- PROXY_BACKOFF_BASE, PROXY_BACKOFF_MAX: the first bench and the longest, in seconds
  (defaults 1.0 and 120.0; each bad outcome in a row doubles the bench)
- PROXY_RETRY_AFTER_DEFAULT: seconds a proxy rests after a 429 without Retry-After (5.0)
- PROXY_BAN_STATUSES (default [403]), PROXY_THROTTLE_STATUSES (default [429]),
  PROXY_BAN_MARKERS (default ["captcha", "are you a robot", "unusual traffic"]),
  PROXY_BAN_EMPTY_BODY (default True): the ban policy, see spiders.proxies.bans

With no proxies (or PROXY_ENABLED off) `from_settings` raises NotConfigured: the middleware
switches itself off and the crawl runs direct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

from spiders.proxies.bans import (
    DEFAULT_BAN_STATUSES,
    DEFAULT_MARKERS,
    DEFAULT_THROTTLE_STATUSES,
    BanPolicy,
)
from spiders.proxies.endpoints import ProxyEndpoint, ProxyUrlError, parse_proxy_url


class ProxyConfigError(ValueError):
    """The proxy settings cannot be used; the message says which and how to fix it."""


@dataclass(frozen=True)
class ProxyConfig:
    endpoints: tuple[ProxyEndpoint, ...]
    max_in_flight: int | None = 8
    max_retries: int = 5
    max_throttled_retries: int = 20
    backoff_base_s: float = 1.0
    backoff_max_s: float = 120.0
    retry_after_default_s: float = 5.0
    ban_policy: BanPolicy = field(default_factory=BanPolicy)

    def __post_init__(self) -> None:
        if self.max_retries < 0 or self.max_throttled_retries < 0:
            raise ProxyConfigError(
                f"PROXY_MAX_RETRIES={self.max_retries} and PROXY_MAX_THROTTLED_RETRIES="
                f"{self.max_throttled_retries} must be 0 or more"
            )
        if self.max_in_flight is not None and self.max_in_flight < 1:
            raise ProxyConfigError(
                f"PROXY_MAX_IN_FLIGHT={self.max_in_flight} must be 1 or more (0: no cap)"
            )
        if not 0 < self.backoff_base_s <= self.backoff_max_s:
            raise ProxyConfigError(
                f"PROXY_BACKOFF_BASE={self.backoff_base_s} must be above 0 and at most "
                f"PROXY_BACKOFF_MAX={self.backoff_max_s}"
            )

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> ProxyConfig:
        if not settings.getbool("PROXY_ENABLED", True):
            raise NotConfigured("proxy rotation is off (PROXY_ENABLED=False)")
        written = proxy_list(settings.get("PROXY_URLS"))
        if settings.get("PROXY_FILE"):
            written += read_proxy_file(Path(settings["PROXY_FILE"]))
        endpoints = parse_proxies(written)
        if not endpoints:
            raise NotConfigured  # no proxies: the crawl goes direct, nothing to say
        try:
            policy = BanPolicy(
                ban_statuses=frozenset(
                    _statuses(settings, "PROXY_BAN_STATUSES", DEFAULT_BAN_STATUSES)
                ),
                throttle_statuses=frozenset(
                    _statuses(settings, "PROXY_THROTTLE_STATUSES", DEFAULT_THROTTLE_STATUSES)
                ),
                markers=tuple(settings.getlist("PROXY_BAN_MARKERS", list(DEFAULT_MARKERS))),
                empty_body_is_ban=settings.getbool("PROXY_BAN_EMPTY_BODY", True),
            )
        except ValueError as error:
            raise ProxyConfigError(str(error)) from None
        return cls(
            endpoints=endpoints,
            max_in_flight=settings.getint("PROXY_MAX_IN_FLIGHT", 8) or None,
            max_retries=settings.getint("PROXY_MAX_RETRIES", 5),
            max_throttled_retries=settings.getint("PROXY_MAX_THROTTLED_RETRIES", 20),
            backoff_base_s=settings.getfloat("PROXY_BACKOFF_BASE", 1.0),
            backoff_max_s=settings.getfloat("PROXY_BACKOFF_MAX", 120.0),
            retry_after_default_s=settings.getfloat("PROXY_RETRY_AFTER_DEFAULT", 5.0),
            ban_policy=policy,
        )


def proxy_list(value: str | list | tuple | None) -> list[str]:
    """PROXY_URLS as a list: a list as given, a string split on commas and whitespace."""
    if not value:
        return []
    items = re.split(r"[\s,]+", value) if isinstance(value, str) else [str(v) for v in value]
    return [item.strip() for item in items if item.strip()]


def read_proxy_file(path: Path) -> list[str]:
    """The proxies in a PROXY_FILE: one a line, blank lines and `#` comments skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProxyConfigError(
            f"PROXY_FILE={str(path)!r} cannot be read ({error.strerror}); point it at a file "
            "of proxies, one a line, or unset it"
        ) from None
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def parse_proxies(written: list[str]) -> tuple[ProxyEndpoint, ...]:
    """Endpoints for the proxies as written, numbered in order, each proxy once."""
    endpoints: list[ProxyEndpoint] = []
    seen: set[tuple] = set()
    for number, text in enumerate(written, 1):
        try:
            endpoint = parse_proxy_url(text, index=len(endpoints))
        except ProxyUrlError as error:
            raise ProxyConfigError(f"proxy #{number} in PROXY_URLS/PROXY_FILE: {error}") from None
        key = (endpoint.server, endpoint.username, endpoint.password)
        if key not in seen:
            seen.add(key)
            endpoints.append(endpoint)
    return tuple(endpoints)


def _statuses(settings: BaseSettings, name: str, default: tuple[int, ...]) -> list[int]:
    try:
        return [int(status) for status in settings.getlist(name, list(default))]
    except ValueError:
        raise ProxyConfigError(
            f"{name}={settings.get(name)!r} is not a list of HTTP status codes, e.g. 403,451"
        ) from None
