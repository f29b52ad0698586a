"""ItemProcessor (Scrapy's ITEM_PROCESSOR setting): Scrapy's item pipeline manager, with a
leaner walk through the pipelines for each item.

For every pipeline and every item, Scrapy's own walk (`MiddlewareManager._process_chain`)
builds the pipeline's dotted name for a warning it gives only when a Deferred comes back,
and hands the result to `ensure_awaitable`, which tests a plain value against
`collections.abc.Awaitable` and wraps it in a coroutine of its own. This walk awaits a
coroutine as it comes, takes a plain value as it is, and names the pipeline only to warn of
a Deferred, as Scrapy does: the same items, drops and errors, for less work between pages
(bench/pipeline.py). Opening and closing the pipelines are Scrapy's, and so is the walk
when a Scrapy release no longer keeps what this one reads (which pipelines take a spider).

Settings: none (spiders/settings.py sets ITEM_PROCESSOR).
"""

from __future__ import annotations

import inspect
import types
import warnings
from typing import Any

from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.pipelines import ItemPipelineManager
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.python import global_object_name
from twisted.internet.defer import Deferred


class ItemProcessor(ItemPipelineManager):
    async def process_item_async(self, item: Any) -> Any:
        with_spider = getattr(self, "_mw_methods_requiring_spider", None)
        if with_spider is None:  # a Scrapy whose manager changed inside: its own walk
            return await super().process_item_async(item)
        for method in self.methods["process_item"]:
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
