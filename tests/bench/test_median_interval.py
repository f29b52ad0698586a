"""bench/_harness.median_interval: the bootstrap interval printed beside the pipeline
benchmark's median, which says whether a ratio near its target is over it, under it, or too
close to call."""

from __future__ import annotations

import statistics

from bench._harness import median_interval

# the rounds' own ratios of a 16-round `python -m bench.pipeline` (27 November, 17:25 UTC)
ROUNDS = [0.88, 0.84, 0.87, 1.05, 0.90, 0.88, 0.91, 0.97,
          1.02, 0.95, 0.86, 0.85, 0.85, 0.95, 0.94, 1.02]  # fmt: skip


def test_the_interval_holds_the_median_within_the_rounds_range():
    low, high = median_interval(ROUNDS)
    assert min(ROUNDS) <= low < statistics.median(ROUNDS) < high <= max(ROUNDS)


def test_the_same_rounds_give_the_same_interval():
    assert median_interval(ROUNDS) == median_interval(list(ROUNDS))


def test_more_rounds_like_these_narrow_it():
    low, high = median_interval(ROUNDS)
    low_more, high_more = median_interval(ROUNDS * 4)
    assert high_more - low_more < high - low


def test_a_higher_confidence_widens_it():
    low, high = median_interval(ROUNDS, confidence=0.9)
    low_99, high_99 = median_interval(ROUNDS, confidence=0.99)
    assert low_99 <= low and high <= high_99 and (high_99 - low_99) > (high - low)


def test_rounds_that_all_agree_leave_no_doubt():
    assert median_interval([0.91] * 8) == (0.91, 0.91)
