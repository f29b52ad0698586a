"""Rejected items: the exception that drops one from the Scrapy flow, and its `rejects` row.

An item is never dropped silently: the pipeline that rejects it raises `RejectedItem` with a
reason naming the field and what was wrong; Scrapy then drops it and sends `item_dropped`,
on which the Postgres writer stores it in `rejects` (with the item as JSON). A row the
database refuses is stored there too, with the row's values as JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scrapy.exceptions import DropItem

from pipelines.jsonsafe import NUL_REPLACEMENT, dumps
from spiders.items import ContactItem, LeadItem, ProductItem

REJECTED_STAT = "trawl/items_rejected"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class RejectedItem(DropItem):
    """An item trawl refuses to store; `reason` says which field and why."""

    def __init__(self, reason: str, item: Any = None):
        which = "" if item is None else f" {type(item).__name__} {getattr(item, 'source_id', '')!r}"
        super().__init__(f"rejected{which}: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class RejectRow:
    crawl_run_id: int | None
    item_type: str
    source: str | None
    source_id: str | None
    reason: str
    item_json: str  # the item, NULs and lone surrogates replaced so jsonb accepts it
    rejected_at: datetime

    COLUMNS = ("crawl_run_id", "item_type", "source", "source_id", "reason", "item",
               "rejected_at")  # fmt: skip

    def values(self) -> tuple[Any, ...]:
        return (self.crawl_run_id, self.item_type, self.source, self.source_id,
                self.reason, self.item_json, self.rejected_at)  # fmt: skip


def item_type(item: Any) -> str:
    """ "lead", "product", or the class name of anything else."""
    if isinstance(item, LeadItem):
        return "lead"
    if isinstance(item, ProductItem):
        return "product"
    if isinstance(item, ContactItem):
        return "contact"
    return type(item).__name__


def reject_row(item: Any, reason: str, crawl_run_id: int | None) -> RejectRow:
    """The `rejects` row for `item`, refused for `reason`."""
    return _reject(item_type(item), getattr(item, "source", None),
                   getattr(item, "source_id", None), item, reason, crawl_run_id)  # fmt: skip


def refused_row_reject(
    item_type: str, record: dict[str, Any], reason: str, crawl_run_id: int | None
) -> RejectRow:
    """The `rejects` row for an observation row the database refused, given as a record
    ({column: value}, see `pipelines.observations.row_record`)."""
    return _reject(item_type, record.get("source"), record.get("source_id"), record, reason,
                   crawl_run_id)  # fmt: skip


def _reject(
    kind: str, source: Any, source_id: Any, what: Any, reason: str, crawl_run_id: int | None
) -> RejectRow:
    return RejectRow(
        crawl_run_id=crawl_run_id,
        item_type=kind,
        source=_text(source),
        source_id=_text(source_id),
        reason=_text(reason),
        item_json=_storable(dumps(what, strip_nul=True)),
        rejected_at=datetime.now(UTC),
    )


def _text(value: Any) -> str | None:
    return None if value is None else _storable(str(value).replace("\x00", NUL_REPLACEMENT))


def _storable(text: str) -> str:
    """`text` with lone surrogates (which UTF-8 cannot encode) shown as U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)
