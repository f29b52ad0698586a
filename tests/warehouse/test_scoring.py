"""Pairwise scoring and entity coverage, on clusterings small enough to count by hand."""

from __future__ import annotations

import pytest

from warehouse.scoring import Coverage, Scores, entity_coverage, pairs, pairwise_scores

# truth: entity X has records a, b, c; entity Y has d, e; entity Z has f
TRUTH = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y", "f": "Z"}


def test_pairs_counts_unordered_pairs():
    assert [pairs(n) for n in range(5)] == [0, 0, 1, 3, 6]


def test_a_perfect_clustering_scores_one():
    scores = pairwise_scores({"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3}, TRUTH)
    assert scores == Scores(
        1.0, 1.0, 1.0, true_pairs=4, predicted_pairs=4, correct_pairs=4, records=6
    )


def test_an_over_merged_clustering_loses_precision():
    # one cluster {a, b, c, d, e}: 10 predicted pairs, the 4 true pairs among them
    scores = pairwise_scores({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 2}, TRUTH)
    assert (scores.predicted_pairs, scores.correct_pairs) == (10, 4)
    assert (scores.precision, scores.recall) == (0.4, 1.0)
    assert scores.f1 == pytest.approx(2 * 0.4 / 1.4)


def test_a_split_clustering_loses_recall():
    # {a, b} {c} {d} {e} {f}: 1 predicted pair, correct; 1 of 4 true pairs found
    scores = pairwise_scores({"a": 1, "b": 1, "c": 2, "d": 3, "e": 4, "f": 5}, TRUTH)
    assert (scores.precision, scores.recall) == (1.0, 0.25)
    assert scores.f1 == pytest.approx(0.4)


def test_mixed_errors_are_counted_from_the_contingency_table():
    # clusters {a, b, d} and {c, e, f}: 6 predicted pairs; correct: a-b only
    scores = pairwise_scores({"a": 1, "b": 1, "d": 1, "c": 2, "e": 2, "f": 2}, TRUTH)
    assert (scores.predicted_pairs, scores.correct_pairs, scores.true_pairs) == (6, 1, 4)
    assert (scores.precision, scores.recall) == (1 / 6, 0.25)


def test_only_records_in_both_mappings_are_scored():
    scores = pairwise_scores({"a": 1, "b": 1, "unknown": 1}, TRUTH)
    assert (scores.records, scores.true_pairs, scores.predicted_pairs) == (2, 1, 1)


def test_nothing_to_pair_scores_one_not_a_division_by_zero():
    scores = pairwise_scores({"f": 1}, TRUTH)
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)


def test_scoring_a_large_clustering_does_not_enumerate_pairs():
    # 200k records in one cluster and one entity: 2e10 pairs, counted, not listed
    keys = range(200_000)
    scores = pairwise_scores(dict.fromkeys(keys, 0), dict.fromkeys(keys, "E"))
    assert scores.correct_pairs == pairs(200_000) == 19_999_900_000


def test_coverage_counts_entities_with_at_least_one_record():
    coverage = entity_coverage({"a": 1, "c": 2, "d": 3}, TRUTH)
    assert coverage == Coverage(
        entities=3, entities_found=2, coverage=2 / 3, records_missing=3, clusters_per_entity=1.5
    )


def test_coverage_of_an_empty_truth_is_complete():
    assert entity_coverage({}, {}).coverage == 1.0
