"""`trawl db analyst-role NAME`: a role that reads every raw table and changes nothing, on the
real PostgreSQL (roles are server-wide: each test makes a uniquely named one, dropped after)."""

from __future__ import annotations

import subprocess
import sys
import uuid

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from pipelines.analyst_role import AnalystRoleError, grant_read_only
from pipelines.database import PROJECT_ROOT

WRITES = [
    "insert into rejects (item_type, reason, item, rejected_at) values ('lead', 'x', '{}', now())",
    "update crawl_runs set status = 'x'",
    "delete from lead_observations",
    "truncate rejects",
    "create table analyst_scratch (x int)",
    "drop table rejects",
]


@pytest.fixture
def analyst(clean_tables):
    name = f"trawl_analyst_{uuid.uuid4().hex[:8]}"
    yield name
    with psycopg.connect(clean_tables, autocommit=True) as connection:
        connection.execute(f'drop owned by "{name}"')
        connection.execute(f'drop role "{name}"')


def connect_as(url: str, role: str) -> psycopg.Connection:
    return psycopg.connect(make_conninfo(url, user=role), autocommit=True)


def test_the_command_creates_a_role_that_reads_every_raw_table(clean_tables, analyst):
    done = subprocess.run(
        [sys.executable, "-m", "trawl.cli", "db", "analyst-role", analyst, "--url", clean_tables],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"role '{analyst}'" in done.stdout
    with connect_as(clean_tables, analyst) as connection:
        for table in ("crawl_runs", "lead_observations", "product_observations", "rejects"):
            assert connection.execute(f"select count(*) from {table}").fetchone() == (0,)


@pytest.mark.parametrize("statement", WRITES)
def test_the_role_can_change_nothing(clean_tables, analyst, statement):
    grant_read_only(clean_tables, analyst)
    with connect_as(clean_tables, analyst) as connection, pytest.raises(psycopg.Error) as refused:
        connection.execute(statement)
    assert isinstance(refused.value, (psycopg.errors.InsufficientPrivilege,
                                      psycopg.errors.ReadOnlySqlTransaction))  # fmt: skip


def test_even_outside_a_read_only_transaction_the_role_may_not_write(clean_tables, analyst):
    grant_read_only(clean_tables, analyst)
    with connect_as(clean_tables, analyst) as connection:
        connection.execute("set default_transaction_read_only = off")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("delete from rejects")


def test_tables_created_later_are_readable_too(clean_tables, analyst):
    grant_read_only(clean_tables, analyst)
    with psycopg.connect(clean_tables, autocommit=True) as connection:
        connection.execute("create table later_table (x int)")
        connection.execute("insert into later_table values (1)")
    try:
        with connect_as(clean_tables, analyst) as connection:
            assert connection.execute("select x from later_table").fetchall() == [(1,)]
    finally:
        with psycopg.connect(clean_tables, autocommit=True) as connection:
            connection.execute("drop table later_table")


def test_running_it_again_takes_back_write_rights_given_since(clean_tables, analyst):
    grant_read_only(clean_tables, analyst)
    with psycopg.connect(clean_tables, autocommit=True) as connection:
        connection.execute(f'grant delete on rejects to "{analyst}"')
    grant_read_only(clean_tables, analyst)
    with connect_as(clean_tables, analyst) as connection:
        connection.execute("set default_transaction_read_only = off")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("delete from rejects")


def test_it_refuses_to_make_the_role_it_runs_as_read_only(clean_tables):
    admin = conninfo_to_dict(clean_tables)["user"]
    with pytest.raises(AnalystRoleError, match="refusing to make it read-only"):
        grant_read_only(clean_tables, admin)
