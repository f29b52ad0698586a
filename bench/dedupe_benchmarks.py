r"""`trawl dedupe` on three public entity-resolution benchmarks, scored pairwise, in one run.

    .venv/bin/python -m bench.dedupe_benchmarks

Fodors-Zagat restaurants and Chicago early-childhood sites through `trawl dedupe leads`,
Abt-Buy electronics offers (title and price only) through `trawl dedupe products`; prints
pairwise precision, recall and F1 against each benchmark's true matches, and the seconds
each took. The data and its licenses: tests/warehouse/data/er/README.md. The tests pin the
floors of the first two (tests/warehouse/test_dedupe.py); Abt-Buy is reported only.
"""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench._harness import report_ratio
from warehouse.dedupe import dedupe_csv
from warehouse.scoring import Scores, pairwise_scores

ER = Path(__file__).resolve().parent.parent / "tests" / "warehouse" / "data" / "er"
Benchmark = tuple[str, list[dict[str, str]], dict[str, str], dict[str, str]]


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def fodors_zagat() -> Benchmark:
    rows = [
        {"record": f"{guide}:{row.pop('id')}", **row}
        for guide in ("fodors", "zagats")
        for row in read_rows(ER / "fodors_zagat" / f"{guide}.csv")
    ]
    truth = {row["record"]: row["record"] for row in rows}
    for match in read_rows(ER / "fodors_zagat" / "matches_fodors_zagats.csv"):
        truth[f"zagats:{match['zagats_id']}"] = f"fodors:{match['fodors_id']}"
    return "leads", rows, truth, {}


def chicago() -> Benchmark:
    rows = read_rows(ER / "chicago_early_childhood" / "csv_example_input_with_true_ids.csv")
    for row in rows:
        row["record"] = row["Id"]
    truth = {row["record"]: row["True Id"] for row in rows}
    return "leads", rows, truth, {"name": "Site name", "email": "Email Address"}


def abt_buy() -> Benchmark:
    rows = [
        {"record": f"{shop}:{row['unique_id']}", **row}
        for shop in ("Abt", "Buy")
        for row in read_rows(ER / "abt_buy" / f"AbtBuy_{shop}.csv")
    ]
    truth = {row["record"]: row["unique_id"] for row in rows}
    return "products", rows, truth, {}


# name -> (the benchmark, the F1 floor the tests pin; None: reported only)
BENCHMARKS: dict[str, tuple[Callable[[], Benchmark], float | None]] = {
    "Fodors-Zagat restaurants (leads)": (fodors_zagat, 0.95),
    "Chicago early-childhood sites (leads)": (chicago, 0.90),
    "Abt-Buy electronics (products)": (abt_buy, None),
}


def score(benchmark: Callable[[], Benchmark], workdir: Path) -> tuple[Scores, float]:
    kind, rows, truth, columns = benchmark()
    source, target = workdir / "in.csv", workdir / "out.csv"
    with open(source, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    started = time.perf_counter()
    dedupe_csv(kind, source, target, columns)
    seconds = time.perf_counter() - started
    predicted = {row["record"]: row["cluster_id"] for row in read_rows(target)}
    return pairwise_scores(predicted, truth), seconds


def main() -> None:
    print(f"{'benchmark':<40} {'rows':>6} {'precision':>9} {'recall':>7} {'F1':>6} {'seconds':>8}")
    with tempfile.TemporaryDirectory(prefix="trawl-dedupe-") as tmp:
        results = {}
        for name, (benchmark, _) in BENCHMARKS.items():
            scores, seconds = score(benchmark, Path(tmp))
            results[name] = scores
            print(
                f"{name:<40} {scores.records:>6,} {scores.precision:>9.3f} {scores.recall:>7.3f} "
                f"{scores.f1:>6.3f} {seconds:>8.1f}"
            )
    for name, (_, floor) in BENCHMARKS.items():
        report_ratio(f"dedupe pairwise F1, {name}", results[name].f1, target=floor)


if __name__ == "__main__":
    main()
