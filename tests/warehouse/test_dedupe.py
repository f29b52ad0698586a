"""`trawl dedupe`: the warehouse's matching on any CSV, measured on public benchmarks.

The floors are the acceptance figures: Fodors-Zagat restaurants F1 >= 0.95, Chicago
early-childhood sites F1 >= 0.90 (pairwise, `warehouse.scoring.pairwise_scores`). The data
and its licenses: tests/warehouse/data/er/README.md. No database needed: dedupe runs the
models in an in-memory DuckDB.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from trawl.cli import main
from warehouse.dedupe import DedupeError, dedupe_csv, field_columns
from warehouse.scoring import pairwise_scores

ER = Path(__file__).parent / "data" / "er"


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def dedupe(capsys, kind: str, source: Path, target: Path, *options: str) -> list[dict[str, str]]:
    assert main(["dedupe", kind, str(source), str(target), *options]) == 0
    assert "wrote" in capsys.readouterr().out
    return read_rows(target)


@pytest.fixture(scope="module")
def fodors_zagat(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """Both guides in one CSV (a `record` column naming guide and id), and the truth."""
    rows = []
    for guide in ("fodors", "zagats"):
        for row in read_rows(ER / "fodors_zagat" / f"{guide}.csv"):
            rows.append({"record": f"{guide}:{row.pop('id')}", **row})
    truth = {row["record"]: row["record"] for row in rows}
    for match in read_rows(ER / "fodors_zagat" / "matches_fodors_zagats.csv"):
        truth[f"zagats:{match['zagats_id']}"] = f"fodors:{match['fodors_id']}"
    path = write_rows(tmp_path_factory.mktemp("fz") / "restaurants.csv", rows)
    return path, truth


def test_fodors_zagat_restaurants_are_matched_with_f1_of_at_least_0_95(
    fodors_zagat, tmp_path, capsys
):
    source, truth = fodors_zagat
    rows = dedupe(capsys, "leads", source, tmp_path / "out.csv")
    scores = pairwise_scores({row["record"]: row["cluster_id"] for row in rows}, truth)
    print(f"Fodors-Zagat: {scores}")
    assert scores.records == 864 and scores.true_pairs == 112
    assert scores.f1 >= 0.95


def test_chicago_early_childhood_sites_are_matched_with_f1_of_at_least_0_90(tmp_path, capsys):
    source = ER / "chicago_early_childhood" / "csv_example_input_with_true_ids.csv"
    options = ["--column", "name=Site name", "--column", "email=Email Address"]
    rows = dedupe(capsys, "leads", source, tmp_path / "out.csv", *options)
    truth = {row["Id"]: row["True Id"] for row in rows}
    scores = pairwise_scores({row["Id"]: row["cluster_id"] for row in rows}, truth)
    print(f"Chicago: {scores}")
    assert scores.records == 3337
    assert scores.f1 >= 0.90


def test_every_input_row_is_written_unchanged_in_order_with_its_cluster(fodors_zagat, tmp_path):
    source, _ = fodors_zagat
    dedupe_csv("leads", source, tmp_path / "out.csv")
    written = read_rows(tmp_path / "out.csv")
    assert [{k: v for k, v in row.items() if k != "cluster_id"} for row in written] == read_rows(
        source
    )
    assert all(row["cluster_id"] for row in written)


def test_products_written_differently_share_a_cluster_and_siblings_do_not(tmp_path, capsys):
    source = write_rows(tmp_path / "offers.csv", [
        {"sku": "1", "title": "Apple iPhone 15 128GB Black", "price": "$799.00"},
        {"sku": "2", "title": "iPhone 15 (128 GB) - Black", "price": "749,00 €"},
        {"sku": "3", "title": "APPLE iPhone 15, Black, 128GB", "price": "£689"},
        {"sku": "4", "title": "Apple iPhone 15 256GB Black", "price": "$899.00"},
        {"sku": "5", "title": "Apple iPhone 15 128GB Blue", "price": "$799.00"},
    ])  # fmt: skip
    clusters = [row["cluster_id"] for row in dedupe(capsys, "products", source, tmp_path / "o.csv")]
    assert clusters[0] == clusters[1] == clusters[2]
    assert len(set(clusters)) == 3


def test_a_cluster_is_named_after_its_first_row_so_a_rerun_gives_the_same_ids(tmp_path, capsys):
    source = write_rows(
        tmp_path / "leads.csv",
        [
            {"name": "Ace Plumbing", "phone": "217-555-0100", "address": "12 Main St"},
            {"name": "Bean There", "phone": "217-555-0200", "address": "9 Oak Rd"},
            {"name": "Ace Plumbing LLC", "phone": "(217) 555-0100", "address": "12 Main Street"},
        ],
    )
    first = [row["cluster_id"] for row in dedupe(capsys, "leads", source, tmp_path / "a.csv")]
    again = [row["cluster_id"] for row in dedupe(capsys, "leads", source, tmp_path / "b.csv")]
    assert first == again
    assert first[0] == first[2] == hashlib.md5(b"csv:000000000").hexdigest()[:16]
    assert first[1] == hashlib.md5(b"csv:000000001").hexdigest()[:16]


def test_columns_are_recognized_by_name_alias_or_option():
    headers = ["Business Name", "Addr", "ZIP", "Tel", "Notes"]
    assert field_columns("leads", headers) == {
        "name": "Business Name",
        "address": "Addr",
        "postal_code": "ZIP",
        "phone": "Tel",
    }
    assert field_columns("leads", headers, {"name": "Notes"})["name"] == "Notes"


def test_a_column_option_naming_no_column_says_which_columns_there_are():
    with pytest.raises(DedupeError, match=r"no column 'Site'.*'Business Name'"):
        field_columns("leads", ["Business Name"], {"name": "Site"})


def test_an_unknown_field_says_which_fields_there_are():
    with pytest.raises(DedupeError, match=r"leads have no field colour; the fields are name"):
        field_columns("leads", ["name"], {"colour": "name"})


def test_a_file_with_no_known_column_is_refused_with_what_to_do(tmp_path, capsys):
    source = write_rows(tmp_path / "x.csv", [{"a": "1", "b": "2"}])
    assert main(["dedupe", "leads", str(source), str(tmp_path / "out.csv")]) == 2
    assert "--column FIELD=HEADER" in capsys.readouterr().err


def test_a_missing_file_is_refused_with_its_path(tmp_path, capsys):
    assert main(["dedupe", "leads", str(tmp_path / "nope.csv"), str(tmp_path / "out.csv")]) == 2
    assert "no file at" in capsys.readouterr().err


def test_a_malformed_column_option_is_refused(tmp_path, capsys):
    source = write_rows(tmp_path / "x.csv", [{"name": "Ace"}])
    assert main(["dedupe", "leads", str(source), str(tmp_path / "o.csv"), "--column", "name"]) == 2
    assert "is not FIELD=HEADER" in capsys.readouterr().err
