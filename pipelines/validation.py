"""ValidationPipeline: items that are not valid leads or products leave the flow, with a reason.

An invalid item is counted (`trawl/items_rejected`), logged, and dropped with `RejectedItem`;
the Postgres writer stores it in `rejects` when it runs. Valid items continue with their
numbers typed ("4.5" → 4.5). Items other than LeadItem, ProductItem and ContactItem pass untouched.

Settings: none.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler

from pipelines.rejects import REJECTED_STAT, RejectedItem
from pipelines.valid_items import InvalidItem, validate_item
from spiders.items import ContactItem, LeadItem, ProductItem

log = logging.getLogger(__name__)


class ValidationPipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls(crawler)

    # trawl's item processor runs this for many items back to back (pipelines/held_items.py);
    # Scrapy's own manager calls process_item
    def process_item_sync(self, item: Any) -> Any:
        if not isinstance(item, (LeadItem, ProductItem, ContactItem)):
            return item
        try:
            return validate_item(item)
        except InvalidItem as error:
            self.crawler.stats.inc_value(REJECTED_STAT)
            raise RejectedItem(str(error), item) from None

    async def process_item(self, item: Any) -> Any:
        return self.process_item_sync(item)
