"""Resuming a crawl run by its resume key (RawStore.resume_crawl_run), on a real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime


def open_run(store, key, spider="directory") -> int:
    return store.open_crawl_run(spider, {}, datetime.now(UTC), None, key)


def finish(store, run_id, status) -> None:
    store.finish_crawl_run(
        run_id, finished_at=datetime.now(UTC), status=status, finish_reason="x",
        items_stored=0, items_rejected=0, stats={},
    )  # fmt: skip


def test_an_unfinished_run_is_resumed_by_its_key(store, query):
    run = open_run(store, "nightly")
    finish(store, run, "failed")
    assert store.resume_crawl_run("directory", "nightly") == run
    assert query("select status, finished_at from crawl_runs") == [
        {"status": "running", "finished_at": None}
    ]


def test_a_finished_run_is_never_resumed(store):
    finish(store, open_run(store, "nightly"), "finished")
    assert store.resume_crawl_run("directory", "nightly") is None


def test_only_the_same_spider_and_key_resume_a_run(store):
    open_run(store, "nightly")
    assert store.resume_crawl_run("marketplace", "nightly") is None
    assert store.resume_crawl_run("directory", "weekly") is None


def test_the_latest_unfinished_run_is_the_one_resumed(store):
    open_run(store, "nightly")
    latest = open_run(store, "nightly")
    assert store.resume_crawl_run("directory", "nightly") == latest


def test_a_resumed_run_is_closed_with_the_rows_it_holds(store, crawl_run_id, query):
    from pipelines.observations import LEADS, observation_row
    from spiders.items import LeadItem

    item = LeadItem("directory", "L1", "http://x.test/b/1", name="Shop")
    store.write_observations(LEADS, [observation_row(item, crawl_run_id, datetime.now(UTC))])
    store.finish_crawl_run(crawl_run_id, finished_at=datetime.now(UTC), status="finished",
                           finish_reason="finished", items_stored=None, items_rejected=None,
                           stats={})  # fmt: skip
    assert query("select items_stored, items_rejected from crawl_runs") == [
        {"items_stored": 1, "items_rejected": 0}
    ]
