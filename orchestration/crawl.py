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

from orchestration.crawl_checks import (
    coverage_table,
    crawl_check_results,
    crawl_check_specs,
    sample_rows,
)
from orchestration.resources import ScrapyCrawler
from pipelines.database import database_url


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

    @property
    def table(self) -> str:
        """The raw table holding what the spider found."""
        return self.writes[0]


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
        check_specs=crawl_check_specs(crawl.asset_name),
    )
    def _crawl(
        context: AssetExecutionContext, config: CrawlConfig, crawler: ScrapyCrawler
    ) -> MaterializeResult:
        arguments = {**crawl.arguments, **config.arguments}
        reported = crawler.crawl(context, crawl.spider, arguments, config.settings)
        return with_checks(crawl, reported)

    return _crawl


def with_checks(crawl: Crawl, reported: MaterializeResult) -> MaterializeResult:
    """The crawl's own figures plus its checks, field coverage and a preview of its rows."""
    metadata = dict(reported.metadata or {})
    run_id = metadata.get("crawl_run_id")
    run_id = int(getattr(run_id, "value", run_id)) if run_id is not None else None
    url = database_url()
    checks = crawl_check_results(crawl.asset_name, url, run_id, crawl.table)
    coverage = next(c for c in checks if c.check_name == "field_coverage").metadata
    if run_id is not None:
        metadata["field_coverage"] = coverage_table(
            {key.removeprefix("coverage_"): value.value for key, value in coverage.items()}
        )
        metadata["preview"] = sample_rows(url, crawl.table, run_id)
    return MaterializeResult(metadata=metadata, check_results=checks)


crawl_assets = [crawl_asset(crawl) for crawl in CRAWLS]


def crawls_writing(table: str) -> list[str]:
    """Names of the crawl assets that append to a raw table."""
    return [crawl.asset_name for crawl in CRAWLS if table in crawl.writes]
