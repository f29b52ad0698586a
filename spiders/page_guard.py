"""Downloader middlewares that keep hostile pages from reaching the spiders, or from being
lost without a count.

- PageGuardMiddleware (after decompression): a response the server calls text (text/html,
  ...) whose bytes are a binary file (a NUL in its first KB, or a PNG, JPEG, GIF, PDF, ZIP or
  gzip signature) is dropped and counted, `trawl/pages/binary`; a page whose declared charset
  cannot be right is decoded as what its bytes are, counted `trawl/pages/encoding_corrected`:
  declared UTF-8 but not valid UTF-8 -> windows-1252 (what such bytes nearly always are);
  declared Latin-1, windows-1252 or ASCII but valid UTF-8 with non-ASCII bytes -> UTF-8
  (text in those encodings is almost never valid UTF-8 by accident).
- RedirectLimitMiddleware (sees responses before Scrapy's RedirectMiddleware): counts
  `trawl/pages/too_many_redirects` for each request RedirectMiddleware is about to drop for
  reaching REDIRECT_MAX_TIMES, which Scrapy only logs at DEBUG.

Settings: TRAWL_PAGE_GUARD_ENABLED (default True) switches both off; REDIRECT_MAX_TIMES
(Scrapy's, see spiders.settings).
"""

from __future__ import annotations

import codecs
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response, TextResponse
from w3lib.encoding import http_content_type_encoding

log = logging.getLogger(__name__)

SIGNATURES = {
    b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"%PDF": "PDF",
    b"PK\x03\x04": "ZIP", b"\x1f\x8b": "gzip",
}  # fmt: skip
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
SINGLE_BYTE = frozenset({"iso8859-1", "cp1252", "ascii"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def binary_kind(body: bytes) -> str | None:
    """What binary file `body` is ("PNG", ..., "binary" for NULs), None for text."""
    head = body[:1024]
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if b"\x00" in head and not head.startswith(UTF16_BOMS):
        return "binary"
    return None


def corrected_encoding(body: bytes, declared: str | None) -> str | None:
    """The encoding `body` is really in when the `declared` one cannot be right, else None."""
    try:
        name = codecs.lookup(declared).name if declared else None
    except LookupError:
        return None
    if name == "utf-8":
        return None if _is_utf8(body) else "cp1252"
    if name in SINGLE_BYTE and not body.isascii() and _is_utf8(body):
        return "utf-8"
    return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _switched_on(crawler: Crawler) -> None:
    if not crawler.settings.getbool("TRAWL_PAGE_GUARD_ENABLED", True):
        raise NotConfigured("TRAWL_PAGE_GUARD_ENABLED is off")


class PageGuardMiddleware:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageGuardMiddleware:
        _switched_on(crawler)
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse):
            return response
        if kind := binary_kind(response.body):
            self.stats.inc_value("trawl/pages/binary")
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
            log.warning("dropped %s: a %s file served as %s", response.url, kind, content_type)
            raise IgnoreRequest(f"{response.url} is a {kind} file, not a page")
        header = response.headers.get(b"Content-Type")
        declared = http_content_type_encoding(header.decode("latin-1")) if header else None
        if encoding := corrected_encoding(response.body, declared):
            self.stats.inc_value("trawl/pages/encoding_corrected")
            log.info("%s says it is %s but its bytes are %s: read as %s",
                     response.url, declared, encoding, encoding)  # fmt: skip
            return response.replace(encoding=encoding)
        return response


class RedirectLimitMiddleware:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        self.max_times = crawler.settings.getint("REDIRECT_MAX_TIMES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLimitMiddleware:
        _switched_on(crawler)
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        meta = request.meta
        redirects = (response.status in REDIRECT_STATUSES and b"Location" in response.headers
                     and not meta.get("dont_redirect"))  # fmt: skip
        # RedirectMiddleware's own test for giving up
        ttl = meta.get("redirect_ttl", self.max_times)
        if redirects and (not ttl or meta.get("redirect_times", 0) + 1 > self.max_times):
            self.stats.inc_value("trawl/pages/too_many_redirects")
            log.warning("%s redirected more than %d times: given up", request.url, self.max_times)
        return response
