"""A page scrapy-playwright closes after a failure is logged in one line, without the
library's traceback (spiders.rendering.FailedPageTraceback), unless the crawl logs at DEBUG."""

from __future__ import annotations

import logging

import pytest

from spiders.rendering import FailedPageTraceback, quiet_failed_page_tracebacks

PLAYWRIGHT_LOG = logging.getLogger("scrapy-playwright")


@pytest.fixture(autouse=True)
def no_filter_left_behind():
    yield
    for found in [f for f in PLAYWRIGHT_LOG.filters if isinstance(f, FailedPageTraceback)]:
        PLAYWRIGHT_LOG.removeFilter(found)


def log_failed_page(message: str = "Closing page due to failed request: %s exc_type=%s") -> None:
    try:
        raise TimeoutError("Page.wait_for_selector: Timeout 15000ms exceeded.")
    except TimeoutError as error:
        PLAYWRIGHT_LOG.warning(message, "<GET http://127.0.0.1/p/1>", type(error), exc_info=True)


def test_a_failed_page_is_one_line_naming_the_exception(caplog):
    quiet_failed_page_tracebacks("INFO")
    with caplog.at_level(logging.WARNING, logger="scrapy-playwright"):
        log_failed_page()
    (record,) = caplog.records
    assert record.exc_info is None
    assert "Traceback" not in caplog.text
    assert "<GET http://127.0.0.1/p/1>" in caplog.text and "TimeoutError" in caplog.text


def test_its_other_messages_keep_their_tracebacks(caplog):
    quiet_failed_page_tracebacks("INFO")
    with caplog.at_level(logging.WARNING, logger="scrapy-playwright"):
        log_failed_page("Something else failed: %s %s")
    assert "Traceback" in caplog.text


def test_at_debug_the_traceback_stays(caplog):
    quiet_failed_page_tracebacks("INFO")
    quiet_failed_page_tracebacks("DEBUG")  # a later crawl of the process logs at DEBUG
    with caplog.at_level(logging.WARNING, logger="scrapy-playwright"):
        log_failed_page()
    assert "Traceback" in caplog.text


def test_the_filter_is_installed_once_however_many_handlers_are_made():
    for _ in range(3):  # one handler per scheme, one pair per crawl of the process
        quiet_failed_page_tracebacks(logging.INFO)
    assert sum(isinstance(f, FailedPageTraceback) for f in PLAYWRIGHT_LOG.filters) == 1
