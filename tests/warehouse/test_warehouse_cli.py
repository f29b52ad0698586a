"""`trawl warehouse build` and `trawl warehouse models`."""

from __future__ import annotations

import argparse

import pyarrow.parquet as pq
import pytest

from trawl.cli import UsageError
from warehouse import cli


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="trawl")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return args.run(args)


def test_build_publishes_the_warehouse_and_its_exports(raw_store, tmp_path, capsys):
    run_id = raw_store.crawl_run("directory", started=0, finished=1)
    raw_store.lead(run_id, "directory", "d1", 1, name="Corner Shop", phone="+12175550199")
    target, exports = tmp_path / "w.duckdb", tmp_path / "out"
    assert run("warehouse", "build", "--target", str(target), "--exports", str(exports)) == 0
    assert target.exists() and pq.read_table(exports / "leads.parquet").num_rows == 1
    assert f"published {target}" in capsys.readouterr().out


def test_build_defaults_to_the_configured_paths(raw_store, tmp_path, monkeypatch):
    monkeypatch.setenv("TRAWL_WAREHOUSE_PATH", str(tmp_path / "configured.duckdb"))
    monkeypatch.setenv("TRAWL_EXPORT_DIR", str(tmp_path / "configured-exports"))
    assert run("warehouse", "build") == 0
    assert (tmp_path / "configured.duckdb").exists()
    assert (tmp_path / "configured-exports" / "crawl_health.parquet").exists()


def test_build_of_an_unknown_model_is_a_usage_error(raw_store, tmp_path):
    with pytest.raises(UsageError, match="no model named nope"):
        run("warehouse", "build", "--target", str(tmp_path / "w.duckdb"), "--model", "nope")


def test_models_lists_each_model_with_what_it_reads(capsys):
    assert run("warehouse", "models") == 0
    lines = capsys.readouterr().out.splitlines()
    [leads] = [line for line in lines if " leads " in line]
    assert leads.split() == [
        "marts",
        "table",
        "leads",
        "reads",
        "int_lead_contacts_found,",
        "int_lead_listings_clustered,",
        "int_lead_listings_collapsed,",
        "int_lead_listings_keyed",
    ]
