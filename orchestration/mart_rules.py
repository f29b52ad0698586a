"""What every mart must hold, in the manner of dbt's tests, judged on a DuckDB connection.

Per mart: a unique key, columns that are never null, columns whose values come from a known
set (availability words, ISO 4217 currencies, crawl statuses), and freshness (its newest
timestamp recent enough). Each judgement is a `monitors.Verdict`: passed or not, a sentence
naming the offending values, and the figures. The Dagster checks are in
orchestration/mart_checks.py.

Settings (environment):
- TRAWL_CHECK_MAX_MART_AGE_HOURS: the newest row of a mart at most this old (default 36:
  a daily crawl plus slack)
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import duckdb

from orchestration.monitors import Verdict
from pipelines.normalize.availability import IN_STOCK, OUT_OF_STOCK, PRE_ORDER, UNKNOWN
from pipelines.normalize.currency import ISO_4217

AVAILABILITY = frozenset({IN_STOCK, OUT_OF_STOCK, PRE_ORDER, UNKNOWN})
CRAWL_STATUSES = frozenset({"running", "finished", "failed", "cancelled"})
DEFAULT_MAX_AGE_HOURS = 36.0


@dataclass(frozen=True)
class MartRules:
    key: tuple[str, ...]  # unique, and never null
    not_null: tuple[str, ...] = ()
    accepted: Mapping[str, frozenset[str]] = field(default_factory=dict)  # nulls allowed
    fresh: str | None = "last_seen"  # the timestamp column freshness reads


MART_RULES: Mapping[str, MartRules] = {
    "leads": MartRules(key=("lead_id",), not_null=("name",)),
    "lead_sources": MartRules(key=("source", "source_id"), not_null=("lead_id",)),
    "lead_contacts": MartRules(
        key=("lead_id", "kind", "value", "page"),
        accepted={"kind": frozenset({"email", "phone", "social"})},
    ),
    "products": MartRules(
        key=("product_id",), not_null=("title",), accepted={"currency": ISO_4217}
    ),
    "product_offers": MartRules(
        key=("source", "source_id"),
        not_null=("product_id",),
        accepted={"currency": ISO_4217, "availability": AVAILABILITY},
    ),
    "price_history": MartRules(
        key=("source", "source_id", "crawl_run_id"),
        not_null=("product_id", "observed_at"),
        accepted={"currency": ISO_4217, "availability": AVAILABILITY},
        fresh="observed_at",
    ),
    "crawl_health": MartRules(
        key=("crawl_run_id",),
        not_null=("spider", "status"),
        accepted={"status": CRAWL_STATUSES},
        fresh="started_at",
    ),
}


def max_age_hours(environ: Mapping[str, str] = os.environ) -> float:
    raw = environ.get("TRAWL_CHECK_MAX_MART_AGE_HOURS")
    if raw is None:
        return DEFAULT_MAX_AGE_HOURS
    try:
        hours = float(raw)
    except ValueError:
        hours = -1.0
    if hours <= 0:
        raise ValueError(
            f"TRAWL_CHECK_MAX_MART_AGE_HOURS={raw!r} is not a number of hours above 0; e.g. 36"
        )
    return hours


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def unique_key(con: duckdb.DuckDBPyConnection, mart: str, key: tuple[str, ...]) -> Verdict:
    columns = ", ".join(map(_name, key))
    repeated = f"select {columns}, count(*) as rows from {_name(mart)} group by all having rows > 1"
    count = con.execute(f"select count(*) from ({repeated})").fetchone()[0]
    examples = con.execute(f"{repeated} order by rows desc, {columns} limit 3").fetchall()
    null_test = " or ".join(f"{column} is null" for column in map(_name, key))
    nulls = con.execute(f"select count(*) from {_name(mart)} where {null_test}").fetchone()[0]
    what = ", ".join(key)
    metadata = {"repeated_keys": count, "null_keys": nulls}
    if count or nulls:
        problems = []
        if count:
            shown = "; ".join(f"{tuple(row[:-1])} on {row[-1]} rows" for row in examples)
            problems.append(f"{count} keys repeated (e.g. {shown})")
        if nulls:
            problems.append(f"{nulls} rows with a null key")
        return Verdict(False, f"{mart} is not one row per {what}: " + ", ".join(problems), metadata)
    return Verdict(True, f"one row per {what}", metadata)


def not_null(con: duckdb.DuckDBPyConnection, mart: str, columns: tuple[str, ...]) -> Verdict:
    counts = con.execute(
        "select "
        + ", ".join(f"count(*) filter (where {_name(c)} is null)" for c in columns)
        + f" from {_name(mart)}"
    ).fetchone()
    nulls = {column: int(count) for column, count in zip(columns, counts)}
    metadata = {f"nulls_{column}": count for column, count in nulls.items()}
    missing = {column: count for column, count in nulls.items() if count}
    if missing:
        listed = ", ".join(f"{column} on {count} rows" for column, count in missing.items())
        return Verdict(False, f"{mart} has nulls where it must not: {listed}", metadata)
    return Verdict(True, f"no nulls in {', '.join(columns)}", metadata)


def accepted_values(
    con: duckdb.DuckDBPyConnection, mart: str, accepted: Mapping[str, frozenset[str]]
) -> Verdict:
    unexpected: dict[str, list[tuple[str, int]]] = {}
    for column, values in accepted.items():
        rows = con.execute(
            f"select {_name(column)}::varchar, count(*) from {_name(mart)} "
            f"where {_name(column)} is not null and not list_contains(?, {_name(column)}::varchar) "
            "group by all order by 2 desc, 1 limit 5",
            [sorted(values)],
        ).fetchall()
        if rows:
            unexpected[column] = rows
    metadata = {f"unexpected_{column}": len(rows) for column, rows in unexpected.items()}
    if unexpected:
        listed = "; ".join(
            f"{column}: " + ", ".join(f"{value!r} on {count} rows" for value, count in rows)
            for column, rows in unexpected.items()
        )
        return Verdict(False, f"{mart} has values outside the accepted ones: {listed}", metadata)
    return Verdict(True, f"{', '.join(accepted)} within the accepted values", metadata)


def freshness(
    con: duckdb.DuckDBPyConnection, mart: str, column: str, max_hours: float,
    now: float | None = None,
) -> Verdict:  # fmt: skip
    newest = con.execute(f"select epoch(max({_name(column)})) from {_name(mart)}").fetchone()[0]
    if newest is None:
        return Verdict(False, f"{mart} is empty: nothing seen yet", {"max_age_hours": max_hours})
    age = ((now if now is not None else time.time()) - float(newest)) / 3600
    metadata = {"age_hours": round(age, 2), "max_age_hours": max_hours}
    if age > max_hours:
        return Verdict(
            False,
            f"the newest {column} in {mart} is {age:.1f} h old, above {max_hours:g} h "
            "(TRAWL_CHECK_MAX_MART_AGE_HOURS); are the crawl schedules on?",
            metadata,
        )
    return Verdict(True, f"the newest {column} is {age:.1f} h old", metadata)


def judge_mart(
    con: duckdb.DuckDBPyConnection, mart: str, rules: MartRules, max_hours: float
) -> dict[str, Verdict]:
    """Every check of the mart by name; a check that cannot run fails, saying why."""
    checks = {
        "unique_key": lambda: unique_key(con, mart, rules.key),
        "not_null": lambda: not_null(con, mart, rules.not_null) if rules.not_null else None,
        "accepted_values": (
            lambda: accepted_values(con, mart, rules.accepted) if rules.accepted else None
        ),
        "freshness": lambda: freshness(con, mart, rules.fresh, max_hours) if rules.fresh else None,
    }
    verdicts = {}
    for name, judge in checks.items():
        try:
            verdict = judge()
        except duckdb.Error as error:
            verdict = Verdict(False, f"could not check {mart}: {error}")
        if verdict is not None:
            verdicts[name] = verdict
    return verdicts


def check_names(rules: MartRules) -> list[str]:
    """The checks `judge_mart` runs for these rules, in order."""
    names = ["unique_key"]
    names += ["not_null"] if rules.not_null else []
    names += ["accepted_values"] if rules.accepted else []
    names += ["freshness"] if rules.fresh else []
    return names
