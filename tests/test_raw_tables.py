"""The tests' reset of the raw store (tests/raw_tables.py), on a real PostgreSQL: a run
counted in the database after a reset counts its own rows, not an earlier module's."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest

from pipelines.observations import CONTACTS, LEADS, PRODUCTS, TABLES, observation_row
from pipelines.rejects import reject_row
from pipelines.store import RawStore
from spiders.items import ContactItem, LeadItem, ProductItem
from tests.raw_tables import empty_raw_tables, raw_tables


@pytest.fixture
def store(database_url):
    empty_raw_tables(database_url)
    raw_store = RawStore(database_url)
    yield raw_store
    raw_store.close()
    empty_raw_tables(database_url)


def open_run(store: RawStore, spider: str) -> int:
    return store.open_crawl_run(spider, {}, datetime.now(UTC), None, "nightly")


def fill_run(store: RawStore, run: int) -> None:
    """One row of `run` in every table that holds a crawl run's rows."""
    now = datetime.now(UTC)
    rows = {
        LEADS: LeadItem("directory", "L1", "http://x.test/b/1", name="Shop"),
        PRODUCTS: ProductItem("marketplace", "P1", "http://x.test/p/1", title="Kettle"),
        CONTACTS: ContactItem("directory", "L1", "http://shop.test/"),
    }
    for table, item in rows.items():
        assert store.write_observations(table, [observation_row(item, run, now)]).stored == 1
    store.write_rejects([reject_row({"name": None}, "no source", run)])


def test_every_table_of_crawl_run_rows_is_reset(database_url):
    with psycopg.connect(database_url) as connection:
        tables = raw_tables(connection)
    assert set(tables) == {"crawl_runs", "rejects", *(table.name for table in TABLES)}


def test_a_reset_leaves_no_row_of_any_crawl_run(store, database_url):
    fill_run(store, open_run(store, "contacts"))
    empty_raw_tables(database_url)
    with psycopg.connect(database_url) as connection:
        left = {t: connection.execute(f"select count(*) from {t}").fetchone()[0]
                for t in raw_tables(connection)}  # fmt: skip
    assert left == dict.fromkeys(left, 0)
    assert open_run(store, "directory") == 1  # ids restart


def test_a_run_counted_after_a_reset_counts_only_its_own_rows(store, database_url):
    # an earlier test module's crawls: a directory run (1), then a contacts run (2)
    open_run(store, "directory")
    fill_run(store, open_run(store, "contacts"))
    empty_raw_tables(database_url)

    # this module's crawls get the ids 1 and 2 again; the second is resumed and counted
    open_run(store, "directory")
    run = open_run(store, "directory")
    item = LeadItem("directory", "L2", "http://x.test/b/2", name="Bakery")
    store.write_observations(LEADS, [observation_row(item, run, datetime.now(UTC))])
    store.finish_crawl_run(run, finished_at=datetime.now(UTC), status="finished",
                           finish_reason="finished", items_stored=None, items_rejected=None,
                           stats={})  # fmt: skip
    with psycopg.connect(database_url) as connection:
        counts = connection.execute(
            "select items_stored, items_rejected from crawl_runs where id = %s", (run,)
        ).fetchone()
    assert counts == (1, 0)
