"""Emptying the raw store between test modules: every table of crawl runs and their rows.

The tests of one session share one database, and a module that starts from an empty store
restarts the ids, so its first crawl runs get ids 1, 2, ... again. A table left out of the
reset keeps rows of an earlier module under those same ids, and a count by crawl run (the
database-counted `items_stored` of a resumed or replayed run) then counts them too: the
contacts crawl's 28 contact rows made a resumed directory run report 672 items for 644
rows. So the tables are not listed by hand: every base table with a `crawl_run_id` column
is emptied, with `crawl_runs`, and a table a migration adds is covered the day it exists.
"""

from __future__ import annotations

import psycopg
from psycopg import sql


def raw_tables(connection: psycopg.Connection) -> list[str]:
    """`crawl_runs` and every base table of the current schema that holds a crawl run's rows."""
    found = connection.execute(
        "select c.table_name from information_schema.columns c"
        " join information_schema.tables t using (table_schema, table_name)"
        " where c.table_schema = current_schema() and c.column_name = 'crawl_run_id'"
        " and t.table_type = 'BASE TABLE' order by c.table_name"
    ).fetchall()
    return ["crawl_runs", *(name for (name,) in found)]


def empty_raw_tables(url: str) -> None:
    """Delete every crawl run and every row of one, in one statement; ids restart at 1."""
    with psycopg.connect(url, autocommit=True) as connection:
        tables = sql.SQL(", ").join(map(sql.Identifier, raw_tables(connection)))
        connection.execute(sql.SQL("truncate {} restart identity").format(tables))
