"""DuckDB's window on the raw store: the postgres extension, installed offline, and a snapshot.

DuckDB's `INSTALL postgres` downloads from the internet; trawl installs the extension from
the `duckdb-extension-postgres` wheel's file instead, into an extension directory of its own
(`warehouse.settings.extension_dir()`). A build attaches PostgreSQL read-only and copies the
raw tables its models read into the warehouse's `raw` schema in one repeatable-read
transaction: every model of a build then reads the same snapshot of the raw store, even while
crawls keep writing, and the published warehouse file stands on its own (its staging views
read `raw.*` inside the file, not a server an analyst may not reach). The observations'
`raw` JSON column stays in PostgreSQL (see NOT_COPIED).
"""

from __future__ import annotations

import importlib.resources
import logging
from pathlib import Path

import duckdb
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from pipelines.database import redact
from warehouse.settings import extension_dir

RAW_TABLES = (
    "crawl_runs", "lead_observations", "product_observations", "contact_observations", "rejects"
)  # fmt: skip
STORE_ALIAS = "raw_store"  # the attached PostgreSQL catalog; `raw` is the snapshot schema
# columns no model reads and that would weigh down every build: "everything else the page
# said" can be kilobytes per observation. Query them in PostgreSQL.
NOT_COPIED = {
    "lead_observations": ("raw",), "product_observations": ("raw",),
    "contact_observations": ("raw",),
}  # fmt: skip
log = logging.getLogger(__name__)


class RawStoreError(RuntimeError):
    """DuckDB could not read the raw store; the message says why and what to do."""


def extension_file() -> Path:
    """The postgres extension shipped in the duckdb-extension-postgres wheel for this DuckDB."""
    version = f"v{duckdb.__version__}"
    try:
        extensions = importlib.resources.files("duckdb_extension_postgres") / "extensions"
    except ModuleNotFoundError:
        raise RawStoreError(
            "the duckdb-extension-postgres package is not installed; install "
            f"duckdb-extension-postgres=={duckdb.__version__} (uv sync does)"
        ) from None
    path = Path(str(extensions / version / "postgres.duckdb_extension"))
    if not path.is_file():
        found = (
            sorted(p.name for p in Path(str(extensions)).iterdir()) if extensions.is_dir() else []
        )
        raise RawStoreError(
            f"duckdb {duckdb.__version__} needs duckdb-extension-postgres=={duckdb.__version__}, "
            f"but the installed wheel holds {found or 'no extensions'}; pin both to one version"
        )
    return path


def load_postgres_extension(con: duckdb.DuckDBPyConnection) -> None:
    """Load the postgres extension, installing it from the wheel's file on first use."""
    directory = extension_dir()
    directory.mkdir(parents=True, exist_ok=True)
    con.execute(f"set extension_directory = {_literal(str(directory))}")
    try:
        con.execute("load postgres")
    except duckdb.Error:
        con.execute(f"install {_literal(str(extension_file()))}")
        con.execute("load postgres")


def libpq_conninfo(database_url: str) -> str:
    """A libpq URL (or key=value string) as a key=value string, which DuckDB always accepts.

    The embedded server's URL names its socket directory in the query string
    (`postgresql://postgres:@/trawl?host=/path`); the key=value form keeps that unambiguous.
    """
    try:
        return make_conninfo("", **conninfo_to_dict(database_url))
    except psycopg.ProgrammingError as error:
        raise RawStoreError(
            f"{redact(database_url)!r} is not a PostgreSQL URL ({error}); "
            "expected e.g. postgresql://postgres@127.0.0.1:5432/trawl"
        ) from None


def attach_raw_store(con: duckdb.DuckDBPyConnection, database_url: str) -> None:
    """Attach PostgreSQL at database_url, read-only, as the catalog `raw_store`."""
    load_postgres_extension(con)
    conninfo = libpq_conninfo(database_url)
    try:
        con.execute(
            f"attach {_literal(conninfo)} as {STORE_ALIAS} "
            "(type postgres, read_only, isolation_level 'repeatable read')"
        )
    except duckdb.Error as error:
        # DuckDB's message quotes the connection string, password included
        password = conninfo_to_dict(conninfo).get("password")
        reason = str(error).replace(password, "***") if password else str(error)
        raise RawStoreError(
            f"could not attach the raw store at {redact(database_url)}: {reason}. Check that "
            "PostgreSQL runs there (`trawl db start` for the embedded one) or set DATABASE_URL."
        ) from None


def snapshot_raw_tables(
    con: duckdb.DuckDBPyConnection, database_url: str, tables: list[str]
) -> dict[str, int]:
    """Copy `tables` from the raw store into schema `raw`, all from one snapshot; rows per table."""
    unknown = sorted(set(tables) - set(RAW_TABLES))
    if unknown:
        raise RawStoreError(
            f"no raw table named {', '.join(unknown)}; the raw store has {', '.join(RAW_TABLES)}"
        )
    if not tables:
        return {}
    attach_raw_store(con, database_url)
    try:
        con.execute("create schema if not exists raw")
        rows = _copy_in_one_transaction(con, database_url, tables)
    finally:
        con.execute(f"detach {STORE_ALIAS}")
    log.info("copied raw tables from %s: %s", redact(database_url), rows)
    return rows


def _copy_in_one_transaction(
    con: duckdb.DuckDBPyConnection, database_url: str, tables: list[str]
) -> dict[str, int]:
    rows = {}
    con.execute("begin")  # one DuckDB transaction = one repeatable-read Postgres snapshot
    try:
        for table in tables:
            _require_table(con, database_url, table)
            excluded = ", ".join(NOT_COPIED.get(table, ()))
            columns = f"* exclude ({excluded})" if excluded else "*"
            con.execute(
                f"create or replace table raw.{table} as "
                f"select {columns} from {STORE_ALIAS}.public.{table}"
            )
            rows[table] = con.execute(f"select count(*) from raw.{table}").fetchone()[0]
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return rows


def _require_table(con: duckdb.DuckDBPyConnection, database_url: str, table: str) -> None:
    found = con.execute(
        "select count(*) from duckdb_tables() where database_name = ? and table_name = ?",
        [STORE_ALIAS, table],
    ).fetchone()[0]
    if not found:
        raise RawStoreError(
            f"the raw store at {redact(database_url)} has no table {table!r}; "
            "create the schema with `trawl db migrate`"
        )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
