"""Build the warehouse from the raw store, and publish it atomically.

Readers never see a half-built warehouse: models are built into a working copy next to the
target file, which is checkpointed, exported and then moved over the target with
`os.replace`. A reader that opened the old file keeps reading it, whole, until it closes.
(Within one process DuckDB shares an open database per path: a connection opened while
another to the same path is still open sees the old file too; close them all to see the new.)

Two ways to build:
- `build_warehouse(...)`: everything (or the named models) in one call: a private working
  copy, every model, the Parquet exports, the swap. What `trawl warehouse build` runs.
- `build_models(...)` then `publish(...)`: one step per model, as Dagster runs one asset per
  model. Each step builds its models into the run's working copy `<target>.<run>.building`
  (made from a copy of the target on the first step; steps wait for each other on a file
  lock, since DuckDB lets one process write a file at a time), and the last step publishes
  it. `discard` drops a working copy a failed run left; working copies untouched for a day
  are removed when a new one starts.

A model that reads `raw.<table>` first refreshes that table's snapshot from PostgreSQL (see
`warehouse.raw_store`); a build of several models takes one snapshot for all of them.

Ctrl-C, or Dagster stopping the run, stops a build with KeyboardInterrupt (or Dagster's
interruption), the working copy closed: the models run in a thread of their own, and the
interruption reaches their query through `interrupt()` (see `_interruptible`).

Settings: see `warehouse.settings` (TRAWL_WAREHOUSE_PATH, TRAWL_EXPORT_DIR, TRAWL_DATA_DIR).
"""

from __future__ import annotations

import fcntl
import glob
import logging
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent import futures
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import duckdb

from warehouse.catalog import Model, build_order
from warehouse.exports import export_marts
from warehouse.macros import register_macros
from warehouse.raw_store import snapshot_raw_tables

log = logging.getLogger(__name__)
STALE_WORKING_COPY_HOURS = 24  # a run's working copy untouched this long belongs to a dead run


class WarehouseError(RuntimeError):
    """A model could not be built or published; the message says which, why and what to do."""


@dataclass(frozen=True)
class ModelBuild:
    """How building one model went."""

    name: str
    layer: str
    materialization: str  # view | table
    rows: int
    seconds: float


@dataclass
class BuildResult:
    """What a build did: rows and seconds per model, the raw snapshot, and the exports."""

    target: Path
    models: list[ModelBuild] = field(default_factory=list)
    raw_rows: dict[str, int] = field(default_factory=dict)  # rows copied per raw table
    snapshot_seconds: float = 0.0
    exports: dict[str, Path] = field(default_factory=dict)  # mart -> Parquet file
    seconds: float = 0.0

    @property
    def rows(self) -> dict[str, int]:
        return {m.name: m.rows for m in self.models}


def build_warehouse(
    database_url: str,
    target: Path,
    export_dir: Path | None,
    models: list[str] | None = None,
) -> BuildResult:
    """Build every model (or only `models`, onto a copy of the target) and publish the result.

    Exports each mart to `<export_dir>/<mart>.parquet` unless export_dir is None.
    """
    started = time.perf_counter()
    target = Path(target)
    order = build_order(models)
    working = target.with_name(f"{target.name}.{uuid.uuid4().hex[:12]}.building")
    try:
        _start_working_copy(working, target, from_target=models is not None)
        result = _build_into(working, database_url, order, target)
        result.exports = _publish(working, target, export_dir)
    finally:
        _remove(working)
    result.seconds = time.perf_counter() - started
    log.info("built %s in %.1fs: %s", target, result.seconds, result.rows)
    return result


def working_copy_path(target: Path, run_id: str | None = None) -> Path:
    """The working copy that `build_models` builds into for the run `run_id`."""
    target = Path(target)
    if run_id is None:
        return target.with_name(f"{target.name}.building")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", run_id):
        raise WarehouseError(f"run id {run_id!r} can't name a file; use letters, digits, -_.")
    return target.with_name(f"{target.name}.{run_id}.building")


def build_models(
    database_url: str, target: Path, models: list[str], run_id: str | None = None
) -> BuildResult:
    """Build `models` into the run's working copy of target (see the module doc); no publish."""
    started = time.perf_counter()
    order = build_order(models)
    working = working_copy_path(target, run_id)
    with warehouse_lock(target):
        if not working.exists():
            _discard_stale(Path(target))
            _start_working_copy(working, Path(target), from_target=True)
        result = _build_into(working, database_url, order, Path(target))
    result.seconds = time.perf_counter() - started
    return result


def publish(target: Path, export_dir: Path | None, run_id: str | None = None) -> dict[str, Path]:
    """Export the run's working copy's marts, then move it over target; the exported files."""
    working = working_copy_path(target, run_id)
    with warehouse_lock(target):
        if not working.exists():
            raise WarehouseError(
                f"nothing to publish: there is no working copy {working}; build models into it "
                "first with build_models(..., run_id=...) using the same run id"
            )
        return _publish(working, Path(target), export_dir)


