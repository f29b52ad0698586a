"""Is the raw store's schema the one this code writes? A cheap check for every crawl start.

Checking with psycopg alone keeps SQLAlchemy, SQLModel and Alembic (seconds of imports)
out of a crawl's start-up; Alembic is loaded only when a migration is actually due.
"""

from __future__ import annotations

import psycopg

# the head revision of pipelines/migrations (tests/pipelines/test_migrations.py checks it):
# bump it with every new migration
SCHEMA_REVISION = "0002"


def schema_revision(connection: psycopg.Connection) -> str | None:
    """The Alembic revision of the connected database; None when it was never migrated."""
    exists = connection.execute("select to_regclass('alembic_version')").fetchone()[0]
    if exists is None:
        return None
    row = connection.execute("select version_num from alembic_version").fetchone()
    return row[0] if row else None


def ensure_schema(connection: psycopg.Connection, url: str) -> None:
    """Migrate the database at `url` (the one `connection` is connected to) to the head
    revision unless it is there already."""
    if schema_revision(connection) != SCHEMA_REVISION:
        from pipelines.migrate import migrate  # Alembic: imported only when needed

        migrate(url)
