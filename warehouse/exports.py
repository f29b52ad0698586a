"""Parquet exports of the marts, for tools that don't speak DuckDB.

Each mart goes to `<export_dir>/<mart>.parquet`, written to a temporary file beside it and
moved into place with `os.replace`, so a reader never sees half a file.
"""

from __future__ import annotations

import logging
import os
import uuid
from contextlib import suppress
from pathlib import Path

import duckdb

from warehouse.catalog import list_models

log = logging.getLogger(__name__)


def export_marts(warehouse: Path, export_dir: Path) -> dict[str, Path]:
    """Export every mart the warehouse file holds to Parquet; mart name -> file written."""
    export_dir = Path(export_dir)
    export_dir.mkdir(parents=True, exist_ok=True)
    marts = [m.name for m in list_models() if m.is_mart]
    written = {}
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        present = {
            row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()
        }
        for mart in marts:
            if mart in present:
                written[mart] = _export(con, mart, export_dir / f"{mart}.parquet")
    finally:
        con.close()
    log.info("exported %d marts to %s", len(written), export_dir)
    return written


def _export(con: duckdb.DuckDBPyConnection, mart: str, path: Path) -> Path:
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.partial")
    quoted = str(partial).replace("'", "''")
    try:
        con.execute(f"copy (from {mart}) to '{quoted}' (format parquet, compression zstd)")
        os.replace(partial, path)
    finally:
        with suppress(FileNotFoundError):
            partial.unlink()
    return path
