import socket
import time

import pytest

from pipelines.normalize.urls import canonical_url, registered_domain, website_url


def test_host_is_lowercased_and_default_port_and_fragment_dropped():
    assert canonical_url("HTTP://WWW.Example.COM:80/Shop#reviews") == "http://www.example.com/Shop"


def test_query_arguments_are_sorted_and_tracking_parameters_dropped():
    url = "https://shop.example.com/p?b=2&utm_source=news&a=1&gclid=xyz&fbclid=1&UTM_Medium=m"
    assert canonical_url(url) == "https://shop.example.com/p?a=1&b=2"


def test_a_non_default_port_is_kept():
    assert (
        canonical_url("http://127.0.0.1:8700/market/p/B0X") == "http://127.0.0.1:8700/market/p/B0X"
    )


def test_characters_are_percent_encoded_one_way():
    assert canonical_url("http://example.com/a b/ü") == canonical_url(
        "http://example.com/a%20b/%C3%BC"
    )


def test_credentials_are_not_kept():
    assert canonical_url("http://user:secret@example.com/") == "http://example.com/"


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/x", "mailto:a@b.com", "/relative", "", None,
     "http://[::1/p", "http://[abc"],  # a broken IPv6 literal, which urlsplit refuses
)  # fmt: skip
def test_what_is_not_an_http_url_is_none(url):
    assert canonical_url(url) is None


def test_a_website_without_scheme_gets_one():
    assert website_url("www.Joes-Pizza.com/menu") == "http://www.joes-pizza.com/menu"


@pytest.mark.parametrize(
    ("website", "domain"),
    [
        ("https://www.joes-pizza.com/menu?x=1", "joes-pizza.com"),
        ("http://shop.example.co.uk", "example.co.uk"),
        ("joes-pizza.com", "joes-pizza.com"),
        ("WWW.JOES-PIZZA.COM.", "joes-pizza.com"),
        ("https://mybiz.wixsite.com/home", "mybiz.wixsite.com"),
        ("https://www.joes.test/", "joes.test"),
    ],
)
def test_a_website_reduces_to_its_registered_domain(website, domain):
    assert registered_domain(website) == domain


@pytest.mark.parametrize("website", ["http://127.0.0.1:8700/x", "http://localhost/", "n/a", None])
def test_hosts_that_identify_no_business_have_no_domain(website):
    assert registered_domain(website) is None


def test_domains_are_found_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("tldextract tried the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert registered_domain("https://www.some-new-shop.com.au/") == "some-new-shop.com.au"


def test_a_long_path_that_is_not_plain_is_canonicalized_in_linear_time():
    # a hostile page's link: the plain-URL shortcut must fail fast, not backtrack
    url = "https://example.com/" + "a" * 60 + "%"
    started = time.perf_counter()
    assert canonical_url(url) == url
    assert canonical_url("https://example.com/" + "ab/" * 5000 + "é").endswith("/%C3%A9")
    assert time.perf_counter() - started < 5  # backtracking took minutes
