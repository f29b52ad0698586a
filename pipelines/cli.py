"""`trawl db ...`: the raw store's server and schema.

    trawl db start     start the embedded PostgreSQL server (data/postgres), print its URL
    trawl db stop      stop it
    trawl db migrate   bring the schema to the head revision
    trawl db url       print the URL trawl writes to (DATABASE_URL, or the embedded server)

Settings (environment): DATABASE_URL, TRAWL_DATA_DIR, TRAWL_DATABASE_NAME (see
`pipelines.database`).
"""

from __future__ import annotations

import argparse
import os
import sys

from pipelines import database
from trawl.cli import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="the raw store: start, stop, migrate, url")
    commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")

    start = commands.add_parser("start", help="start the embedded PostgreSQL server")
    start.set_defaults(run=start_server)

    stop = commands.add_parser("stop", help="stop the embedded PostgreSQL server")
    stop.set_defaults(run=stop_server)

    migrate = commands.add_parser("migrate", help="bring the schema to the head revision")
    migrate.add_argument("--url", help="a libpq URL (default: DATABASE_URL or the embedded one)")
    migrate.set_defaults(run=migrate_schema)

    url = commands.add_parser("url", help="print the raw store's URL")
    url.add_argument("--show-password", action="store_true", help="do not mask the password")
    url.set_defaults(run=print_url)


def start_server(args: argparse.Namespace) -> int:
    name = os.environ.get("TRAWL_DATABASE_NAME", "trawl")
    server = database.start_embedded()
    database.ensure_database(server.get_uri("postgres"), name)
    print(server.get_uri(name))
    if os.environ.get("DATABASE_URL"):
        print(
            f"note: DATABASE_URL is set ({database.redact(os.environ['DATABASE_URL'])}); "
            "trawl writes there, not to the embedded server, until you unset it",
            file=sys.stderr,
        )
    return 0


def stop_server(args: argparse.Namespace) -> int:
    if not database.embedded_is_running():
        print(f"the embedded server in {database.embedded_pgdata()} is not running")
        return 0
    database.stop_embedded()
    print(f"stopped the embedded server in {database.embedded_pgdata()}")
    return 0


def migrate_schema(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import OperationalError  # SQLAlchemy and Alembic are slow to import

    from pipelines.migrate import MigrationError, current_revision, migrate

    url = args.url or database.database_url()
    where = database.redact(url)
    try:
        before = current_revision(url)
        migrate(url)
    except MigrationError as error:
        raise UsageError(str(error)) from error
    except OperationalError as error:
        cause = " ".join(str(error.orig).split()).rstrip(".?")
        raise UsageError(
            f"cannot migrate {where}: {cause}. Check the URL, and that the server "
            "runs (`trawl db start` for the embedded one)."
        ) from error
    after = current_revision(url)
    if before == after:
        print(f"{where}: already at revision {after}")
    else:
        print(f"{where}: migrated from {before or 'an empty schema'} to revision {after}")
    return 0


def print_url(args: argparse.Namespace) -> int:
    url = database.database_url()
    print(url if args.show_password else database.redact(url))
    return 0
