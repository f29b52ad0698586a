"""ItemProcessor (Scrapy's ITEM_PROCESSOR setting): Scrapy's item pipeline manager, with
less work between pages for each item.

- **Plain stages together.** The leading pipelines that offer `process_item_sync` (a
  function of the item that never waits: validation, normalization) run for many items
  back to back, each item waiting a moment for the others (pipelines/held_items.py); the
  items then go on through the other pipelines one by one.
- **A leaner walk.** For every pipeline and every item, Scrapy's own walk
  (`MiddlewareManager._process_chain`) builds the pipeline's dotted name for a warning it
  gives only when a Deferred comes back, and hands the result to `ensure_awaitable`, which
  tests a plain value against `collections.abc.Awaitable` and wraps it in a coroutine of its
  own. This walk awaits a coroutine as it comes, takes a plain value as it is, and names the
  pipeline only to warn of a Deferred, as Scrapy does.

The same items, drops and errors as Scrapy's manager gives (bench/pipeline.py measures the
difference). Opening and closing the pipelines are Scrapy's, and so is the walk when a
Scrapy release no longer keeps what this one reads (which pipelines take a spider).

Settings: TRAWL_ITEMS_HELD (default 16: how many items at most wait to go through the plain
stages together; 1 lets each item through alone). spiders/settings.py sets ITEM_PROCESSOR.
Stats: trawl/items_held/releases (how many times waiting items went through together).
"""

from __future__ import annotations

import inspect
import types
import warnings
from collections.abc import Callable, Iterable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.pipelines import ItemPipelineManager
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.python import global_object_name
from twisted.internet.defer import Deferred

from pipelines.held_items import MOST, HeldItems

RELEASES_STAT = "trawl/items_held/releases"


class ItemProcessor(ItemPipelineManager):
    def __init__(self, *pipelines: Any, crawler: Crawler | None = None):
        super().__init__(*pipelines, crawler=crawler)
        most = items_held(crawler.settings) if crawler else MOST
        stages = plain_stages(pipelines) if most > 1 else []
        self.held = HeldItems(stages, most=most) if stages else None
        # the pipelines after the plain stages (all of them when none are), each item alone
        self.one_by_one = list(self.methods["process_item"])[len(stages) :]

    async def process_item_async(self, item: Any) -> Any:
        with_spider = getattr(self, "_mw_methods_requiring_spider", None)
        if with_spider is None:  # a Scrapy whose manager changed inside: its own walk
            return await super().process_item_async(item)
        if self.held is not None:
            item = await self.held.through(item)
        for method in self.one_by_one:
            result = method(item, self._spider) if method in with_spider else method(item)
            if type(result) is types.CoroutineType:
                item = await result
            elif isinstance(result, Deferred):
                warnings.warn(
                    f"{global_object_name(method)} returned a Deferred, this is deprecated."
                    " Please refactor this function to return a coroutine.",
                    ScrapyDeprecationWarning,
                    stacklevel=2,
                )
                item = await maybe_deferred_to_future(result)
            elif inspect.isawaitable(result):
                item = await result
            else:
                item = result
        return item

    async def close_spider_async(self) -> None:
        if self.held is not None:
            self.held.release()  # none should wait by now: the crawl ends when items are done
            if self.crawler is not None:
                self.crawler.stats.set_value(RELEASES_STAT, self.held.releases)
        await super().close_spider_async()


def plain_stages(pipelines: Iterable[Any]) -> list[Callable[[Any], Any]]:
    """The `process_item_sync` of the leading pipelines that offer one (pipelines without
    process_item, which see no items, are passed over)."""
    stages = []
    for pipeline in pipelines:
        if not hasattr(pipeline, "process_item"):
            continue
        stage = getattr(pipeline, "process_item_sync", None)
        if stage is None:
            break
        stages.append(stage)
    return stages


def items_held(settings: BaseSettings) -> int:
    """TRAWL_ITEMS_HELD, a whole number of items (0 or 1: none held)."""
    value = settings.get("TRAWL_ITEMS_HELD", MOST)
    try:
        most = int(value)
    except (TypeError, ValueError):
        most = None
    if most is None or most < 0:
        raise ValueError(
            f"TRAWL_ITEMS_HELD must be a whole number of items, got {value!r}: how many items at "
            f"most wait to go through validation and normalization together ({MOST} by "
            "default; 1 lets each item through alone)"
        )
    return most
