"""The raw store on a real PostgreSQL: batches land, replays don't duplicate, bad rows are
isolated and rejected with the database's reason."""

from datetime import UTC, datetime

import pytest

from pipelines.batches import Batch, write_batch
from pipelines.normalize.items import normalize_item
from pipelines.observations import LEADS, PRODUCTS, observation_row
from pipelines.rejects import reject_row
from pipelines.store import RawStore, StoreUnavailable
from spiders.items import LeadItem, ProductItem


def leads(count: int, **fields) -> list[LeadItem]:
    return [
        normalize_item(
            LeadItem("directory", f"L{i}", f"http://x.test/biz/L{i}", name=f"Shop {i}", **fields)
        )
        for i in range(count)
    ]


def rows(items, crawl_run_id) -> list[tuple]:
    now = datetime.now(UTC)
    return [observation_row(item, crawl_run_id, now) for item in items]


def test_a_batch_of_rows_lands(store, crawl_run_id, query):
    result = store.write_observations(LEADS, rows(leads(50, phone="217-555-0142"), crawl_run_id))
    assert (result.stored, result.refused) == (50, [])
    stored = query(
        "select source_id, phone, phone_raw, crawl_run_id from lead_observations order by id"
    )
    assert len(stored) == 50
    assert stored[0] == {
        "source_id": "L0",
        "phone": "+12175550142",
        "phone_raw": "217-555-0142",
        "crawl_run_id": crawl_run_id,
    }


def test_replaying_a_crawl_run_does_not_duplicate_rows(store, crawl_run_id, query):
    batch = rows(leads(20), crawl_run_id)
    store.write_observations(LEADS, batch)
    before = query("select id, observed_at from lead_observations order by id")
    store.write_observations(LEADS, batch)
    store.write_observations(LEADS, rows(leads(20), crawl_run_id))  # seen again, same content
    assert query("select id, observed_at from lead_observations order by id") == before


def test_changed_content_in_the_same_run_updates_the_observation(store, crawl_run_id, query):
    store.write_observations(LEADS, rows(leads(1, phone="217-555-0142"), crawl_run_id))
    store.write_observations(LEADS, rows(leads(1, phone="217-555-0199"), crawl_run_id))
    assert query("select phone from lead_observations") == [{"phone": "+12175550199"}]


def test_another_crawl_run_adds_its_own_observations(store, crawl_run_id, query):
    second_run = store.open_crawl_run("directory", {}, datetime.now(UTC))
    store.write_observations(LEADS, rows(leads(3), crawl_run_id))
    store.write_observations(LEADS, rows(leads(3), second_run))
    assert query("select count(*) as n from lead_observations") == [{"n": 6}]


def test_an_entity_seen_twice_in_one_batch_keeps_its_last_sighting(store, crawl_run_id, query):
    first, last = leads(1, city="Springfield")[0], leads(1, city="Chicago")[0]
    result = store.write_observations(LEADS, rows([first, last], crawl_run_id))
    assert result.stored == 2
    assert query("select city from lead_observations") == [{"city": "Chicago"}]


def test_a_poisoned_row_is_refused_and_the_rest_of_its_batch_stored(store, crawl_run_id, query):
    items = leads(40)
    items[17].raw["note"] = "left\x00right"  # jsonb refuses the \u0000 escape
    result = store.write_observations(LEADS, rows(items, crawl_run_id))
    assert result.stored == 39
    assert [index for index, _ in result.refused] == [17]
    assert "\\u0000 cannot be converted to text; column raw" in result.refused[0][1]
    assert query("select count(*) as n from lead_observations where source_id = 'L17'") == [
        {"n": 0}
    ]


