"""Ban detection: what a response says about the proxy that fetched it.

`BanPolicy.judge(...)` reads a response's status, body and `Retry-After` and returns one of:
- "ok": a page; the proxy did its job;
- "throttled": the site asks us to slow down (429 by default); honour `Retry-After`;
- "ban": the site refuses this proxy: a ban status (403 by default), a captcha page (a
  marker such as "captcha" in a 2xx body, case-insensitive), or an empty 2xx body (HEAD
  requests and 204s excepted; for a rendered page, the empty document a browser shows);
- "proxy_failure": the proxy itself refused us (407: it wants other credentials).

Markers are plain phrases. A site whose ordinary pages embed a captcha widget (contact forms
with reCAPTCHA) needs PROXY_BAN_MARKERS narrowed, or every such page reads as a ban.
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Literal, NamedTuple

DEFAULT_BAN_STATUSES = (403,)
DEFAULT_THROTTLE_STATUSES = (429,)
DEFAULT_MARKERS = ("captcha", "are you a robot", "unusual traffic")
PROXY_AUTH_REQUIRED = 407
# what a browser shows for an empty response (page.content() of Chromium)
BROWSER_EMPTY_DOCUMENT = b"<html><head></head><body></body></html>"

Outcome = Literal["ok", "throttled", "ban", "proxy_failure"]


class Verdict(NamedTuple):
    outcome: Outcome
    reason: str = ""
    retry_after_s: float | None = None  # for "throttled": what the site asked, if it said


@dataclass(frozen=True)
class BanPolicy:
    ban_statuses: frozenset[int] = frozenset(DEFAULT_BAN_STATUSES)
    throttle_statuses: frozenset[int] = frozenset(DEFAULT_THROTTLE_STATUSES)
    markers: tuple[str, ...] = DEFAULT_MARKERS
    empty_body_is_ban: bool = True

    def __post_init__(self) -> None:
        overlap = self.ban_statuses & self.throttle_statuses
        if overlap:
            raise ValueError(
                f"status {sorted(overlap)} is both a ban and a throttle status; "
                "remove it from PROXY_BAN_STATUSES or PROXY_THROTTLE_STATUSES"
            )

    @functools.cached_property
    def _marker_pattern(self) -> re.Pattern[bytes] | None:
        pattern = b"|".join(re.escape(marker.encode()) for marker in self.markers if marker)
        return re.compile(pattern, re.IGNORECASE) if pattern else None

    def judge(
        self,
        status: int,
        body: bytes,
        retry_after: str | None = None,
        method: str = "GET",
        now: float | None = None,
    ) -> Verdict:
        """What a response with this status, body and Retry-After header value means."""
        if status == PROXY_AUTH_REQUIRED:
            return Verdict("proxy_failure", "the proxy wants other credentials (407)")
        if status in self.throttle_statuses:
            return Verdict(
                "throttled", f"throttled ({status})", retry_after_seconds(retry_after, now)
            )
        if status in self.ban_statuses:
            return Verdict("ban", f"ban status {status}")
        if 200 <= status < 300:
            found = self._marker_pattern.search(body) if self._marker_pattern else None
            if found:
                return Verdict("ban", f"ban marker {found.group().decode(errors='replace')!r}")
            if self.empty_body_is_ban and _empty(status, body, method):
                return Verdict("ban", "empty body")
        return Verdict("ok")


def _empty(status: int, body: bytes, method: str) -> bool:
    if method == "HEAD" or status == 204 or len(body) > len(BROWSER_EMPTY_DOCUMENT) + 64:
        return False
    return b"".join(body.split()).lower() in (b"", BROWSER_EMPTY_DOCUMENT)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """A `Retry-After` value (seconds, or an HTTP date) as seconds from `now` (epoch time)."""
    if not value:
        return None
    value = value.strip()
    if value.isdecimal():  # not isdigit: float('²') fails
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
