"""Facts about a crawl run that the writer records: its arguments and how it ended."""

from __future__ import annotations

from typing import Any

from pipelines.jsonsafe import json_safe

# finish reasons of a crawl that ended as planned: the spider ran out of work, or reached
# a limit it was given (CLOSESPIDER_ITEMCOUNT, _PAGECOUNT, _TIMEOUT)
PLANNED_ENDS = ("finished", "closespider_itemcount", "closespider_pagecount",
                "closespider_timeout", "closespider_timeout_no_item")  # fmt: skip

# attributes Scrapy sets on every spider: not arguments
_SPIDER_ATTRIBUTES = frozenset({"name", "crawler", "settings", "start_urls", "custom_settings"})


def run_status(finish_reason: str | None, rows_lost: int = 0) -> str:
    """ "finished" for a crawl that ended as planned and stored everything it was given,
    "cancelled" when it was shut down (Ctrl-C, SIGTERM), "failed" otherwise."""
    if finish_reason == "shutdown":
        return "cancelled"
    if finish_reason in PLANNED_ENDS and rows_lost == 0:
        return "finished"
    return "failed"


def spider_arguments(spider: Any) -> dict[str, Any]:
    """The arguments a spider was started with (`scrapy crawl x -a k=v`).

    A spider that validates its arguments into `spider.arguments` (a pydantic model or a
    dict) is read from there; otherwise from the plain attributes Scrapy set from `-a`.
    """
    arguments = getattr(spider, "arguments", None)
    if hasattr(arguments, "model_dump"):
        return json_safe(arguments.model_dump(mode="json"))
    if isinstance(arguments, dict):
        return json_safe(arguments)
    return {
        name: value
        for name, value in vars(spider).items()
        if not name.startswith("_")
        and name not in _SPIDER_ATTRIBUTES
        and isinstance(value, (str, int, float, bool, type(None)))
    }
