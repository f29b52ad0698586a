"""Bring the raw store's schema up to date: Alembic migrations, run from Python, no alembic.ini.

`migrate()` is idempotent and safe to call from several processes at once (a crawl, a
Dagster step and a test session starting together): it takes a PostgreSQL advisory lock for
the length of the migration transaction, so the second caller waits, then finds the schema
at head and does nothing. PostgreSQL DDL is transactional, so a failed migration leaves the
schema as it was.

Settings: none of its own; with no URL it uses `pipelines.database.database_url()`
(DATABASE_URL, or the embedded server).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path

# importing alembic logs "setup plugin ..." seven times at INFO: noise in every crawl log
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from pipelines.database import database_url, redact, sqlalchemy_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# any fixed 64-bit number, the same in every process: "trawl" in ASCII
MIGRATION_LOCK_KEY = 0x747261776C
# alembic says "Context impl PostgresqlImpl" on every look at the schema; only real news is kept
ALEMBIC_CHATTER = "alembic.runtime.migration"
log = logging.getLogger(__name__)


class MigrationError(RuntimeError):
    """The schema could not be brought up to date; the message says why and what to do."""


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at trawl's migrations (and at `url` when given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        # configparser interpolates '%', which URL-encoded passwords contain
        config.set_main_option("sqlalchemy.url", sqlalchemy_url(url).replace("%", "%%"))
    return config


def head_revision() -> str:
    """The revision the code expects the schema to be at."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, f"no migrations found in {MIGRATIONS_DIR}"
    return head


def current_revision(url: str | None = None) -> str | None:
    """The revision the database's schema is at (None: never migrated)."""
    url = url or database_url()
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def migrate(url: str | None = None) -> None:
    """Upgrade the raw store at `url` (a libpq URL; None: `database_url()`) to the head revision."""
    url = url or database_url()
    config = alembic_config(url)
    head = head_revision()
    engine = create_engine(sqlalchemy_url(url))
    try:
        # one transaction: the advisory lock is held until the migration commits
        with engine.begin() as connection:
            connection.execute(
                text("select pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
            with _quiet(ALEMBIC_CHATTER):
                before = MigrationContext.configure(connection).get_current_revision()
            if before == head:
                return
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as error:
        raise MigrationError(
            f"could not migrate the raw store at {redact(url)}: {_one_line(error.orig)}. "
            "Check that the "
            "server runs (`trawl db start` for the embedded one) or set DATABASE_URL."
        ) from error
    finally:
        engine.dispose()
    log.info("migrated %s from %s to %s", redact(url), before or "an empty schema", head)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()).rstrip(".?")


@contextmanager
def _quiet(logger_name: str):
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)
