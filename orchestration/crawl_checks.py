"""Asset checks on every crawl, computed right after it from its `crawl_runs` row.

The figures come from PostgreSQL; the judgements are the pure monitors in
`orchestration/monitors.py`. Checks marked blocking stop the warehouse assets downstream of
a crawl whose data should not be trusted (e.g. phones missing on most leads).
"""

from __future__ import annotations

from collections.abc import Mapping

import psycopg
from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, MetadataValue
from psycopg import sql

from orchestration import monitors
from orchestration.monitors import CrawlFigures, Thresholds

# field -> minimum share of a run's rows that carry it, per raw table a crawl writes
COVERAGE_MINIMUMS: Mapping[str, Mapping[str, float]] = {
    "lead_observations": {"name": 1.0, "phone": 0.9, "city": 0.9, "street": 0.8},
    "product_observations": {"title": 1.0, "price": 0.95, "currency": 0.95},
}
# name -> (blocking, description)
CHECKS = {
    "item_count": (False, "Items against the previous run of the spider."),
    "error_rate": (False, "Errors per page crawled."),
    "ban_rate": (False, "Share of proxied requests that were banned."),
    "finish_reason": (True, "The crawl ended as planned."),
    "reject_rate": (True, "Share of items that failed validation."),
    "field_coverage": (True, "Each important field present on enough rows."),
}


def crawl_check_specs(asset_name: str) -> list[AssetCheckSpec]:
    return [
        AssetCheckSpec(name, asset=asset_name, blocking=blocking, description=description)
        for name, (blocking, description) in CHECKS.items()
    ]


def run_figures(conn: psycopg.Connection, crawl_run_id: int, table: str) -> CrawlFigures | None:
    row = conn.execute(
        "select spider, finish_reason, items_stored, items_rejected, coalesce(stats, '{}') "
        "from crawl_runs where id = %s",
        (crawl_run_id,),
    ).fetchone()
    if row is None:
        return None
    spider, reason, stored, rejected, stats = row
    proxy = [(key, value) for key, value in stats.items() if key.startswith("trawl/proxy/")]
    return CrawlFigures(
        crawl_run_id=crawl_run_id,
        spider=spider,
        finish_reason=reason,
        pages=int(stats.get("response_received_count", 0)),
        items_stored=stored,
        items_rejected=rejected,
        errors=int(stats.get("log_count/ERROR", 0)) + int(stats.get("spider_exceptions/count", 0)),
        proxied_requests=sum(int(v) for k, v in proxy if k.endswith("/requests")),
        bans=sum(int(v) for k, v in proxy if k.endswith("/bans")),
        coverage=field_coverage(conn, table, crawl_run_id),
    )


def field_coverage(conn: psycopg.Connection, table: str, crawl_run_id: int) -> dict[str, float]:
    """Share of the run's rows in `table` where each monitored field is present."""
    fields = list(COVERAGE_MINIMUMS.get(table, {}))
    if not fields:
        return {}
    shares = sql.SQL(", ").join(
        sql.SQL("avg(case when nullif(trim({}::text), '') is null then 0 else 1 end)").format(
            sql.Identifier(name)
        )
        for name in fields
    )
    query = sql.SQL("select {} from {} where crawl_run_id = %s").format(
        shares, sql.Identifier(table)
    )
    values = conn.execute(query, (crawl_run_id,)).fetchone()
    return {name: float(value or 0.0) for name, value in zip(fields, values)}


def previous_run_id(conn: psycopg.Connection, crawl_run_id: int) -> int | None:
    """The spider's last finished run with the same arguments: a crawl of one city is
    compared with the previous crawl of that city, not with a crawl of the whole site."""
    row = conn.execute(
        "select prev.id from crawl_runs cur join crawl_runs prev "
        "on prev.spider = cur.spider and prev.id < cur.id and prev.status = 'finished' "
        "and prev.arguments is not distinct from cur.arguments "
        "where cur.id = %s order by prev.id desc limit 1",
        (crawl_run_id,),
    ).fetchone()
    return row[0] if row else None


def crawl_check_results(
    asset_name: str, database_url: str, crawl_run_id: int | None, table: str,
    thresholds: Thresholds | None = None,
) -> list[AssetCheckResult]:  # fmt: skip
    """One result per check in CHECKS for the crawl run, judged by the monitors."""
    thresholds = thresholds or Thresholds.from_env()
    current = previous = None
    if crawl_run_id is not None:
        with psycopg.connect(database_url) as conn:
            current = run_figures(conn, crawl_run_id, table)
            previous_id = previous_run_id(conn, crawl_run_id)
            previous = run_figures(conn, previous_id, table) if previous_id else None
    if current is None:
        missing = monitors.Verdict(False, f"no crawl_runs row for run id {crawl_run_id!r}")
        return [result(asset_name, name, missing) for name in CHECKS]
    verdicts = {
        "item_count": monitors.item_count(current, previous, thresholds.max_item_drop),
        "error_rate": monitors.error_rate(current, thresholds.max_error_rate),
        "ban_rate": monitors.ban_rate(current, thresholds.max_ban_rate),
        "finish_reason": monitors.finish_reason(current),
        "reject_rate": monitors.reject_rate(current, thresholds.max_reject_rate),
        "field_coverage": monitors.field_coverage(current, COVERAGE_MINIMUMS.get(table, {})),
    }
    return [result(asset_name, name, verdict) for name, verdict in verdicts.items()]


def result(asset_name: str, check: str, verdict: monitors.Verdict) -> AssetCheckResult:
    blocking = CHECKS[check][0]
    return AssetCheckResult(
        asset_key=asset_name,
        check_name=check,
        passed=verdict.passed,
        description=verdict.description,
        metadata=verdict.metadata,
        severity=AssetCheckSeverity.ERROR if blocking else AssetCheckSeverity.WARN,
    )


def coverage_table(coverage: Mapping[str, float]) -> MetadataValue:
    """The field-coverage figures as a Markdown table for the asset's metadata."""
    lines = ["| field | rows with it |", "|---|---|"]
    lines += [f"| {name} | {share:.1%} |" for name, share in sorted(coverage.items())]
    return MetadataValue.md("\n".join(lines))


PREVIEW_COLUMNS = {
    "lead_observations": ("source_id", "name", "phone", "city", "website_domain"),
    "product_observations": ("source_id", "title", "price", "currency", "availability"),
    "contact_observations": ("source", "source_id", "website_domain", "emails", "socials"),
}


def sample_rows(database_url: str, table: str, crawl_run_id: int, limit: int = 5) -> MetadataValue:
    """A few of the run's rows, as a Markdown table people can glance at in the UI."""
    columns = PREVIEW_COLUMNS.get(table, ("source_id",))
    query = sql.SQL("select {} from {} where crawl_run_id = %s order by id limit %s").format(
        sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)
    )
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(query, (crawl_run_id, limit)).fetchall()
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += [
        "| " + " | ".join("" if v is None else str(v).replace("|", "/") for v in row) + " |"
        for row in rows
    ]
    return MetadataValue.md("\n".join(lines))
