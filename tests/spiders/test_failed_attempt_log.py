"""A page scrapy-playwright closes after a failure is one attempt, which the crawl retries:
its line becomes INFO, without the library's traceback (spiders.rendering.FailedAttemptLog),
unless the crawl logs at DEBUG. Spiders quote a browser error by its first line."""

from __future__ import annotations

import logging

import pytest

from spiders.rendering import FailedAttemptLog, error_line, quiet_failed_attempts

PLAYWRIGHT_LOG = logging.getLogger("scrapy-playwright")


@pytest.fixture(autouse=True)
def no_filter_left_behind():
    yield
    for found in [f for f in PLAYWRIGHT_LOG.filters if isinstance(f, FailedAttemptLog)]:
        PLAYWRIGHT_LOG.removeFilter(found)


def log_failed_page(message: str = "Closing page due to failed request: %s exc_type=%s") -> None:
    try:
        raise TimeoutError("Page.wait_for_selector: Timeout 15000ms exceeded.")
    except TimeoutError as error:
        PLAYWRIGHT_LOG.warning(message, "<GET http://127.0.0.1/p/1>", type(error), exc_info=True)


def test_a_failed_attempt_is_one_info_line_naming_the_exception(caplog):
    quiet_failed_attempts("INFO")
    with caplog.at_level(logging.INFO, logger="scrapy-playwright"):
        log_failed_page()
    (record,) = caplog.records
    assert record.levelno == logging.INFO and record.exc_info is None
    assert "Traceback" not in caplog.text
    assert "<GET http://127.0.0.1/p/1>" in caplog.text and "TimeoutError" in caplog.text


def test_a_crawl_logging_warnings_and_up_does_not_show_it(caplog):
    quiet_failed_attempts("WARNING")
    with caplog.at_level(logging.WARNING):
        log_failed_page()
    assert not caplog.records


def test_its_other_warnings_stay_warnings_with_their_tracebacks(caplog):
    quiet_failed_attempts("INFO")
    with caplog.at_level(logging.INFO, logger="scrapy-playwright"):
        log_failed_page("Something else failed: %s %s")
    (record,) = caplog.records
    assert record.levelno == logging.WARNING and "Traceback" in caplog.text


def test_at_debug_the_line_stays_as_the_library_wrote_it(caplog):
    quiet_failed_attempts("INFO")
    quiet_failed_attempts("DEBUG")  # a later crawl of the process logs at DEBUG
    with caplog.at_level(logging.DEBUG, logger="scrapy-playwright"):
        log_failed_page()
    (record,) = caplog.records
    assert record.levelno == logging.WARNING and "Traceback" in caplog.text


def test_the_filter_is_installed_once_however_many_handlers_are_made():
    for _ in range(3):  # one handler per scheme, one pair per crawl of the process
        quiet_failed_attempts(logging.INFO)
    assert sum(isinstance(f, FailedAttemptLog) for f in PLAYWRIGHT_LOG.filters) == 1


def test_a_browser_error_is_quoted_by_its_first_line():
    error = RuntimeError(
        "Page.evaluate: Error: the app could not load ChIJ1\n    at eval (<anonymous>:18:47)"
    )
    assert error_line(error) == "Page.evaluate: Error: the app could not load ChIJ1"
    assert error_line(TimeoutError("Timeout 15000ms exceeded.")) == "Timeout 15000ms exceeded."
