"""ProxyPool: choosing a proxy by health, benching with exponential backoff, reviving.

No crawler: the pool is pure, with an injected clock and random source.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from spiders.proxies.endpoints import parse_proxy_url
from spiders.proxies.pool import ProxyPool


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def endpoints(count: int):
    return [parse_proxy_url(f"127.0.0.1:{9000 + i}", i) for i in range(count)]


def pool_of(count: int, **options) -> tuple[ProxyPool, Clock]:
    clock = Clock()
    options.setdefault("rng", random.Random(4))
    return ProxyPool(endpoints(count), clock=clock, **options), clock


def labels(proxies) -> list[str]:
    return [proxy.label for proxy in proxies]


def test_a_pool_needs_a_proxy():
    with pytest.raises(ValueError, match="at least one proxy"):
        ProxyPool([])


def test_every_fresh_proxy_can_be_chosen():
    pool, _ = pool_of(4)
    chosen = {pool.choose().label for _ in range(200)}
    assert chosen == set(labels(pool.endpoints))


def test_a_banned_proxy_is_benched_and_not_chosen():
    pool, _ = pool_of(3)
    banned = pool.endpoints[1]
    pool.report_ban(banned)
    assert not pool.is_available(banned)
    assert banned.label not in {pool.choose().label for _ in range(100)}


def test_backoff_doubles_with_each_bad_outcome_in_a_row_up_to_the_cap():
    pool, clock = pool_of(1, backoff_base_s=1.0, backoff_max_s=5.0)
    proxy = pool.endpoints[0]
    benches = []
    for _ in range(5):
        benches.append(pool.report_failure(proxy))
        clock.advance(benches[-1])  # sit the bench out, then fail again
        assert pool.choose() == proxy
    assert benches == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_a_benched_proxy_is_revived_when_its_time_is_up():
    pool, clock = pool_of(2, backoff_base_s=2.0)
    proxy = pool.endpoints[0]
    pool.report_ban(proxy)
    clock.advance(1.9)
    assert not pool.is_available(proxy)
    clock.advance(0.2)
    assert pool.is_available(proxy)
    assert pool.health(proxy).revived == 1


def test_a_success_after_revival_clears_the_record_of_bad_outcomes():
    pool, clock = pool_of(1, backoff_base_s=1.0)
    proxy = pool.endpoints[0]
    clock.advance(pool.report_ban(proxy))
    clock.advance(pool.report_ban(proxy))
    pool.report_success(proxy, 0.01)
    assert pool.report_ban(proxy) == 1.0


def test_failures_of_requests_sent_before_the_bench_do_not_lengthen_it():
    pool, clock = pool_of(1, backoff_base_s=1.0)
    proxy = pool.endpoints[0]
    for _ in range(5):  # five requests in flight when the proxy died
        pool.report_sent(proxy)
    first = pool.report_failure(proxy)
    clock.advance(0.25)
    later = [pool.report_failure(proxy) for _ in range(4)]
    assert first == 1.0 and later == [0.75] * 4
    assert pool.health(proxy).failures == 5
    assert pool.health(proxy).benched == 1


def test_none_is_chosen_while_every_proxy_is_benched_and_the_wait_is_known():
    pool, clock = pool_of(2, backoff_base_s=1.0)
    first, second = pool.endpoints
    pool.report_failure(first)
    clock.advance(0.5)
    pool.report_ban(second)
    assert pool.choose() is None
    assert pool.seconds_until_available() == pytest.approx(0.5)
    clock.advance(0.5)
    assert pool.choose() == first


def test_a_throttled_proxy_rests_as_long_as_the_site_asked_without_a_mark():
    pool, clock = pool_of(2)
    proxy = pool.endpoints[0]
    weight_before = pool.weight(proxy)
    pool.report_throttled(proxy, 3.0)
    clock.advance(2.9)
    assert not pool.is_available(proxy)
    clock.advance(0.2)
    assert pool.is_available(proxy)
    assert pool.weight(proxy) == weight_before
    assert pool.health(proxy).benched == 0 and pool.health(proxy).throttled == 1


def test_proxies_that_get_banned_weigh_less_than_proxies_that_succeed():
    pool, clock = pool_of(2)
    good, bad = pool.endpoints
    for _ in range(5):
        pool.report_success(good, 0.05)
        pool.report_ban(bad)
        clock.advance(1000)
    assert pool.weight(good) > 3 * pool.weight(bad)
    picks = Counter(pool.choose().label for _ in range(500))
    assert picks[good.label] > 2 * picks[bad.label] > 0  # preferred, yet still tried


def test_slow_proxies_weigh_less_than_fast_ones():
    pool, _ = pool_of(2, latency_reference_s=0.1)
    fast, slow = pool.endpoints
    for _ in range(5):
        pool.report_success(fast, 0.01)
        pool.report_success(slow, 0.5)
    assert pool.weight(fast) > 3 * pool.weight(slow)


def test_proxies_a_request_already_tried_are_avoided_while_others_are_available():
    pool, _ = pool_of(3)
    tried = labels(pool.endpoints[:2])
    assert {pool.choose(exclude=tried).label for _ in range(50)} == {pool.endpoints[2].label}


def test_a_tried_proxy_is_chosen_again_when_no_other_is_available():
    pool, _ = pool_of(2)
    first, second = pool.endpoints
    pool.report_ban(second)
    assert pool.choose(exclude=[first.label]) == first


def test_a_session_keeps_its_proxy():
    pool, _ = pool_of(5)
    kept = pool.choose(session="cart-1")
    assert all(pool.choose(session="cart-1") == kept for _ in range(30))


def test_a_session_moves_when_its_proxy_is_benched_and_stays_on_the_new_one():
    pool, _ = pool_of(5)
    first = pool.choose(session="cart-1")
    pool.report_ban(first)
    moved = pool.choose(session="cart-1")
    assert moved != first
    assert all(pool.choose(session="cart-1") == moved for _ in range(30))


def test_a_proxy_with_max_in_flight_requests_out_is_not_chosen_until_one_is_back():
    pool, _ = pool_of(2, max_in_flight=2)
    busy, other = pool.endpoints
    pool.report_sent(busy)
    pool.report_sent(busy)
    assert {pool.choose().label for _ in range(50)} == {other.label}
    pool.report_done(busy)
    assert busy.label in {pool.choose().label for _ in range(50)}


def test_the_choice_can_be_limited_to_some_proxies():
    pool, _ = pool_of(4)
    allowed = labels(pool.endpoints[2:])
    assert {pool.choose(among=allowed).label for _ in range(50)} == set(allowed)


def test_health_counts_what_each_proxy_did():
    pool, clock = pool_of(1)
    proxy = pool.endpoints[0]
    for outcome in ("ok", "ok", "ban", "fail", "throttle", "ok"):
        pool.report_sent(proxy)
        if outcome == "ok":
            pool.report_success(proxy, 0.020)
        elif outcome == "ban":
            clock.advance(pool.report_ban(proxy))
        elif outcome == "fail":
            clock.advance(pool.report_failure(proxy))
        else:
            clock.advance(pool.report_throttled(proxy, 1.0))
    health = pool.health(proxy)
    assert (health.requests, health.successes, health.bans, health.failures) == (6, 3, 1, 1)
    assert (health.throttled, health.benched, health.in_flight) == (1, 2, 0)
    assert health.mean_latency_ms == pytest.approx(20.0)
