"""Alembic environment for the raw store: runs on the connection `pipelines.migrate` hands it.

`pipelines.migrate.migrate()` opens the connection, takes the advisory lock and passes the
connection in `config.attributes["connection"]`. Run by hand (`alembic -c ...`), it connects
to the `sqlalchemy.url` option, or to `database_url()` when that is unset.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import pipelines.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from pipelines.database import database_url, sqlalchemy_url

config = context.config
target_metadata = SQLModel.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or sqlalchemy_url(database_url())
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or sqlalchemy_url(database_url())
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            run_migrations(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
