"""The Scrapy settings a crawl asset's run config may set, checked before the crawl starts.

Anyone who can launch a run in the Dagster UI can pass Scrapy settings to a crawl
(`CrawlConfig.settings`, handed to `scrapy crawl -s NAME=value`). So:
- settings that name files (LOG_FILE, FEEDS, FEED_URI, JOBDIR, HTTPCACHE_DIR, FILES_STORE,
  IMAGES_STORE, PROXY_FILE, TRAWL_WRITER_SPILL_DIR, ...) may only name local paths inside
  the data directory (TRAWL_DATA_DIR), a relative path being read from the directory the
  crawl runs in, as Scrapy reads it: `..`, absolute paths elsewhere, symlinks that lead out
  and URIs to other places (s3://, ftp://) are refused;
- settings that choose which code runs (ITEM_PIPELINES, EXTENSIONS, *_MIDDLEWARES,
  DOWNLOAD_HANDLERS, SCHEDULER, TWISTED_REACTOR, anything ending in _CLASS, ...) are
  refused: deploy such changes in spiders/settings.py, where they are reviewed;
- every other setting passes (DOWNLOAD_DELAY, CLOSESPIDER_PAGECOUNT, ...).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

PATH_SETTINGS = frozenset({
    "LOG_FILE", "JOBDIR", "HTTPCACHE_DIR", "FILES_STORE", "IMAGES_STORE", "FEED_URI",
    "FEED_TEMPDIR", "PROXY_FILE", "TRAWL_WRITER_SPILL_DIR", "MEMDEBUG_NOTIFY",
})  # fmt: skip
FEED_SETTINGS = frozenset({"FEEDS"})  # a dict whose keys are URIs
CODE_SETTINGS = frozenset({
    "ITEM_PIPELINES", "ITEM_PIPELINES_BASE", "EXTENSIONS", "EXTENSIONS_BASE",
    "DOWNLOADER_MIDDLEWARES", "DOWNLOADER_MIDDLEWARES_BASE", "SPIDER_MIDDLEWARES",
    "SPIDER_MIDDLEWARES_BASE", "DOWNLOAD_HANDLERS", "DOWNLOAD_HANDLERS_BASE", "SCHEDULER",
    "TWISTED_REACTOR", "SPIDER_MODULES", "NEWSPIDER_MODULE", "SPIDER_LOADER_CLASS",
    "FEED_STORAGES", "FEED_EXPORTERS", "ADDONS", "ASYNCIO_EVENT_LOOP", "COMMANDS_MODULE",
    "PLAYWRIGHT_BROWSER_PROVIDER", "PLAYWRIGHT_LAUNCH_OPTIONS", "PLAYWRIGHT_CONTEXTS",
    "SCHEDULER_DISK_QUEUE", "SCHEDULER_MEMORY_QUEUE", "SCHEDULER_PRIORITY_QUEUE",
    "SCHEDULER_START_DISK_QUEUE", "SCHEDULER_START_MEMORY_QUEUE", "DOWNLOADER",
    "DNS_RESOLVER", "LOG_FORMATTER", "SPIDER_CONTRACTS", "SPIDER_CONTRACTS_BASE", "EDITOR",
})  # fmt: skip
CODE_SUFFIXES = ("_CLASS", "_MODULE", "_MODULES", "_PROCESSOR", "_STORAGES")


class UnsafeCrawlSetting(ValueError):
    """A run config asked for a setting it may not set; the message says which and why."""


def check_crawl_settings(settings: Mapping[str, str], data_dir: Path, cwd: Path) -> None:
    """Raise UnsafeCrawlSetting for the first setting of `settings` a run config may not set
    (`cwd`: where the crawl runs, against which Scrapy reads relative paths)."""
    for name, value in settings.items():
        key = name.strip().upper()
        if key in CODE_SETTINGS or key.endswith(CODE_SUFFIXES):
            raise UnsafeCrawlSetting(
                f"setting {name} chooses which code the crawl runs; a run config may not set "
                "it (change spiders/settings.py instead)"
            )
        if key in PATH_SETTINGS:
            _check_path(name, str(value), data_dir, cwd)
        elif key in FEED_SETTINGS:
            for uri in _feed_uris(name, value):
                _check_path(name, uri, data_dir, cwd)


def _feed_uris(name: str, value) -> list[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise UnsafeCrawlSetting(f"setting {name} must be a JSON object of feeds") from None
    if not isinstance(value, Mapping):
        raise UnsafeCrawlSetting(f"setting {name} must be a JSON object of feeds")
    return [str(uri) for uri in value]


def _check_path(name: str, value: str, data_dir: Path, cwd: Path) -> None:
    parts = urlsplit(value)
    if parts.scheme and len(parts.scheme) > 1:  # a drive letter is not a scheme
        if parts.scheme != "file":
            raise UnsafeCrawlSetting(
                f"setting {name}={value!r} sends data to {parts.scheme}://; a run config may "
                f"only write under the data directory {data_dir}"
            )
        value = unquote(parts.path)
    root = data_dir.resolve()
    resolved = (cwd / value).resolve()  # an absolute value stays itself; `..`, symlinks followed
    if resolved != root and root not in resolved.parents:
        raise UnsafeCrawlSetting(
            f"setting {name}={value!r} points outside the data directory {root} "
            f"(to {resolved}); a run config may only write under it"
        )
