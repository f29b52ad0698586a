"""Telling binary files from pages, and a wrong charset from a right one (spiders.page_guard),
and what the middleware does with them."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from spiders.page_guard import (
    PageGuardMiddleware,
    RedirectLimitMiddleware,
    binary_kind,
    corrected_encoding,
)

PAGE = "<html><body><h1>Café Müller</h1></body></html>"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"%PDF-1.7\n", "PDF"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"<html>\x00\x01\x02</html>", "binary"),
        (PAGE.encode(), None),
        ("\ufeff<html>é</html>".encode("utf-16"), None),  # UTF-16 has NULs, and a BOM
    ],
)
def test_binary_files_are_told_from_pages(body, kind):
    assert binary_kind(body) == kind


@pytest.mark.parametrize(
    ("body", "declared", "corrected"),
    [
        (PAGE.encode("utf-8"), "utf-8", None),
        (PAGE.encode("cp1252"), "utf-8", "cp1252"),  # declared UTF-8, is not
        (PAGE.encode("utf-8"), "iso-8859-1", "utf-8"),  # declared Latin-1, is UTF-8
        (PAGE.encode("utf-8"), "cp1252", "utf-8"),
        (PAGE.encode("cp1252"), "cp1252", None),
        (b"<html>plain</html>", "iso-8859-1", None),  # ASCII is both: nothing to correct
        (PAGE.encode("utf-8"), None, None),  # nothing declared: Scrapy detects it
        (PAGE.encode("utf-8"), "no-such-charset", None),
    ],
)
def test_a_wrong_declared_charset_is_corrected(body, declared, corrected):
    assert corrected_encoding(body, declared) == corrected


def response(body: bytes, content_type: str) -> HtmlResponse:
    return HtmlResponse("http://x.test/p", body=body, headers={"Content-Type": content_type})


def test_the_middleware_drops_binary_pages_and_counts_them():
    crawler = get_crawler()
    guard = PageGuardMiddleware.from_crawler(crawler)
    with pytest.raises(IgnoreRequest, match="is a PNG file"):
        guard.process_response(Request("http://x.test/p"), response(b"\x89PNG\r\n", "text/html"))
    assert crawler.stats.get_value("trawl/pages/binary") == 1


def test_the_middleware_reads_a_mislabelled_page_in_its_real_charset():
    crawler = get_crawler()
    guard = PageGuardMiddleware.from_crawler(crawler)
    read = guard.process_response(
        Request("http://x.test/p"), response(PAGE.encode(), "text/html; charset=iso-8859-1")
    )
    assert "Café Müller" in read.text
    assert crawler.stats.get_value("trawl/pages/encoding_corrected") == 1


def test_the_redirect_that_goes_one_too_far_is_counted():
    crawler = get_crawler(settings_dict={"REDIRECT_MAX_TIMES": 3})
    limit = RedirectLimitMiddleware.from_crawler(crawler)
    redirect = HtmlResponse("http://x.test/a", status=302, headers={"Location": "/b"})
    for times in (0, 1, 2, 3):
        limit.process_response(Request("http://x.test/a", meta={"redirect_times": times}), redirect)
    assert crawler.stats.get_value("trawl/pages/too_many_redirects") == 1
