"""Crawl assets: one per spider, each a `scrapy crawl` run in a subprocess through Pipes."""
# no `from __future__ import annotations` here: Dagster reads the config and resource
# types of asset functions at definition time.


from dataclasses import dataclass, field

from dagster import (
    AssetExecutionContext,
    AssetsDefinition,
    Backoff,
    Config,
    MaterializeResult,
    RetryPolicy,
    asset,
)

from orchestration.resources import ScrapyCrawler


@dataclass(frozen=True)
class Crawl:
    """A spider as Dagster sees it: what it writes, and how to describe it in the UI."""

    spider: str
    description: str
    writes: tuple[str, ...]  # raw tables the crawl appends to
    arguments: dict[str, str] = field(default_factory=dict)

    @property
    def asset_name(self) -> str:
        return f"{self.spider}_crawl"


CRAWLS = (
    Crawl(
        "directory",
        "Business listings crawled from the directory into lead_observations.",
        writes=("lead_observations", "crawl_runs", "rejects"),
    ),
    Crawl(
        "marketplace",
        "Product offers crawled from the marketplace into product_observations.",
        writes=("product_observations", "crawl_runs", "rejects"),
    ),
)


class CrawlConfig(Config):
    """Spider arguments (`-a name=value`) and Scrapy settings (`-s NAME=value`) for one run."""

    arguments: dict[str, str] = {}
    settings: dict[str, str] = {}


def crawl_asset(crawl: Crawl) -> AssetsDefinition:
    @asset(
        name=crawl.asset_name,
        group_name="crawl",
        description=crawl.description,
        kinds={"scrapy", "postgres"},
        retry_policy=RetryPolicy(max_retries=2, delay=30, backoff=Backoff.EXPONENTIAL),
        metadata={"spider": crawl.spider, "writes": ", ".join(crawl.writes)},
    )
    def _crawl(
        context: AssetExecutionContext, config: CrawlConfig, crawler: ScrapyCrawler
    ) -> MaterializeResult:
        arguments = {**crawl.arguments, **config.arguments}
        return crawler.crawl(context, crawl.spider, arguments, config.settings)

    return _crawl


crawl_assets = [crawl_asset(crawl) for crawl in CRAWLS]


def crawls_writing(table: str) -> list[str]:
    """Names of the crawl assets that append to a raw table."""
    return [crawl.asset_name for crawl in CRAWLS if table in crawl.writes]
