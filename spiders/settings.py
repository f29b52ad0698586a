"""Scrapy settings for trawl: the one settings module, environment -> settings.

Environment:
- TRAWL_SANDBOX_URL: the sandbox's base URL (default "http://127.0.0.1:8700"), read as the
  SANDBOX_URL setting by the sandbox spiders (directory, marketplace).

Override anything per crawl with `-s NAME=value`, e.g. `-s ITEM_PIPELINES={}` to crawl
without the database.
"""

from __future__ import annotations

import os

BOT_NAME = "trawl"
SPIDER_MODULES = ["spiders.spiders"]
NEWSPIDER_MODULE = "spiders.spiders"
USER_AGENT = "trawl/0.1 (+local crawler)"

SANDBOX_URL = os.environ.get("TRAWL_SANDBOX_URL", "http://127.0.0.1:8700").rstrip("/")

ITEM_PIPELINES = {
    "pipelines.validation.ValidationPipeline": 100,
    "pipelines.normalization.NormalizationPipeline": 200,
    "pipelines.writer.PostgresWriterPipeline": 300,
}

ROBOTSTXT_OBEY = True

# The sandbox is one local host: Scrapy's default cap of 8 requests per domain would
# throttle the whole crawl, so the per-domain cap matches the global one.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 32
DOWNLOAD_DELAY = 0
# With the asyncio reactor Scrapy starts CONCURRENT_ITEMS worker tasks for every callback's
# output (scrapy/scrapy#5182); at the default 100 that task churn cost a third of the crawl's
# CPU here. Our callbacks yield at most ~25 items/requests per response.
CONCURRENT_ITEMS = 16

# Scrapy 2.19's remote-control extension starts an HTTP server that runs code sent to it and
# writes job files under ~/.local/state/scrapy; a crawler needs neither, nor the telnet console.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.remote_control.RemoteControl": None,
    "scrapy.extensions.telnet.TelnetConsole": None,
    # progress lines, and the crawl's figures to Dagster when a crawl asset launched it
    "spiders.extensions.crawl_report.CrawlReportExtension": 500,
}

LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
