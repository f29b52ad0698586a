"""TRAWL_SITES_VIA: business URLs go to the sandbox and come back under their own URL."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from spiders.sites_via import SitesViaMiddleware, sandbox_url_for

VIA = "http://127.0.0.1:8700"


def middleware(via: str = VIA) -> SitesViaMiddleware:
    return SitesViaMiddleware.from_crawler(get_crawler(settings_dict={"TRAWL_SITES_VIA": via}))


@pytest.mark.parametrize(
    ("url", "mapped"),
    [
        ("https://www.Acme.com/contact?x=1", f"{VIA}/_sites/www.acme.com/contact?x=1"),
        ("http://acme.com", f"{VIA}/_sites/acme.com/"),
        ("https://acme.com:8443/robots.txt", f"{VIA}/_sites/acme.com/robots.txt"),
        (f"{VIA}/directory/", None),  # the sandbox's own page
        ("ftp://acme.com/file", None),
    ],
)
def test_business_urls_map_into_the_sandbox(url, mapped):
    assert sandbox_url_for(url, VIA) == mapped


def test_a_request_is_sent_to_the_sandbox_and_its_response_comes_back_as_asked():
    mw = middleware()
    asked = Request("https://acme.com/contact", meta={"playwright": True})
    sent = mw.process_request(asked)
    assert sent.url == f"{VIA}/_sites/acme.com/contact"
    assert sent.meta["playwright"] and sent.dont_filter
    assert mw.process_request(sent) is None  # passes on to the download
    response = HtmlResponse(sent.url, body=b"<a href='/about'>About</a>", request=sent)
    back = mw.process_response(sent, response)
    assert back.url == "https://acme.com/contact"
    assert back.urljoin("/about") == "https://acme.com/about"


def test_a_copied_meta_never_lets_a_business_url_through():
    mw = middleware()
    sent = mw.process_request(Request("https://acme.com/"))
    follow = Request("https://acme.com/about", meta=dict(sent.meta))  # meta copied by a spider
    assert mw.process_request(follow).url == f"{VIA}/_sites/acme.com/about"


def test_unset_the_middleware_is_off_and_a_bad_url_is_refused():
    with pytest.raises(NotConfigured):
        middleware("")
    with pytest.raises(ValueError, match="TRAWL_SITES_VIA='sandbox' is not a URL"):
        middleware("sandbox")
