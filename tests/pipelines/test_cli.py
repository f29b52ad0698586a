"""`trawl db ...` on a real server: the test one, and an embedded one started by the command."""

import argparse
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from pipelines import database
from pipelines.cli import register
from pipelines.schema import SCHEMA_REVISION
from trawl.cli import UsageError


def trawl(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="trawl")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return args.run(args)


@pytest.fixture
def fresh_database(server_url):
    name = f"trawl_cli_{uuid.uuid4().hex[:10]}"
    database.ensure_database(server_url, name)
    yield database.with_database(server_url, name)
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


def test_migrate_says_what_it_did_then_that_there_is_nothing_to_do(fresh_database, capsys):
    assert trawl("db", "migrate", "--url", fresh_database) == 0
    assert trawl("db", "migrate", "--url", fresh_database) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first.endswith(f"migrated from an empty schema to revision {SCHEMA_REVISION}")
    assert second.endswith(f"already at revision {SCHEMA_REVISION}")


def test_migrating_an_unreachable_server_is_a_usage_error_that_says_what_to_do():
    with pytest.raises(
        UsageError,
        match=r"cannot migrate postgresql://postgres:\*\*\*@127.0.0.1:1/x: .*trawl db start",
    ):
        trawl("db", "migrate", "--url", "postgresql://postgres:pw@127.0.0.1:1/x")


def test_url_masks_the_password_unless_asked(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgresql://trawl:s3cret@db.example.com:5432/trawl")
    trawl("db", "url")
    trawl("db", "url", "--show-password")
    assert capsys.readouterr().out.splitlines() == [
        "postgresql://trawl:***@db.example.com:5432/trawl",
        "postgresql://trawl:s3cret@db.example.com:5432/trawl",
    ]


@pytest.fixture
def data_dir(monkeypatch) -> Iterator[Path]:
    """A TRAWL_DATA_DIR outside pytest's temporary root, which other pytest sessions reset to
    mode 0700: as root, the embedded server runs as a system user that must reach its data."""
    path = Path(tempfile.mkdtemp(prefix="trawl-cli-test-"))
    path.chmod(0o755)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("TRAWL_DATA_DIR", str(path))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_the_embedded_server_starts_serves_and_stops(data_dir, capsys):
    try:
        assert trawl("db", "start") == 0
        url = capsys.readouterr().out.strip()
        assert url.startswith("postgresql://") and str(data_dir) in url
        assert trawl("db", "migrate") == 0
        with psycopg.connect(url) as connection:
            assert connection.execute("select count(*) from crawl_runs").fetchone() == (0,)
        assert trawl("db", "url") == 0
        assert capsys.readouterr().out.splitlines()[-1] == url  # no password to mask
    finally:
        trawl("db", "stop")
    assert "stopped the embedded server" in capsys.readouterr().out
    assert not database.embedded_is_running()
