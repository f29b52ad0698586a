"""MetaRefreshMiddleware: Scrapy's, without decoding and scanning pages that cannot refresh.

Scrapy's MetaRefreshMiddleware looks for `<meta http-equiv="refresh">` in every HTML
response: it decodes the page, finds its base URL and scans its first 4,096 characters with
regular expressions, 2.6% of the marketplace crawl's samples (py-spy, issue 9), for pages
that almost never have one. A refresh needs the word "refresh" in the tag, and in UTF-8,
ASCII, Latin-1, ISO-8859-15 or windows-1252 the word in the text is the same seven
bytes in the body: a body without them (in any case) is passed on at once. Any other
page, and every page in another encoding (UTF-16, ISO-2022-JP, ...), goes through
Scrapy's own scan, which decides as before.

spiders/settings.py installs it in place of Scrapy's (DOWNLOADER_MIDDLEWARES, 579); it
reads Scrapy's settings: METAREFRESH_ENABLED, METAREFRESH_IGNORE_TAGS,
METAREFRESH_MAXDELAY, REDIRECT_MAX_TIMES.
"""

from __future__ import annotations

import codecs
from functools import cache

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefresh
from scrapy.http import HtmlResponse, Response

# Scrapy scans the first 4,096 characters: at most 4 bytes each in UTF-8
SCANNED_BYTES = 4 * 4096
# encodings in which every ASCII character is its own byte, whatever surrounds it
ASCII_AS_IS = frozenset({"utf-8", "ascii", "iso8859-1", "iso8859-15", "cp1252"})


@cache
def writes_ascii_as_is(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name in ASCII_AS_IS
    except LookupError:
        return False


def cannot_refresh(body: bytes, encoding: str) -> bool:
    """Whether a page of these bytes, in this encoding, certainly has no meta refresh
    (False: it may have one)."""
    # lowering the bytes and searching them: a fifth of the CPU of a case-blind regex
    return writes_ascii_as_is(encoding) and b"refresh" not in body[:SCANNED_BYTES].lower()


class MetaRefreshMiddleware(ScrapyMetaRefresh):
    def process_response(self, request: Request, response: Response) -> Request | Response:
        if isinstance(response, HtmlResponse) and cannot_refresh(response.body, response.encoding):
            return response
        return super().process_response(request, response)
