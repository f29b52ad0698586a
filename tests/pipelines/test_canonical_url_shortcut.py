"""canonical_url's shortcut for URLs already in canonical form gives exactly what the full
path (urlsplit, then w3lib) gives, for every URL: plain ones and every kind it must not take."""

from __future__ import annotations

import random
import string

import pytest

from pipelines.normalize.urls import _rebuilt_canonical_url, canonical_url, is_canonical

PLAIN = [
    "http://127.0.0.1:8700/market/p/B0L5W5HDDQ",
    "https://shop.example.com/",
    "http://a-b.example.org/img/x-1_y~z.jpg",
    "http://a.com:8080/x/",
]
NOT_PLAIN = [
    "http://a.com", "http://A.com/x", "http://a.com:80/x", "https://a.com:443/", "http://a.com:08080/x",
    "http://a.com:99999/x", "http://a.com/./x", "http://a.com/a/../b", "http://a.com//x",
    "http://a.com/x%20y", "http://a.com/x y", "http://a.com/x?b=1&a=2", "http://a.com/x#f",
    "http://a.com./x", "http://user:pw@a.com/x", "http://a.com/é", "ftp://a.com/x", " http://a.com/x",
    "http://a.com/x:y", "http://[::1]/x", "http://a.com/?utm_source=x",
    # what the character classes let through and the substring tests must not
    "http://a..com/x", "http://.a.com/x", "http://a.com.:8080/x", "http://a.com/x.",
    "http://a.com/x./y", "http://a.com/.x", "http://a.com/x..y", "http://a.com/x//",
    "http://a.com:65536/x", "http://a.com:70000/x", "https://a.com:80/x",
]  # fmt: skip


@pytest.mark.parametrize("url", PLAIN)
def test_a_url_in_canonical_form_takes_the_shortcut_unchanged(url):
    assert is_canonical(url)
    assert canonical_url(url) == _rebuilt_canonical_url(url) == url


@pytest.mark.parametrize("url", NOT_PLAIN)
def test_a_url_that_needs_work_takes_the_full_path(url):
    assert canonical_url(url) == _rebuilt_canonical_url(url)


def test_shortcut_and_full_path_agree_on_thousands_of_generated_urls():
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits + "-._~/%:?#=&@!$'()*+,; "
    urls = [
        f"{rng.choice(['http', 'https'])}://"
        f"{rng.choice(['a.com', 'A.com', 'a-b.example.org', '127.0.0.1', 'x.y', 'a..b', '.a', 'a.'])}"
        f"{rng.choice(['', ':80', ':443', ':8080', ':0', ':65535', ':65536', ':99999'])}/"
        + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        for _ in range(8000)
    ]
    assert sum(1 for url in urls if is_canonical(url)) > 500  # both paths exercised
    assert [u for u in urls if canonical_url(u) != _rebuilt_canonical_url(u)] == []
