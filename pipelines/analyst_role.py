"""A read-only PostgreSQL role for analysts: it reads every table of the raw store and
changes nothing.

    TRAWL_ANALYST_PASSWORD=... trawl db analyst-role analyst

On the database in the URL (run it as the role that runs the migrations, so that tables
added later are readable too), the role gets:
- LOGIN, with the password from TRAWL_ANALYST_PASSWORD when it is set (read from the
  environment, never from the command line, where `ps` would show it); no superuser,
  CREATEDB, CREATEROLE or replication rights;
- CONNECT on the database, USAGE on schema public, SELECT on every table in it, now and in
  future (ALTER DEFAULT PRIVILEGES);
- default_transaction_read_only on, so that a write privilege granted by mistake later still
  fails in an ordinary session.
It gets nothing else: no INSERT, UPDATE, DELETE or TRUNCATE, and (on PostgreSQL 15 and
later, where PUBLIC may not create in schema public) no CREATE. Running it again for the same
name brings an existing role back to exactly these rights on the tables of schema public
(any other right it had there is revoked); it refuses to touch a superuser or the role it
runs as.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from pipelines.database import redact


class AnalystRoleError(ValueError):
    """The role cannot be created as asked; the message says why and what to do."""


def grant_read_only(url: str, name: str, password: str | None = None) -> None:
    """Create (or update) role `name` as a read-only analyst on the database at `url`."""
    if not name or len(name) > 63:
        raise AnalystRoleError(f"role name {name!r} must be 1 to 63 characters")
    role = sql.Identifier(name)
    try:
        connection = psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError as error:
        raise AnalystRoleError(
            f"cannot connect to {redact(url)}: {' '.join(str(error).split())}"
        ) from None
    with connection:
        existing = connection.execute(
            "select rolsuper, rolname = current_user from pg_roles where rolname = %s", (name,)
        ).fetchone()
        if existing and (existing[0] or existing[1]):
            raise AnalystRoleError(
                f"{name!r} is a superuser or the role this command runs as: refusing to make it "
                "read-only; choose another name for the analysts' role"
            )
        attributes = sql.SQL("login nosuperuser nocreatedb nocreaterole noreplication nobypassrls")
        if password:
            attributes = sql.SQL("{} password {}").format(attributes, sql.Literal(password))
        verb = sql.SQL("alter role" if existing else "create role")
        database = sql.Identifier(connection.info.dbname)
        statements = [
            sql.SQL("{} {} {}").format(verb, role, attributes),
            sql.SQL("alter role {} set default_transaction_read_only = on").format(role),
            sql.SQL("grant connect on database {} to {}").format(database, role),
            sql.SQL("grant usage on schema public to {}").format(role),
            sql.SQL("revoke create on schema public from {}").format(role),
            sql.SQL("revoke all on all tables in schema public from {}").format(role),
            sql.SQL("grant select on all tables in schema public to {}").format(role),
            sql.SQL(
                "alter default privileges in schema public grant select on tables to {}"
            ).format(role),
        ]
        with connection.transaction():
            for statement in statements:
                connection.execute(statement)
