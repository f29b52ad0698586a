"""Crawl assets: one per spider, each a `scrapy crawl` run in a subprocess through Pipes.

Each crawl asset is partitioned by day and, where its spider takes one, by a scope argument
(see orchestration/partitions.py); `cron` is its schedule (see orchestration/schedules.py).
"""
# no `from __future__ import annotations` here: Dagster reads the config and resource
# types of asset functions at definition time.

from dataclasses import dataclass, field

from dagster import (
    AssetExecutionContext,
    AssetsDefinition,
    Backoff,
    Config,
    DagsterExecutionInterruptedError,
    Failure,
    MaterializeResult,
    MetadataValue,
    RetryPolicy,
    asset,
)

from orchestration.crawl_checks import (
    coverage_table,
    crawl_check_results,
    crawl_check_specs,
    sample_rows,
)
from orchestration.crawl_settings import UnsafeCrawlSetting, check_crawl_settings
from orchestration.links import run_url
from orchestration.partitions import Scope, crawl_arguments, crawl_partitions
from orchestration.resources import ScrapyCrawler
from pipelines.database import PROJECT_ROOT, data_dir, database_url
from sandbox.catalog import DEPARTMENT_BY_SLUG
from sandbox.places import CITY_BY_SLUG

INTERRUPTED = "the crawl was stopped (Ctrl-C, SIGTERM, or its run terminated)"
DAILY = "0 3 * * *"  # 03:00 UTC
HOURLY = "0 * * * *"
# after the day's crawls of leads, whose websites it reads from the raw store
AFTER_DAILY = "0 6 * * *"  # 06:00 UTC


@dataclass(frozen=True)
class Crawl:
    """A spider as Dagster sees it: what it writes, and how to describe it in the UI."""

    spider: str
    description: str
    writes: tuple[str, ...]  # raw tables the crawl appends to
    arguments: dict[str, str] = field(default_factory=dict)
    scope: Scope | None = None  # a spider argument its partitions split the site by
    cron: str = DAILY  # when its schedule runs, unless TRAWL_SCHEDULE_<SPIDER> says otherwise
    upstream: tuple[str, ...] = ()  # crawl assets whose rows the spider reads
    # the spider's business websites are the sandbox's: TRAWL_SITES_VIA=<sandbox URL>
    sites_via_sandbox: bool = False

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
        scope=Scope("city", tuple(CITY_BY_SLUG)),
    ),
    Crawl(
        "marketplace",
        "Product offers crawled from the marketplace into product_observations.",
        writes=("product_observations", "crawl_runs", "rejects"),
        scope=Scope("category", tuple(DEPARTMENT_BY_SLUG)),
        cron=HOURLY,  # price checks
    ),
    # searched by geo-grid, so a dense city is not cut off at the result cap: a partition's
    # city (`near=<city> grid=auto`) or every city (scope "all"), each from its whole area
    # split where a search hits the cap; a city under the cap is one search
    Crawl(
        "maps",
        "Places crawled from the maps app in Chromium, city by city on a geo-grid, into "
        "lead_observations.",
        writes=("lead_observations", "crawl_runs", "rejects"),
        arguments={"grid": "auto"},
        scope=Scope("near", tuple(CITY_BY_SLUG)),
    ),
    # the websites of the leads the crawls above stored; the leads' domains are the
    # sandbox's (they look real), so their sites are fetched from the sandbox
    Crawl(
        "contacts",
        "Emails, phones and social profiles from the leads' own websites into "
        "contact_observations.",
        writes=("contact_observations", "crawl_runs", "rejects"),
        upstream=("directory_crawl", "maps_crawl"),
        sites_via_sandbox=True,
        cron=AFTER_DAILY,
    ),
)


class CrawlConfig(Config):
    """Spider arguments (`-a name=value`) and Scrapy settings (`-s NAME=value`) for one run."""

    arguments: dict[str, str] = {}  # noqa: RUF012 - a pydantic model: each run gets a copy
    settings: dict[str, str] = {}  # noqa: RUF012
    # crawler processes sharing one Redis frontier and one crawl run (needs REDIS_URL)
    processes: int = 1


def crawl_asset(crawl: Crawl) -> AssetsDefinition:
    @asset(
        name=crawl.asset_name,
        group_name="crawl",
        description=crawl.description,
        kinds={"scrapy", "postgres"},
        retry_policy=RetryPolicy(max_retries=2, delay=30, backoff=Backoff.EXPONENTIAL),
        metadata={"spider": crawl.spider, "writes": ", ".join(crawl.writes)},
        check_specs=crawl_check_specs(crawl.asset_name),
        partitions_def=crawl_partitions(crawl),
        deps=list(crawl.upstream),
    )
    def _crawl(
        context: AssetExecutionContext, config: CrawlConfig, crawler: ScrapyCrawler
    ) -> MaterializeResult:
        try:  # a run config may not write outside the data directory, nor choose code
            check_crawl_settings(config.settings, data_dir(), PROJECT_ROOT)
        except UnsafeCrawlSetting as error:
            raise Failure(str(error), allow_retries=False) from None
        partition_key = context.partition_key if context.has_partition_key else None
        arguments = crawl_arguments(crawl, partition_key, config.arguments)
        settings = dict(config.settings)
        if crawl.sites_via_sandbox:
            settings.setdefault("TRAWL_SITES_VIA", crawler.sandbox_base_url())
        try:
            reported = crawler.crawl(
                context, crawl.spider, arguments, settings, processes=config.processes
            )
        except DagsterExecutionInterruptedError:
            # stopped from outside: not a failure to retry, which Dagster's in-process
            # executor would take it for under the retry policy (dagster-io/dagster#15026)
            raise Failure(
                INTERRUPTED, allow_retries=False, metadata={"interrupted": True}
            ) from None
        return with_checks(crawl, reported, run_url(context.run.run_id))

    return _crawl


def with_checks(
    crawl: Crawl, reported: MaterializeResult, dagster_run_url: str | None = None
) -> MaterializeResult:
    """The crawl's own figures plus its checks, field coverage, a preview of its rows, and
    the link from its `crawl_runs` id to the Dagster run."""
    metadata = dict(reported.metadata or {})
    if dagster_run_url:
        metadata["dagster_run"] = MetadataValue.url(dagster_run_url)
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
