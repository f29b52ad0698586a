"""OffsiteMiddleware: Scrapy's, with nothing to check for a spider that names no domains.

Scrapy's downloader OffsiteMiddleware checks every request twice (when it is scheduled,
through the request_scheduled signal, and again before it is downloaded): it parses the
URL and matches its host against a regular expression built from the spider's
`allowed_domains`, which for a spider without them matches every host. trawl's sandbox
spiders name no domains; the generic spiders do (their CrawlScope). For a spider without
`allowed_domains` (read on every request, as Scrapy does, so a spider may set them late)
this middleware lets every request through at once: Scrapy's check was about 2% of the
marketplace crawl's samples (py-spy, issue 9). With them, Scrapy's check runs unchanged.

spiders/settings.py installs it in place of Scrapy's (DOWNLOADER_MIDDLEWARES, 50).
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware as ScrapyOffsite


class OffsiteMiddleware(ScrapyOffsite):
    def process_request(self, request: Request) -> None:
        if not getattr(self.crawler.spider, "allowed_domains", None):
            return  # every host is on site
        super().process_request(request)
