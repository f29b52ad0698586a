"""The sandbox's hostile mode (sandbox.hostile): what it serves, and that it is the same for
the same seed. The crawl on it is tested in tests/spiders/test_hostile_sandbox.py."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

from sandbox.hostile import KINDS, NAME, HostilePolicy, hostile_paths, is_flaky
from sandbox.server import SandboxConfig, running_sandbox

POLICY = HostilePolicy(hang_s=1)


@pytest.fixture(scope="module")
def fetch():
    with running_sandbox(SandboxConfig(businesses=50, products=50, hostile=POLICY)) as url:
        parts = urlsplit(url)

        def get(path: str) -> http.client.HTTPResponse:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            connection.request("GET", path)
            return connection.getresponse()

        yield get


def test_every_kind_has_its_pages_on_each_site():
    for site in ("directory", "market"):
        paths = hostile_paths(site, POLICY)
        assert sorted(set(paths.values())) == sorted(KINDS)
        assert len(paths) == len(KINDS) * POLICY.copies


def test_flaky_pages_are_the_same_for_a_seed_and_about_one_in_ten():
    paths = [f"/directory/biz/b{i}" for i in range(2000)]
    flaky = [p for p in paths if is_flaky(p, POLICY)]
    assert flaky == [p for p in paths if is_flaky(p, HostilePolicy(hang_s=9))]
    assert 120 < len(flaky) < 280
    assert flaky != [p for p in paths if is_flaky(p, HostilePolicy(seed=8))]


def test_listing_pages_link_the_hostile_pages(fetch):
    body = fetch("/directory/search").read().decode()
    for path in hostile_paths("directory", POLICY):
        assert f'class="biz-link" href="{path}"' in body


def test_the_last_listing_page_links_an_endless_empty_calendar(fetch):
    page = fetch("/directory/calendar/2026/12").read().decode()
    assert "No events this month" in page and 'href="/directory/calendar/2027/01"' in page


@pytest.mark.parametrize(
    ("kind", "status", "content_type"),
    [
        ("error", 500, "text/plain; charset=utf-8"),
        ("latin1-label", 200, "text/html; charset=iso-8859-1"),
        ("utf8-label", 200, "text/html; charset=utf-8"),
        ("binary", 200, "text/html; charset=utf-8"),
        ("redirect", 302, "text/plain; charset=utf-8"),
    ],
)
def test_hostile_pages_answer_as_their_kind(fetch, kind, status, content_type):
    answer = fetch(f"/directory/biz/hostile-{kind}-1")
    assert (answer.status, answer.getheader("Content-Type")) == (status, content_type)


def test_a_mislabelled_page_holds_the_name_in_its_real_charset(fetch):
    assert NAME.encode("cp1252") in fetch("/directory/biz/hostile-utf8-label-1").read()
    assert NAME.encode("utf-8") in fetch("/directory/biz/hostile-latin1-label-1").read()


def test_a_huge_page_is_five_megabytes(fetch):
    assert len(fetch("/market/p/hostile-huge-1").read()) > 5 * 2**20


def test_a_cut_off_page_ends_before_its_content_length(fetch):
    answer = fetch("/market/p/hostile-cut-off-1")
    with pytest.raises(http.client.IncompleteRead):
        answer.read()


def test_a_flaky_page_fails_once_then_answers(fetch):
    path = next(p for p in (f"/directory/biz/x{i}" for i in range(1000)) if is_flaky(p, POLICY))
    assert [fetch(path).status for _ in range(3)] == [503, 404, 404]  # 404: no such business
