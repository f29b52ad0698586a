"""crawl_health: one row per crawl run, with what it stored and rejected, counted in the store."""

from __future__ import annotations


def test_crawl_health_counts_stored_and_rejected_items_per_run(raw_store, build, read):
    run = raw_store.crawl_run(
        "directory", started=0, finished=2.5, items_stored=3, items_rejected=1
    )
    for number in range(3):
        raw_store.lead(run, "directory", f"d{number}", 1, name=f"Shop {number}")
    raw_store.reject(run, "name: missing", source="directory", source_id="d9")
    target = build(raw_store.url).target
    [health] = read(target, "select * from crawl_health")
    assert (health["spider"], health["status"], health["duration_seconds"]) == (
        "directory",
        "finished",
        150.0,
    )
    assert (health["items_stored"], health["items_rejected"], health["reject_rate"]) == (3, 1, 0.25)
    assert (health["reported_items_stored"], health["reported_items_rejected"]) == (3, 1)


def test_crawl_health_counts_both_item_types_of_a_run(raw_store, build, read):
    run = raw_store.crawl_run("mixed", started=0, finished=1)
    raw_store.lead(run, "directory", "d1", 1, name="Shop")
    raw_store.product(run, "marketplace", "B01", 1, title="Kettle")
    raw_store.product(run, "marketplace", "B02", 1, title="Toaster")
    target = build(raw_store.url).target
    assert read(target, "select items_stored, reject_rate from crawl_health") == [
        {"items_stored": 3, "reject_rate": 0.0}
    ]


def test_a_running_crawl_has_no_duration_yet(raw_store, build, read):
    raw_store.crawl_run("marketplace", started=0)
    target = build(raw_store.url).target
    assert read(target, "select status, duration_seconds, reject_rate from crawl_health") == [
        {"status": "running", "duration_seconds": None, "reject_rate": None}
    ]
