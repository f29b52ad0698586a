"""BanPolicy: what a response says about the proxy that fetched it."""

from __future__ import annotations

from email.utils import formatdate

import pytest

from sandbox.antibot import CAPTCHA_PAGE
from spiders.proxies.bans import BanPolicy, retry_after_seconds

PAGE = b"<html><body><h1>Joe's Coffee</h1><p>Open 7-19</p></body></html>"


def test_a_page_is_ok():
    assert BanPolicy().judge(200, PAGE).outcome == "ok"


def test_a_ban_status_is_a_ban():
    verdict = BanPolicy().judge(403, b"Forbidden")
    assert (verdict.outcome, verdict.reason) == ("ban", "ban status 403")


def test_the_sandbox_captcha_page_is_a_ban_though_it_is_a_200():
    verdict = BanPolicy().judge(200, CAPTCHA_PAGE.body)
    assert verdict.outcome == "ban"
    assert verdict.reason.startswith("ban marker")


def test_markers_match_whatever_their_case():
    assert BanPolicy().judge(200, b"<p>UNUSUAL TRAFFIC from your network</p>").outcome == "ban"


def test_an_empty_200_is_a_ban():
    assert BanPolicy().judge(200, b"  \n").reason == "empty body"


def test_an_empty_200_rendered_by_a_browser_is_a_ban():
    rendered = b"<html><head></head><body></body></html>"  # Chromium's page.content()
    assert BanPolicy().judge(200, rendered).reason == "empty body"


def test_a_page_with_content_is_not_empty_however_short():
    assert BanPolicy().judge(200, b"<html><body>ok</body></html>").outcome == "ok"


@pytest.mark.parametrize(("status", "method"), [(204, "GET"), (200, "HEAD")])
def test_bodies_that_are_empty_by_nature_are_not_bans(status, method):
    assert BanPolicy().judge(status, b"", method=method).outcome == "ok"


def test_empty_bodies_can_be_allowed():
    assert BanPolicy(empty_body_is_ban=False).judge(200, b"").outcome == "ok"


def test_markers_count_only_on_success_pages():
    assert BanPolicy().judge(404, b"<p>captcha</p>").outcome == "ok"


def test_markers_and_statuses_are_configurable():
    policy = BanPolicy(ban_statuses=frozenset({451}), markers=("access denied",))
    assert policy.judge(451, PAGE).outcome == "ban"
    assert policy.judge(403, PAGE).outcome == "ok"
    assert policy.judge(200, b"<h1>Access Denied</h1>").outcome == "ban"
    assert policy.judge(200, CAPTCHA_PAGE.body).outcome == "ok"


def test_no_markers_means_no_marker_check():
    assert BanPolicy(markers=()).judge(200, CAPTCHA_PAGE.body).outcome == "ok"


def test_a_429_is_throttling_with_the_wait_the_site_asked_for():
    verdict = BanPolicy().judge(429, b"", retry_after="7")
    assert (verdict.outcome, verdict.retry_after_s) == ("throttled", 7.0)


def test_a_429_without_retry_after_leaves_the_wait_to_the_caller():
    assert BanPolicy().judge(429, b"").retry_after_s is None


def test_a_407_is_the_proxy_failing_not_the_site_banning():
    assert BanPolicy().judge(407, b"").outcome == "proxy_failure"


def test_a_status_cannot_be_both_a_ban_and_throttling():
    with pytest.raises(ValueError, match="both a ban and a throttle status"):
        BanPolicy(ban_statuses=frozenset({429}))


def test_retry_after_as_an_http_date_is_seconds_from_now():
    now = 1_700_000_000.0
    assert retry_after_seconds(formatdate(now + 30, usegmt=True), now=now) == 30.0
    assert retry_after_seconds(formatdate(now - 30, usegmt=True), now=now) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "-3", "²"])
def test_an_unreadable_retry_after_is_none(value):
    assert retry_after_seconds(value) is None
