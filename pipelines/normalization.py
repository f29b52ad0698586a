"""NormalizationPipeline: every lead and product field in one spelling (see
`pipelines.normalize.items`): phone E.164, price Decimal text + ISO currency, canonical URLs,
valid GTINs and emails, availability as InStock / OutOfStock / PreOrder / Unknown.

The item that leaves is still a LeadItem or ProductItem, so feed exports keep working; what
the page wrote for a rewritten field stays in `raw["as_written"]`. An item a normalizer fails
on (a bug, or input nobody foresaw) is not lost: it is dropped with `RejectedItem`, naming the
error, and the Postgres writer stores it in `rejects` (counted in `trawl/items_rejected`).

Settings: none.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from pipelines.normalize.items import normalize_item
from pipelines.rejects import REJECTED_STAT, RejectedItem


class NormalizationPipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizationPipeline:
        return cls(crawler)

    # trawl's item processor runs this for many items back to back (pipelines/held_items.py);
    # Scrapy's own manager calls process_item
    def process_item_sync(self, item: Any) -> Any:
        try:
            return normalize_item(item)
        except Exception as error:  # noqa: BLE001 - one normalizer's failure must not lose the item
            self.crawler.stats.inc_value(REJECTED_STAT)
            raise RejectedItem(f"could not be normalized: {error!r}", item) from None

    async def process_item(self, item: Any) -> Any:
        return self.process_item_sync(item)
