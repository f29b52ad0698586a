"""When new crawls land, the warehouse is rebuilt once, from trusted crawls only."""

from __future__ import annotations

from orchestration.warehouse_sensor import CrawlLanding, rebuild_decision


def landing(storage_id: int, **overrides) -> CrawlLanding:
    fields = {
        "storage_id": storage_id,
        "asset": "directory_crawl",
        "run_id": f"{storage_id:08d}-4b06-4bd6-a639-49ec4a387b21",
        "partition": "all|2026-11-20",
        "run_finished": True,
        "crawl_succeeded": True,
        "published_in_run": False,
    }
    return CrawlLanding(**{**fields, **overrides})


def test_nothing_new_means_no_rebuild_and_the_same_cursor():
    decision = rebuild_decision([])
    assert not decision.rebuild and decision.cursor is None


def test_new_crawls_ask_for_one_rebuild_up_to_the_newest():
    decision = rebuild_decision([landing(3), landing(7, asset="marketplace_crawl")])
    assert decision.rebuild and decision.cursor == 7
    assert "directory_crawl[all|2026-11-20]" in decision.reason
    assert "marketplace_crawl" in decision.reason


def test_a_crawl_that_failed_a_blocking_check_does_not_trigger_a_rebuild():
    decision = rebuild_decision([landing(5, crawl_succeeded=False)])
    assert not decision.rebuild and decision.cursor == 5  # handled: not looked at again
    assert "failed a blocking check" in decision.reason


def test_a_good_crawl_beside_a_failed_one_still_triggers_a_rebuild():
    decision = rebuild_decision([landing(5, crawl_succeeded=False), landing(6)])
    assert decision.rebuild and decision.cursor == 6


def test_a_crawl_published_in_its_own_run_needs_no_rebuild():
    decision = rebuild_decision([landing(4, published_in_run=True)])
    assert not decision.rebuild and decision.cursor == 4
    assert "published in their own runs" in decision.reason


def test_while_a_run_with_a_new_crawl_is_still_going_the_sensor_waits():
    decision = rebuild_decision([landing(4), landing(5, run_finished=False)])
    assert not decision.rebuild and decision.cursor is None
    assert (
        "waiting for the runs of directory_crawl[all|2026-11-20] (run 00000005)" in decision.reason
    )
