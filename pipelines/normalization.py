"""NormalizationPipeline: every lead and product field in one spelling (see
`pipelines.normalize.items`): phone E.164, price Decimal text + ISO currency, canonical URLs,
valid GTINs and emails, availability as InStock / OutOfStock / PreOrder / Unknown.

The item that leaves is still a LeadItem or ProductItem, so feed exports keep working; what
the page wrote for a rewritten field stays in `raw["as_written"]`.

Settings: none.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from pipelines.normalize.items import normalize_item


class NormalizationPipeline:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizationPipeline:
        return cls()

    def process_item(self, item: Any) -> Any:
        return normalize_item(item)
