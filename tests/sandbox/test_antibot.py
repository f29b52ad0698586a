"""The sandbox's anti-bot: rate limit per client, 429 with Retry-After, bans in three styles."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from sandbox.antibot import CAPTCHA_PAGE, AntibotPolicy, Gatekeeper
from sandbox.server import SandboxConfig, running_sandbox

SMALL = {"seed": 3, "businesses": 70, "products": 40}
PAGE = "/directory/"


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def gate(**policy) -> tuple[Gatekeeper, Clock]:
    clock = Clock()
    return Gatekeeper(AntibotPolicy(**policy), clock), clock


def actions(gatekeeper: Gatekeeper, client: str, count: int) -> list[str]:
    """What `count` requests for `count` different pages get."""
    return [gatekeeper.admit(client, f"/page/{n}").action for n in range(count)]


def test_a_client_within_its_budget_is_served():
    gatekeeper, _ = gate(budget=5)
    assert actions(gatekeeper, "127.0.0.1", 5) == ["serve"] * 5


def test_over_budget_a_client_is_throttled_until_the_window_ends():
    gatekeeper, clock = gate(budget=2, window_s=10.0, ban_threshold=10)
    actions(gatekeeper, "127.0.0.1", 2)
    clock.now += 4.0
    verdict = gatekeeper.admit("127.0.0.1")
    assert (verdict.action, verdict.retry_after_s) == ("throttle", 6.0)
    clock.now += 6.0
    assert gatekeeper.admit("127.0.0.1").action == "serve"


def test_a_client_that_floods_through_the_429s_is_banned_for_the_ban_time():
    gatekeeper, clock = gate(budget=2, ban_threshold=4, ban_s=30.0, ban_style="403")
    assert actions(gatekeeper, "127.0.0.1", 5) == ["serve", "serve", "throttle", "throttle", "ban"]
    clock.now += 29.0
    assert gatekeeper.admit("127.0.0.1").action == "ban"
    clock.now += 1.0
    assert gatekeeper.admit("127.0.0.1").action == "serve"


def test_asking_again_for_a_refused_page_before_retry_after_earns_strikes_then_a_ban():
    gatekeeper, _ = gate(budget=1, window_s=10.0, ban_threshold=100, strikes_to_ban=3)
    gatekeeper.admit("127.0.0.1", "/a")
    answers = [gatekeeper.admit("127.0.0.1", "/b").action for _ in range(4)]
    assert answers == ["throttle", "throttle", "throttle", "ban"]
    assert gatekeeper.report()["127.0.0.1"]["bans"] == 1


def test_a_client_that_waits_out_retry_after_earns_no_strike():
    gatekeeper, clock = gate(budget=1, window_s=10.0, ban_threshold=100, strikes_to_ban=1)
    gatekeeper.admit("proxy-8801", "/a")
    verdict = gatekeeper.admit("proxy-8801", "/b")
    clock.now += verdict.retry_after_s
    assert gatekeeper.admit("proxy-8801", "/b").action == "serve"
    assert gatekeeper.report()["proxy-8801"]["strikes"] == 0


def test_other_pages_refused_in_the_same_window_are_not_strikes():
    """A polite client's requests already on their way when the 429 came."""
    gatekeeper, _ = gate(budget=1, window_s=10.0, ban_threshold=100, strikes_to_ban=1)
    assert actions(gatekeeper, "proxy-8801", 8) == ["serve"] + ["throttle"] * 7
    assert gatekeeper.report()["proxy-8801"]["strikes"] == 0


def test_retry_after_is_whole_seconds_to_the_end_of_the_window():
    gatekeeper, clock = gate(budget=1, window_s=10.0)
    gatekeeper.admit("127.0.0.1", "/a")
    clock.now += 7.5
    assert gatekeeper.admit("127.0.0.1", "/b").retry_after_s == 3


def test_clients_are_counted_apart():
    gatekeeper, _ = gate(budget=2)
    actions(gatekeeper, "proxy-8801", 2)
    assert gatekeeper.admit("proxy-8802").action == "serve"
    assert gatekeeper.admit("proxy-8801").action == "throttle"