def discard(target: Path, run_id: str | None = None) -> None:
    """Drop the run's working copy without publishing it."""
    with warehouse_lock(target):
        _remove(working_copy_path(target, run_id))


@contextmanager
def warehouse_lock(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on `<target>.lock` (waiting for it), for writers of working copies."""
    lock_path = Path(target).with_name(f"{Path(target).name}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _discard_stale(target: Path) -> None:
    """Remove working copies that runs which failed long ago left next to the target."""
    cutoff = time.time() - STALE_WORKING_COPY_HOURS * 3600
    for leftover in target.parent.glob(f"{glob.escape(target.name)}.*.building"):
        with suppress(FileNotFoundError):
            if leftover.stat().st_mtime < cutoff:
                log.warning("removing %s, a working copy untouched for a day", leftover)
                _remove(leftover)


def _start_working_copy(working: Path, target: Path, from_target: bool) -> None:
    working.parent.mkdir(parents=True, exist_ok=True)
    _remove(working)
    if from_target and target.exists():
        shutil.copyfile(target, working)  # published files are checkpointed: no WAL beside them


def _build_into(working: Path, database_url: str, order: list[Model], target: Path) -> BuildResult:
    result = BuildResult(target=target)
    con = duckdb.connect(str(working))

    def build(stopping: threading.Event) -> BuildResult:
        con.execute("set enable_progress_bar = false")  # logs, not a terminal
        register_macros(con)
        _require_upstream(con, order, working)
        raw_tables = sorted({table for model in order for table in model.raw_tables})
        started = time.perf_counter()
        result.raw_rows = snapshot_raw_tables(con, database_url, raw_tables)
        result.snapshot_seconds = time.perf_counter() - started
        for model in order:
            if stopping.is_set():  # interrupted between two queries
                return result
            result.models.append(build_model(con, model))
        con.execute("checkpoint")
        return result

    try:
        return _interruptible(con, build)
    finally:
        con.close()


T = TypeVar("T")


def _interruptible(con: duckdb.DuckDBPyConnection, work: Callable[[threading.Event], T]) -> T:
    """`work(stopping)`, DuckDB's work on `con`, in a thread of its own while this one
    waits, so that an interruption here (Ctrl-C, Dagster stopping the run) stops it: its
    query through `con.interrupt()`, the queries it has yet to start by `stopping`, which it
    looks at between them. The interruption is raised as it came, once the work has stopped.
    Raised into a query from a signal handler instead, it came back as "RuntimeError: Query
    interrupted", which Dagster takes for a failed step and goes on with the run, and it
    left the file held: the process's next connection to it hung, spinning (DuckDB 1.5.5)."""
    stopping = threading.Event()
    with futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="warehouse-build") as worker:
        running = worker.submit(work, stopping)
        try:
            return running.result()
        except BaseException:
            stopping.set()
            while not running.done():  # a query may start just after an interrupt()
                con.interrupt()
                futures.wait([running], timeout=0.1)
            raise


def build_model(con: duckdb.DuckDBPyConnection, model: Model) -> ModelBuild:
    """Build one model on `con`, replacing what it built before; its relations must exist
    and the matching macros be registered (`warehouse.macros.register_macros`)."""
    started = time.perf_counter()
    existing = _existing_relations(con)
    kind = model.materialization
    if model.name in existing and existing[model.name] != kind:
        con.execute(f"drop {existing[model.name]} {model.name}")
    try:
        con.execute(f"create or replace {kind} {model.name} as\n{model.sql}")
        rows = con.execute(f"select count(*) from {model.name}").fetchone()[0]
    except duckdb.Error as error:
        raise WarehouseError(f"model {model.name} ({model.path}) failed: {error}") from None
    seconds = time.perf_counter() - started
    log.info("built %s %s: %d rows in %.2fs", kind, model.name, rows, seconds)
    return ModelBuild(model.name, model.layer, kind, rows, seconds)


def _require_upstream(con: duckdb.DuckDBPyConnection, order: list[Model], working: Path) -> None:
    building = {m.name for m in order}
    existing = _existing_relations(con)
    for model in order:
        missing = [d for d in model.depends_on if d not in building and d not in existing]
        if missing:
            raise WarehouseError(
                f"model {model.name} reads {', '.join(missing)}, which {working} does not hold; "
                "build those models too (or everything: `trawl warehouse build`)"
            )


def _existing_relations(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute(
        "select table_name, 'table' from duckdb_tables() "
        "where schema_name = 'main' and database_name = current_database() "
        "union all select view_name, 'view' from duckdb_views() "
        "where schema_name = 'main' and database_name = current_database() and not internal"
    ).fetchall()
    return dict(rows)


def _publish(working: Path, target: Path, export_dir: Path | None) -> dict[str, Path]:
    exports = export_marts(working, export_dir) if export_dir is not None else {}
    os.replace(working, target)
    log.info("published %s", target)
    return exports


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        with suppress(FileNotFoundError):
            leftover.unlink()
