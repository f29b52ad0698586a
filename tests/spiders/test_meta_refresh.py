"""MetaRefreshMiddleware (spiders.meta_refresh): Scrapy's meta-refresh redirects, with pages
that cannot have one passed on unread."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from spiders.meta_refresh import MetaRefreshMiddleware, cannot_refresh

REFRESHING = '<html><head><meta http-equiv="{word}" content="0; url=/next"></head></html>'
PLAIN = "<html><head><title>Café</title></head><body><p>No redirect here.</p></body></html>"


@pytest.mark.parametrize(
    ("body", "encoding", "cannot"),
    [
        (PLAIN.encode(), "utf-8", True),
        (PLAIN.encode("cp1252"), "cp1252", True),
        (PLAIN.encode("latin-1"), "latin-1", True),  # an alias of iso8859-1
        (REFRESHING.format(word="refresh").encode(), "utf-8", False),
        (REFRESHING.format(word="REFRESH").encode(), "utf-8", False),
        (b"<p>the word Refresh in the text</p>", "utf-8", False),  # Scrapy's scan decides
        (PLAIN.encode("utf-16"), "utf-16", False),  # not ASCII byte for byte: Scrapy's scan
        (PLAIN.encode(), "iso-2022-jp", False),
        (PLAIN.encode(), "no-such-charset", False),
    ],
)
def test_only_pages_without_the_word_refresh_are_ruled_out(body, encoding, cannot):
    assert cannot_refresh(body, encoding) is cannot


def middleware() -> MetaRefreshMiddleware:
    return MetaRefreshMiddleware.from_crawler(get_crawler())


def html(body: bytes, encoding: str = "utf-8") -> tuple[Request, HtmlResponse]:
    request = Request("http://x.test/start")
    return request, HtmlResponse(request.url, body=body, encoding=encoding, request=request)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_meta_refresh_still_redirects(encoding):
    request, response = html(REFRESHING.format(word="Refresh").encode(encoding), encoding)
    redirected = middleware().process_response(request, response)
    assert isinstance(redirected, Request)
    assert redirected.url.startswith("http://x.test/next")  # UTF-16: Scrapy adds its BOM


def test_a_plain_page_is_passed_on_as_it_came():
    request, response = html(PLAIN.encode())
    assert middleware().process_response(request, response) is response


def test_a_refresh_beyond_what_scrapy_scans_is_not_followed():
    late = ("<!--" + "x" * 5000 + "-->" + REFRESHING.format(word="refresh")).encode()
    request, response = html(late)
    assert middleware().process_response(request, response) is response


def test_the_project_settings_install_it_in_place_of_scrapys():
    from scrapy.utils.project import get_project_settings

    middlewares = get_project_settings().getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware"] is None
    assert middlewares["spiders.meta_refresh.MetaRefreshMiddleware"] == 579