def test_several_poisoned_rows_are_each_found(store, crawl_run_id):
    items = [
        normalize_item(
            ProductItem("marketplace", f"P{i}", "http://x.test/p", title="T", price="$5")
        )
        for i in range(30)
    ]
    for index in (0, 13, 29):
        items[index].price = "1e20"  # more than numeric(18, 4) holds
    result = store.write_observations(PRODUCTS, rows(items, crawl_run_id))
    assert result.stored == 27
    assert [index for index, _ in result.refused] == [0, 13, 29]
    assert all(
        "numeric field overflow" in reason and "column price" in reason
        for _, reason in result.refused
    )


def test_refused_rows_become_rejects_with_the_database_reason(store, crawl_run_id, query):
    items = leads(5)
    items[2].raw["note"] = "\x00"
    batch = Batch()
    for row in rows(items, crawl_run_id):
        batch.add(LEADS, row)
    outcome = write_batch(store, batch, crawl_run_id)
    assert (outcome.stored, outcome.refused) == (4, 1)
    [reject] = query("select crawl_run_id, item_type, source, source_id, reason, item from rejects")
    assert reject["crawl_run_id"] == crawl_run_id
    assert (reject["item_type"], reject["source"], reject["source_id"]) == (
        "lead",
        "directory",
        "L2",
    )
    assert reject["reason"].startswith(
        "the database refused the row: unsupported Unicode escape sequence"
    )
    # the row's values, its JSON read back, the NUL made visible
    assert reject["item"]["raw"]["note"] == "\u2400"
    assert (reject["item"]["name"], reject["item"]["crawl_run_id"]) == (items[2].name, crawl_run_id)


def test_rejects_with_nul_characters_are_stored(store, crawl_run_id, query):
    item = LeadItem("directory", "L\x001", "http://x.test", name="A\x00B")
    store.write_rejects([reject_row(item, "name: must not contain \x00", crawl_run_id)])
    [reject] = query("select source_id, reason, item->>'name' as name from rejects")
    assert reject == {
        "source_id": "L\u24001",
        "reason": "name: must not contain \u2400",
        "name": "A\u2400B",
    }


def test_a_crawl_run_is_opened_running_and_closed_with_its_figures(store, query):
    started = datetime.now(UTC)
    run_id = store.open_crawl_run(
        "marketplace", {"max_pages": 2}, started, dagster_run_id="abc-123"
    )
    [opened] = query(
        "select spider, arguments, status, dagster_run_id, finished_at from crawl_runs"
    )
    assert opened == {
        "spider": "marketplace",
        "arguments": {"max_pages": 2},
        "status": "running",
        "dagster_run_id": "abc-123",
        "finished_at": None,
    }
    store.finish_crawl_run(
        run_id, finished_at=datetime.now(UTC), status="finished", finish_reason="finished",
        items_stored=10, items_rejected=2, stats={"item_scraped_count": 12},
    )  # fmt: skip
    [closed] = query(
        "select status, finish_reason, items_stored, items_rejected, stats,"
        " finished_at >= started_at as ordered from crawl_runs"
    )
    assert closed == {
        "status": "finished",
        "finish_reason": "finished",
        "items_stored": 10,
        "items_rejected": 2,
        "stats": {"item_scraped_count": 12},
        "ordered": True,
    }


def test_a_lost_connection_is_reconnected(store, crawl_run_id, query):
    store.write_observations(LEADS, rows(leads(1), crawl_run_id))
    # the server ends the store's session, as a server restart would
    query("select pg_terminate_backend(%s) as ended", store.connection.info.backend_pid)
    result = store.write_observations(LEADS, rows(leads(3), crawl_run_id))
    assert result.stored == 3
    assert query("select count(*) as n from lead_observations") == [{"n": 3}]


def test_an_unreachable_database_is_a_clear_error_without_the_password():
    with pytest.raises(StoreUnavailable) as error:
        RawStore("postgresql://postgres:hunter2@127.0.0.1:1/trawl").open_crawl_run(
            "x", {}, datetime.now(UTC)
        )
    assert "trawl db start" in str(error.value)
    assert "hunter2" not in str(error.value)
