"""How well a clustering matches the truth: pairwise precision/recall, and entity coverage.

Pure functions over mappings of record key -> cluster id (predicted) and record key ->
entity id (truth), e.g. `(source, source_id) -> lead_id` from the warehouse's `lead_sources`
and `(source, source_id) -> entity_id` from the sandbox's truth.

Pairwise scores count pairs of records: a predicted pair is two records in one cluster, a
true pair two records of one entity, a correct pair both. They are counted from the
contingency table of cluster x entity (sum of n*(n-1)/2 over its cells, rows and columns),
never by listing pairs, so scoring a million records is a few dictionary updates.
Only records present in both mappings are scored; `entity_coverage` says what is missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    """Pairwise precision, recall and F1 of a clustering against the truth."""

    precision: float  # correct_pairs / predicted_pairs (1.0 when nothing was merged)
    recall: float  # correct_pairs / true_pairs (1.0 when the truth has no duplicates)
    f1: float
    true_pairs: int  # pairs of records that are one entity in the truth
    predicted_pairs: int  # pairs of records put in one cluster
    correct_pairs: int  # pairs that are both
    records: int  # records scored: keys present in both mappings


@dataclass(frozen=True)
class Coverage:
    """How many of the truth's entities the records found cover, and how many clusters they got."""

    entities: int  # entities in the truth
    entities_found: int  # entities with at least one record among the predicted keys
    coverage: float  # entities_found / entities (1.0 when the truth is empty)
    records_missing: int  # truth records absent from the predicted keys
    clusters_per_entity: float  # mean clusters a found entity's records were split into


def pairs(count: int) -> int:
    """How many unordered pairs `count` things make."""
    return count * (count - 1) // 2


def pairwise_scores(
    predicted: Mapping[Hashable, Hashable], truth: Mapping[Hashable, Hashable]
) -> Scores:
    """Score `predicted` (record -> cluster) against `truth` (record -> entity), pairwise."""
    keys = predicted.keys() & truth.keys()
    cells = Counter((predicted[key], truth[key]) for key in keys)
    cluster_sizes: Counter = Counter()
    entity_sizes: Counter = Counter()
    for (cluster, entity), count in cells.items():
        cluster_sizes[cluster] += count
        entity_sizes[entity] += count
    correct = sum(pairs(n) for n in cells.values())
    predicted_pairs = sum(pairs(n) for n in cluster_sizes.values())
    true_pairs = sum(pairs(n) for n in entity_sizes.values())
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, true_pairs, predicted_pairs, correct, len(keys))


def entity_coverage(
    predicted: Mapping[Hashable, Hashable], truth: Mapping[Hashable, Hashable]
) -> Coverage:
    """How many truth entities have a record in `predicted`, and how many clusters each got."""
    clusters_of: dict[Hashable, set] = {}
    for key, entity in truth.items():
        if key in predicted:
            clusters_of.setdefault(entity, set()).add(predicted[key])
    entities = len(set(truth.values()))
    found = len(clusters_of)
    return Coverage(
        entities=entities,
        entities_found=found,
        coverage=found / entities if entities else 1.0,
        records_missing=sum(1 for key in truth if key not in predicted),
        clusters_per_entity=sum(map(len, clusters_of.values())) / found if found else 0.0,
    )


def fractions_from_environment(
    names: Mapping[str, str], environ: Mapping[str, str]
) -> dict[str, float]:
    """{field: value} for each field whose environment variable (`names[field]`) is set;
    a ValueError naming the variable when its value is not a fraction between 0 and 1."""
    values = {}
    for field, name in names.items():
        if name not in environ:
            continue
        try:
            values[field] = float(environ[name])
        except ValueError:
            values[field] = -1.0
        if not 0 <= values[field] <= 1:
            raise ValueError(
                f"{name}={environ[name]!r} is not a fraction between 0 and 1; e.g. 0.95"
            )
    return values
