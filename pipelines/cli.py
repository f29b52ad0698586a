"""`trawl db ...`: the raw store's server and schema.

    trawl db start     start the embedded PostgreSQL server (data/postgres), print its URL
    trawl db stop      stop it
    trawl db migrate   bring the schema to the head revision
    trawl db url       print the URL trawl writes to (DATABASE_URL, or the embedded server)
    trawl db replay [PATH]   load the spill files crawls left while the database was down
    trawl db analyst-role NAME   create a read-only role for analysts (SELECT only)

Settings (environment): DATABASE_URL, TRAWL_DATA_DIR, TRAWL_DATABASE_NAME (see
`pipelines.database`); TRAWL_WRITER_SPILL_DIR (default <data dir>/spill) for `replay`;
TRAWL_ANALYST_PASSWORD for `analyst-role` (see `pipelines.analyst_role`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipelines import database
from trawl.cli import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser(
        "db", help="the raw store: start, stop, migrate, url, replay, analyst-role"
    )
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

    replay = commands.add_parser(
        "replay", help="load the spill files crawls left while the database was down"
    )
    replay.add_argument(
        "path", nargs="?", type=Path, metavar="PATH",
        help="a spill file or a directory of them (default: TRAWL_WRITER_SPILL_DIR or "
        "<data dir>/spill)",
    )  # fmt: skip
    replay.add_argument("--url", help="a libpq URL (default: DATABASE_URL or the embedded one)")
    replay.set_defaults(run=replay_spills)

    analyst = commands.add_parser(
        "analyst-role", help="create (or update) a read-only role for analysts: SELECT only"
    )
    analyst.add_argument("name", help="the role's name, e.g. analyst")
    analyst.add_argument("--url", help="a libpq URL (default: DATABASE_URL or the embedded one)")
    analyst.set_defaults(run=create_analyst_role)


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


def replay_spills(args: argparse.Namespace) -> int:
    from pipelines.replay import ReplayOutcome, replay_spill_file
    from pipelines.spill import SpillLocked, spill_files
    from pipelines.store import RawStore, StoreUnavailable

    path = args.path or Path(
        os.environ.get("TRAWL_WRITER_SPILL_DIR") or database.data_dir() / "spill"
    )
    if not path.exists() and args.path is not None:
        raise UsageError(
            f"no spill file or directory at {path}: give the PATH that the crawl's log named "
            "(or none, for the default spill directory)"
        )
    # a default directory no crawl has spilled into yet holds no spill files either
    files = [path] if path.is_file() else spill_files(path)
    if not files:
        print(f"no spill files in {path}: nothing to replay")
        return 0
    store = RawStore(args.url or database.database_url())
    total, skipped = ReplayOutcome(), 0
    try:
        store.ensure_schema()
        for file in files:
            try:
                outcome = replay_spill_file(store, file)
            except SpillLocked as error:
                print(f"skipped: {error}", file=sys.stderr)
                skipped += 1
                continue
            total.add(outcome)
            closed = "".join(f"; closed crawl run {run} as {status}"
                             for run, status in outcome.runs_closed.items())  # fmt: skip
            print(f"{file.name}: {outcome.stored} rows stored, {outcome.refused} refused "
                  f"(now in rejects){closed}")  # fmt: skip
    except StoreUnavailable as error:
        raise UsageError(f"{error} The spill files not yet replayed stay in {path}.") from None
    finally:
        store.close()
    print(f"replayed {len(files) - skipped} spill files: {total.stored} rows stored, "
          f"{total.refused} refused")  # fmt: skip
    return 1 if skipped else 0


def create_analyst_role(args: argparse.Namespace) -> int:
    from pipelines.analyst_role import AnalystRoleError, grant_read_only

    url = args.url or database.database_url()
    password = os.environ.get("TRAWL_ANALYST_PASSWORD") or None
    try:
        grant_read_only(url, args.name, password)
    except AnalystRoleError as error:
        raise UsageError(str(error)) from None
    login = "with the password in TRAWL_ANALYST_PASSWORD" if password else "without a password"
    print(f"role {args.name!r} on {database.redact(url)}: may read every raw table, change "
          f"nothing; logs in {login}")  # fmt: skip
    return 0
