"""Resources the assets use, configured from the environment so the same code runs anywhere.

- `ScrapyCrawler` runs `scrapy crawl <spider>` in a subprocess through Dagster Pipes; the
  crawl reports progress and its figures back (spiders/extensions/crawl_report.py). Retries
  and re-executions resume the crawl run of the attempt they replace (`resume_key`).
- `Warehouse` names the raw store and the DuckDB file the warehouse assets build.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path

from dagster import (
    AssetExecutionContext,
    ConfigurableResource,
    MaterializeResult,
    PipesSubprocessClient,
    PreviewWarning,
)

from orchestration.scale_out import crawl_in_processes
from pipelines.database import PROJECT_ROOT, database_url
from warehouse import settings

# Dagster 1.13 warns that its own Pipes message handler reads a preview property, on every
# Pipes session, into each crawl step's stderr: nothing a user of trawl can act on. Other
# preview warnings still show.
warnings.filterwarnings(
    "ignore",
    message=r"Function `PipesMessageReader\.expected_writer_count`",
    category=PreviewWarning,
)


class ScrapyCrawler(ConfigurableResource):
    """Runs one spider in a subprocess with the project's settings, reporting through Pipes."""

    sandbox_url: str | None = None  # None: TRAWL_SANDBOX_URL or the settings default
    log_level: str = "INFO"
    progress_to_stderr: bool = False
    # the crawl's PROXY_URLS (spiders/proxies/); None: PROXY_URLS/PROXY_FILE from the
    # environment, if any. With credentials in them, pass EnvVar("PROXY_URLS"): Dagster then
    # records the variable's name, not its value.
    proxy_urls: str | None = None

    def sandbox_base_url(self) -> str:
        """The sandbox the crawls read: sandbox_url, else TRAWL_SANDBOX_URL, else the default."""
        from spiders import settings as spider_settings  # the one place the default lives

        return (
            self.sandbox_url or os.environ.get("TRAWL_SANDBOX_URL") or spider_settings.SANDBOX_URL
        ).rstrip("/")

    def crawl(
        self,
        context: AssetExecutionContext,
        spider: str,
        arguments: Mapping[str, str] | None = None,
        settings: Mapping[str, str] | None = None,
        processes: int = 1,
    ) -> MaterializeResult:
        """`processes` > 1: that many processes share one Redis frontier and one crawl run
        (orchestration/scale_out.py; needs REDIS_URL)."""
        command = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            spider,
            "-s",
            f"LOG_LEVEL={self.log_level}",
        ]
        for name, value in (arguments or {}).items():
            command += ["-a", f"{name}={value}"]
        for name, value in (settings or {}).items():
            command += ["-s", f"{name}={value}"]
        env = {"TRAWL_DAGSTER_RUN_ID": context.run.run_id, "DATABASE_URL": database_url(),
               "TRAWL_RESUME_KEY": resume_key(context)}  # fmt: skip
        if self.sandbox_url:
            env["TRAWL_SANDBOX_URL"] = self.sandbox_url
        if self.proxy_urls:
            env["PROXY_URLS"] = self.proxy_urls  # by environment: never on a command line
        if self.progress_to_stderr:
            command += ["-s", "TRAWL_PROGRESS_STDERR=1"]
        if processes > 1:
            return crawl_in_processes(context, spider, command, {**os.environ, **env},
                                      processes, arguments or {}, str(PROJECT_ROOT))  # fmt: skip
        client = PipesSubprocessClient(cwd=str(PROJECT_ROOT))
        invocation = client.run(context=context, command=command, env={**os.environ, **env})
        return invocation.get_materialize_result()


def resume_key(context: AssetExecutionContext) -> str:
    """The key under which a crawl asset's crawl run can be resumed (see pipelines.writer):
    a retried step or a re-execution of a failed run shares the root run's id, so it
    continues the crawl run the killed or failed attempt opened instead of starting over."""
    root = context.run.root_run_id or context.run.run_id
    partition = f":{context.partition_key}" if context.has_partition_key else ""
    return f"dagster:{root}:{context.asset_key.to_user_string()}{partition}"


class Warehouse(ConfigurableResource):
    """Where the warehouse is built from (the raw store) and to (a DuckDB file, Parquet)."""

    target: str | None = None  # None: TRAWL_WAREHOUSE_PATH or data/warehouse.duckdb
    export_dir: str | None = None  # None: TRAWL_EXPORT_DIR or data/exports

    def target_path(self) -> Path:
        return Path(self.target) if self.target else settings.warehouse_path()

    def export_path(self) -> Path:
        return Path(self.export_dir) if self.export_dir else settings.export_dir()

    def database_url(self) -> str:
        return database_url()
