"""Where the warehouse, its exports and DuckDB's extensions live.

Settings (environment):
- TRAWL_WAREHOUSE_PATH: the DuckDB file analysts open (default `<data dir>/warehouse.duckdb`).
- TRAWL_EXPORT_DIR: where each mart is exported as `<mart>.parquet` (default
  `<data dir>/exports`).
- TRAWL_DATA_DIR: the data dir (default `data/` in the project, see `pipelines.database`);
  DuckDB extensions are installed in `<data dir>/duckdb_extensions`.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipelines.database import data_dir


def warehouse_path() -> Path:
    return Path(os.environ.get("TRAWL_WAREHOUSE_PATH") or data_dir() / "warehouse.duckdb")


def export_dir() -> Path:
    return Path(os.environ.get("TRAWL_EXPORT_DIR") or data_dir() / "exports")


def extension_dir() -> Path:
    return data_dir() / "duckdb_extensions"
