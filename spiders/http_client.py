"""trawl's HTTP download handler: Scrapy's aiohttp handler, started inside the running loop.

Scrapy 2.19 ships a download handler on aiohttp (scrapy.core.downloader.handlers._aiohttp,
still marked experimental) beside its Twisted one (HTTP11DownloadHandler). On the sandbox
marketplace crawl it costs about 0.1-0.2 ms less CPU a page (aiohttp parses HTTP in C;
Twisted's client parses it line by line in Python): bench/peer.py's crawl with the full
pipeline, alternated rounds, 1.54-1.57 against 1.63-1.78 ms a page. Everything around it
is Scrapy's: timeouts, DOWNLOAD_MAXSIZE and DOWNLOAD_WARNSIZE, data loss, proxies
(meta["proxy"], user:pass@ or a Proxy-Authorization header), the errors a download raises.

Two changes to Scrapy's handler:
- the aiohttp session is made at the first download, not when the crawler is built: under
  `scrapy crawl` the handler is built before the event loop runs, and an aiohttp session
  made then fails every download ("no running event loop");
- a request without a body sends none (Scrapy's handler wraps b"" in a payload object).

spiders/settings.py installs it for http and https (DOWNLOAD_HANDLERS_BASE). Spiders that
render install scrapy-playwright's handler instead, whose plain-HTTP requests go through
Scrapy's Twisted handler.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import ClassVar

import aiohttp
import yarl
from scrapy import Request
from scrapy.core.downloader.handlers._aiohttp import AiohttpDownloadHandler, _ClientResponse
from scrapy.core.downloader.handlers._base_streaming import BaseStreamingDownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    UnsupportedURLSchemeError,
)
from scrapy.utils.ssl import _make_ssl_context

# Headers aiohttp would add on its own; Scrapy's middlewares set the ones a request needs.
SKIP_AUTO_HEADERS = ("Accept", "Accept-Encoding", "Content-Type", "User-Agent")


class HttpDownloadHandler(AiohttpDownloadHandler):
    """AiohttpDownloadHandler with its session opened in the running event loop."""

    # trawl's own tests crawl the sandbox (hostile pages, proxies, redirects) through it
    experimental: ClassVar[bool] = False

    def __init__(self, crawler: Crawler):  # pylint: disable=super-init-not-called
        BaseStreamingDownloadHandler.__init__(self, crawler)
        self._ssl_context = _make_ssl_context(crawler.settings)
        self._client: aiohttp.ClientSession | None = None

    @property
    def _session(self) -> aiohttp.ClientSession:
        if self._client is None:
            connector = aiohttp.TCPConnector(
                local_addr=self._bind_address,
                limit=self._pool_size_total,
                limit_per_host=self._pool_size_per_host,
            )
            self._client = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),  # cookies: Scrapy's CookiesMiddleware
                auto_decompress=False,  # decompression: Scrapy's HttpCompressionMiddleware
                response_class=_ClientResponse,
                skip_auto_headers=SKIP_AUTO_HEADERS,
            )
        return self._client

    @asynccontextmanager
    async def _make_request(
        self, request: Request, timeout: float
    ) -> AsyncIterator[_ClientResponse]:
        """Scrapy's, with no payload object for an empty body."""
        url: str | yarl.URL = request.url
        if request.meta.get("verbatim_url"):
            url = yarl.URL(request.url, encoded=True)
        try:
            async with await self._session.request(
                request.method,
                url,
                data=request.body or None,
                headers=self._request_headers(request).to_tuple_list(),
                timeout=aiohttp.ClientTimeout(total=timeout),
                ssl=self._ssl_context,
                allow_redirects=False,
                proxy=self._extract_proxy_url_with_creds(request),
            ) as response:
                yield response  # type: ignore[misc]  # response_class=_ClientResponse
        except TimeoutError as error:
            raise DownloadTimeoutError(
                f"Getting {request.url} took longer than {timeout} seconds."
            ) from error
        except (aiohttp.InvalidUrlClientError, aiohttp.NonHttpUrlClientError) as error:
            raise UnsupportedURLSchemeError(str(error)) from error
        except aiohttp.ClientConnectorDNSError as error:
            raise CannotResolveHostError(str(error)) from error
        except aiohttp.ClientConnectorError as error:
            raise DownloadConnectionRefusedError(str(error)) from error
        except aiohttp.ClientError as error:
            raise DownloadFailedError(str(error)) from error

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
