"""Crawl monitors in the manner of Spidermon: pure judgements of a crawl's figures.

Each monitor takes the figures of one crawl run (and, where it compares, the previous run)
plus a threshold, and returns a `Verdict`: passed or not, a sentence a person can act on,
and the figures behind it. The Dagster asset checks in `orchestration/crawl_checks.py`
only fetch the figures and report the verdicts.

Thresholds (environment, read by `Thresholds.from_env`):
- TRAWL_CHECK_MAX_ITEM_DROP: largest accepted drop in items against the previous run (0.3)
- TRAWL_CHECK_MAX_ERROR_RATE: errors per page (0.05)
- TRAWL_CHECK_MAX_BAN_RATE: bans per proxied request (0.5)
- TRAWL_CHECK_MAX_REJECT_RATE: rejected items per item (0.05)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pipelines.crawl_runs import PLANNED_ENDS


@dataclass(frozen=True)
class Thresholds:
    max_item_drop: float = 0.3
    max_error_rate: float = 0.05
    max_ban_rate: float = 0.5
    max_reject_rate: float = 0.05

    @classmethod
    def from_env(cls) -> Thresholds:
        def share(name: str, default: float) -> float:
            raw = os.environ.get(name)
            if raw is None:
                return default
            try:
                value = float(raw)
            except ValueError:
                raise ValueError(
                    f"{name}={raw!r} is not a number; give a share such as 0.3"
                ) from None
            if not 0 <= value <= 1:
                raise ValueError(f"{name}={raw!r} is not a share between 0 and 1")
            return value

        return cls(
            max_item_drop=share("TRAWL_CHECK_MAX_ITEM_DROP", cls.max_item_drop),
            max_error_rate=share("TRAWL_CHECK_MAX_ERROR_RATE", cls.max_error_rate),
            max_ban_rate=share("TRAWL_CHECK_MAX_BAN_RATE", cls.max_ban_rate),
            max_reject_rate=share("TRAWL_CHECK_MAX_REJECT_RATE", cls.max_reject_rate),
        )


@dataclass(frozen=True)
class CrawlFigures:
    """What one crawl run did, from its `crawl_runs` row and Scrapy stats."""

    crawl_run_id: int
    spider: str
    finish_reason: str | None
    pages: int
    items_stored: int
    items_rejected: int
    errors: int
    proxied_requests: int = 0
    bans: int = 0
    coverage: Mapping[str, float] = field(default_factory=dict)  # field -> share non-empty

    @property
    def items(self) -> int:
        return self.items_stored + self.items_rejected


@dataclass(frozen=True)
class Verdict:
    passed: bool
    description: str
    metadata: dict[str, Any] = field(default_factory=dict)


def item_count(current: CrawlFigures, previous: CrawlFigures | None, max_drop: float) -> Verdict:
    """Items against the previous run: a drop beyond `max_drop` fails."""
    if current.items == 0:
        return Verdict(False, "the crawl produced no items", {"items": 0})
    if previous is None or previous.items == 0:
        return Verdict(
            True, f"{current.items} items (no earlier run to compare)", {"items": current.items}
        )
    change = (current.items - previous.items) / previous.items
    metadata = {
        "items": current.items,
        "previous_items": previous.items,
        "change": round(change, 4),
    }
    if -change > max_drop:
        return Verdict(
            False,
            f"{current.items} items, {-change:.0%} fewer than run {previous.crawl_run_id} "
            f"({previous.items}); more than the {max_drop:.0%} accepted "
            "(TRAWL_CHECK_MAX_ITEM_DROP)",
            metadata,
        )
    return Verdict(
        True, f"{current.items} items ({change:+.0%} against the previous run)", metadata
    )


def error_rate(current: CrawlFigures, max_rate: float) -> Verdict:
    rate = current.errors / max(current.pages, 1)
    metadata = {"errors": current.errors, "pages": current.pages, "error_rate": round(rate, 4)}
    if rate > max_rate:
        return Verdict(False, f"{rate:.1%} errors per page, above {max_rate:.0%}", metadata)
    return Verdict(True, f"{rate:.1%} errors per page", metadata)


def ban_rate(current: CrawlFigures, max_rate: float) -> Verdict:
    if current.proxied_requests == 0:
        return Verdict(True, "no proxied requests", {"bans": current.bans})
    rate = current.bans / current.proxied_requests
    metadata = {"bans": current.bans, "proxied_requests": current.proxied_requests,
                "ban_rate": round(rate, 4)}  # fmt: skip
    if rate > max_rate:
        return Verdict(
            False, f"{rate:.1%} of proxied requests banned, above {max_rate:.0%}", metadata
        )
    return Verdict(True, f"{rate:.1%} of proxied requests banned", metadata)


def finish_reason(current: CrawlFigures) -> Verdict:
    reason = current.finish_reason
    if reason in PLANNED_ENDS:
        return Verdict(True, f"finished: {reason}", {"finish_reason": reason})
    return Verdict(
        False, f"the crawl ended with {reason!r}, not as planned", {"finish_reason": str(reason)}
    )


def reject_rate(current: CrawlFigures, max_rate: float) -> Verdict:
    rate = current.items_rejected / max(current.items, 1)
    metadata = {"items_rejected": current.items_rejected, "items": current.items,
                "reject_rate": round(rate, 4)}  # fmt: skip
    if rate > max_rate:
        return Verdict(
            False,
            f"{rate:.1%} of items rejected, above {max_rate:.0%}; see the rejects table",
            metadata,
        )
    return Verdict(True, f"{rate:.1%} of items rejected", metadata)


def field_coverage(current: CrawlFigures, minimums: Mapping[str, float]) -> Verdict:
    """Each field present on at least its minimum share of the run's items."""
    short = {
        name: (current.coverage.get(name, 0.0), minimum)
        for name, minimum in minimums.items()
        if current.coverage.get(name, 0.0) < minimum
    }
    metadata = {f"coverage_{name}": round(share, 4) for name, share in current.coverage.items()}
    if short:
        listed = ", ".join(
            f"{name} on {share:.0%} (needs {need:.0%})" for name, (share, need) in short.items()
        )
        return Verdict(False, f"fields missing too often: {listed}", metadata)
    return Verdict(True, "every field at or above its minimum coverage", metadata)
