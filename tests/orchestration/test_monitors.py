"""The crawl monitors judge a crawl's figures as a person would."""

from __future__ import annotations

import pytest

from orchestration import monitors
from orchestration.monitors import CrawlFigures, Thresholds


def figures(**overrides) -> CrawlFigures:
    base = {"crawl_run_id": 2, "spider": "directory", "finish_reason": "finished",
            "pages": 100, "items_stored": 90, "items_rejected": 0, "errors": 0}  # fmt: skip
    return CrawlFigures(**{**base, **overrides})


def test_item_count_fails_when_items_drop_beyond_the_accepted_share():
    verdict = monitors.item_count(figures(items_stored=50), figures(crawl_run_id=1), max_drop=0.3)
    assert not verdict.passed
    assert "44% fewer than run 1" in verdict.description


def test_item_count_passes_a_small_drop_and_a_first_run():
    assert monitors.item_count(figures(items_stored=80), figures(crawl_run_id=1), 0.3).passed
    assert monitors.item_count(figures(), None, 0.3).passed


def test_a_crawl_without_items_fails():
    assert not monitors.item_count(figures(items_stored=0), None, 0.3).passed


def test_error_rate_counts_errors_per_page():
    assert monitors.error_rate(figures(errors=4), 0.05).passed
    assert not monitors.error_rate(figures(errors=6), 0.05).passed


def test_ban_rate_passes_direct_crawls_and_judges_proxied_ones():
    assert monitors.ban_rate(figures(), 0.5).passed
    assert not monitors.ban_rate(figures(proxied_requests=10, bans=6), 0.5).passed


def test_finish_reason_accepts_planned_ends_only():
    assert monitors.finish_reason(figures(finish_reason="closespider_pagecount")).passed
    assert not monitors.finish_reason(figures(finish_reason="shutdown")).passed


def test_reject_rate_fails_above_the_threshold():
    assert not monitors.reject_rate(figures(items_stored=90, items_rejected=10), 0.05).passed
    assert monitors.reject_rate(figures(items_stored=99, items_rejected=1), 0.05).passed


def test_field_coverage_names_each_field_below_its_minimum():
    verdict = monitors.field_coverage(
        figures(coverage={"phone": 0.4, "name": 1.0}), {"phone": 0.9, "name": 1.0}
    )
    assert not verdict.passed
    assert "phone on 40% (needs 90%)" in verdict.description
    assert "name" not in verdict.description.split(":", 1)[1]


def test_thresholds_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("TRAWL_CHECK_MAX_ITEM_DROP", "0.1")
    assert Thresholds.from_env().max_item_drop == 0.1


def test_a_threshold_that_is_not_a_share_is_refused_with_its_name(monkeypatch):
    monkeypatch.setenv("TRAWL_CHECK_MAX_REJECT_RATE", "lots")
    with pytest.raises(ValueError, match="TRAWL_CHECK_MAX_REJECT_RATE='lots' is not a number"):
        Thresholds.from_env()
