"""The schema: Alembic migrations create exactly the tables of pipelines/models.py."""

import subprocess
import sys
import uuid

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from psycopg import sql
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import pipelines.models  # noqa: F401  (the tables)
from pipelines import database
from pipelines.migrate import MigrationError, current_revision, head_revision, migrate
from pipelines.schema import SCHEMA_REVISION, ensure_schema, schema_revision


@pytest.fixture
def fresh_database(server_url):
    name = f"trawl_migrate_{uuid.uuid4().hex[:10]}"
    database.ensure_database(server_url, name)
    yield database.with_database(server_url, name)
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


def test_the_migrated_schema_is_exactly_the_models(database_url):
    engine = create_engine(database.sqlalchemy_url(database_url))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_the_schema_revision_the_writer_checks_is_the_head(database_url):
    assert SCHEMA_REVISION == head_revision()
    with psycopg.connect(database_url) as connection:
        assert schema_revision(connection) == head_revision()


def test_migrating_twice_changes_nothing(fresh_database):
    migrate(fresh_database)
    migrate(fresh_database)
    assert current_revision(fresh_database) == head_revision()


def test_two_processes_migrating_at_once_both_succeed(fresh_database):
    command = [
        sys.executable,
        "-c",
        f"from pipelines.migrate import migrate; migrate({fresh_database!r})",
    ]
    processes = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [process.communicate(timeout=120)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], errors
    assert current_revision(fresh_database) == head_revision()


def test_ensure_schema_migrates_a_database_that_never_was(fresh_database):
    with psycopg.connect(fresh_database, autocommit=True) as connection:
        assert schema_revision(connection) is None
        ensure_schema(connection, fresh_database)
        assert schema_revision(connection) == SCHEMA_REVISION


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(MigrationError, match=r"127\.0\.0\.1:1/.*trawl db start"):
        migrate("postgresql://postgres:secret@127.0.0.1:1/trawl")


def test_the_password_is_not_in_the_error():
    with pytest.raises(MigrationError) as error:
        migrate("postgresql://postgres:secret@127.0.0.1:1/trawl")
    assert "secret" not in str(error.value)