def test_burned_identities_are_always_banned():
    gatekeeper, clock = gate()
    assert actions(gatekeeper, "burned-8809", 3) == ["ban"] * 3
    clock.now += 10_000
    assert gatekeeper.admit("burned-8809").action == "ban"


def test_mixed_bans_take_each_style_in_turn():
    gatekeeper, _ = gate(ban_style="mixed")
    styles = [gatekeeper.admit("burned-1").style for _ in range(6)]
    assert styles == ["403", "captcha", "empty"] * 2


@pytest.mark.parametrize(
    ("policy", "problem"),
    [
        ({"budget": 0}, "is not a rate"),
        ({"budget": 10, "ban_threshold": 10}, "must be above the budget"),
        ({"ban_style": "teapot"}, "ban_style 'teapot' is unknown"),
        ({"strikes_to_ban": 0}, "strikes_to_ban 0 must be 1 or more"),
    ],
)
def test_policies_that_cannot_work_are_refused(policy, problem):
    with pytest.raises(ValueError, match=problem):
        AntibotPolicy(**policy)


# The same rules on a real server. A long window keeps these independent of the machine's
# speed: every request of a test falls in one window.


def fetch(url: str, client: str | None = None) -> tuple[int, dict, bytes]:
    headers = {"X-Trawl-Proxy-Id": client} if client else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def serving(**policy):
    return running_sandbox(SandboxConfig(**SMALL, antibot=AntibotPolicy(window_s=600, **policy)))


def test_the_server_answers_429_with_retry_after_then_bans_with_403():
    with serving(budget=2, ban_threshold=3, ban_style="403") as url:
        answers = [fetch(url + PAGE) for _ in range(4)]
    assert [status for status, _, _ in answers] == [200, 200, 429, 403]
    assert 1 <= int(answers[2][1]["Retry-After"]) <= 600


def test_a_captcha_ban_is_a_200_that_asks_for_a_captcha():
    with serving(budget=1, ban_threshold=2, ban_style="captcha") as url:
        answers = [fetch(url + PAGE) for _ in range(3)]
    status, _, body = answers[2]
    assert status == 200 and body == CAPTCHA_PAGE.body


def test_an_empty_ban_is_a_200_with_no_body():
    with serving(budget=1, ban_threshold=2, ban_style="empty") as url:
        status, _, body = [fetch(url + PAGE) for _ in range(3)][2]
    assert (status, body) == (200, b"")


def test_the_proxy_identity_header_names_the_client():
    with serving(budget=2, ban_threshold=3) as url:
        direct = [fetch(url + PAGE)[0] for _ in range(3)]
        through_proxy = [fetch(url + PAGE, client="proxy-8801")[0] for _ in range(2)]
        seen = json.loads(fetch(url + "/_antibot/clients.json")[2])
    assert direct == [200, 200, 429] and through_proxy == [200, 200]
    assert seen["127.0.0.1"]["throttled"] == 1
    assert seen["proxy-8801"] == {
        "requests": 2,
        "served": 2,
        "throttled": 0,
        "banned_responses": 0,
        "strikes": 0,
        "bans": 0,
        "banned_now": False,
    }


def test_the_truth_is_never_rate_limited():
    with serving(budget=1, ban_threshold=2, ban_style="403") as url:
        statuses = [fetch(url + "/_truth/businesses.json")[0] for _ in range(5)]
    assert statuses == [200] * 5


def test_a_banned_client_is_reported_banned():
    with serving(budget=1, ban_threshold=2) as url:
        for _ in range(3):
            fetch(url + PAGE)
        seen = json.loads(fetch(url + "/_antibot/clients.json")[2])
    assert seen["127.0.0.1"]["bans"] == 1 and seen["127.0.0.1"]["banned_now"] is True


def test_without_anti_bot_every_request_is_served():
    with running_sandbox(SandboxConfig(**SMALL)) as url:
        assert {fetch(url + PAGE)[0] for _ in range(30)} == {200}
        assert fetch(url + "/_antibot/clients.json")[0] == 404
