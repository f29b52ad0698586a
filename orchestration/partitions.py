"""Crawl partitions: every crawl asset by day, and by scope where its spider takes one.

A partition is one crawl filed under one day: `directory_crawl` by date × city,
`marketplace_crawl` by date × category, a crawl without a scope by date only. The scope
value `all` means the whole site (the spider gets no argument); any other value becomes the
spider argument (`-a city=springfield`), so a backfill launched from the UI over a few
cities crawls those cities. Today's partition exists (end_offset=1). A partition may be
crawled again (the hourly price checks re-crawl today's): each crawl is a new `crawl_runs`
row, and the partition shows the latest. Backfilling past days crawls the site as it is
now and files the crawls under those days.

Settings (environment):
- TRAWL_PARTITIONS_START: the first day crawl partitions exist for (default 2026-11-01)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dagster import (
    DailyPartitionsDefinition,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    PartitionsDefinition,
    StaticPartitionsDefinition,
)

if TYPE_CHECKING:
    from orchestration.crawl import Crawl

ALL = "all"  # the scope value meaning the whole site
DATE = "date"  # the name of the day dimension
DEFAULT_START = "2026-11-01"


@dataclass(frozen=True)
class Scope:
    """A spider argument that splits a crawl into partitions, e.g. the directory by city."""

    argument: str  # the spider argument a partition's scope value becomes
    values: tuple[str, ...]  # the values a partition may take, besides ALL

    def __post_init__(self) -> None:
        if ALL in self.values or self.argument == DATE:
            raise ValueError(f"scope {self.argument!r}: {ALL!r} and {DATE!r} are reserved names")


def partitions_start(environ: Mapping[str, str] = os.environ) -> str:
    raw = environ.get("TRAWL_PARTITIONS_START") or DEFAULT_START
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        raise ValueError(
            f"TRAWL_PARTITIONS_START={raw!r} is not a day; give one as YYYY-MM-DD, e.g. 2026-11-01"
        ) from None


def daily_partitions() -> DailyPartitionsDefinition:
    return DailyPartitionsDefinition(start_date=partitions_start(), end_offset=1)


def crawl_partitions(crawl: Crawl) -> PartitionsDefinition:
    """By day, and by the crawl's scope when it has one."""
    if crawl.scope is None:
        return daily_partitions()
    scopes = StaticPartitionsDefinition([ALL, *crawl.scope.values])
    return MultiPartitionsDefinition({DATE: daily_partitions(), crawl.scope.argument: scopes})


def partition_key_for(crawl: Crawl, day: dt.date, scope: str = ALL) -> str:
    """The key of the crawl's partition for `day` and `scope` (the whole site by default)."""
    if crawl.scope is None:
        if scope != ALL:
            raise ValueError(
                f"the {crawl.spider} crawl has no scope; it is partitioned by day only"
            )
        return day.isoformat()
    if scope != ALL and scope not in crawl.scope.values:
        raise ValueError(
            f"{scope!r} is not a {crawl.scope.argument} of the {crawl.spider} crawl; "
            f"use {ALL!r} or one of: {', '.join(crawl.scope.values)}"
        )
    return MultiPartitionKey({DATE: day.isoformat(), crawl.scope.argument: scope})


def scope_arguments(crawl: Crawl, partition_key: str | None) -> dict[str, str]:
    """The spider arguments a partition stands for: {} for the whole site or an unscoped crawl."""
    if crawl.scope is None or partition_key is None:
        return {}
    keys = getattr(partition_key, "keys_by_dimension", None)
    if keys is None:  # a key given as text, dimensions in name order: "all|2026-11-26"
        names = sorted([DATE, crawl.scope.argument])
        keys = dict(zip(names, str(partition_key).split("|")))
    value = keys[crawl.scope.argument]
    return {} if value == ALL else {crawl.scope.argument: value}


def crawl_arguments(
    crawl: Crawl, partition_key: str | None, configured: Mapping[str, str]
) -> dict[str, str]:
    """The crawl's default arguments, then those configured for the run, then the partition's.

    A configured argument may narrow the whole-site partition (`all`) but may not contradict
    a scoped one: that crawl would be filed under the wrong partition.
    """
    scoped = scope_arguments(crawl, partition_key)
    for name, value in scoped.items():
        if name in configured and configured[name] != value:
            raise ValueError(
                f"the run's config sets {name}={configured[name]!r}, but partition "
                f"{partition_key} is {name}={value!r}; launch that partition instead, or the "
                f"{ALL!r} partition with the config"
            )
    return {**crawl.arguments, **configured, **scoped}
