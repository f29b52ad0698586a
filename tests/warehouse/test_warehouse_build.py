"""Building and publishing: readers never see a half-built warehouse, and nothing is left over."""

from __future__ import annotations

import os
import time

import duckdb
import pyarrow.parquet as pq
import pytest

from warehouse.build import (
    WarehouseError,
    build_models,
    build_warehouse,
    discard,
    publish,
    working_copy_path,
)
from warehouse.catalog import ModelError, list_models
from warehouse.raw_store import RawStoreError

MARTS = sorted(m.name for m in list_models() if m.is_mart)


def add_business(raw_store, source_id: str) -> None:
    run = raw_store.crawl_run("directory", started=0, finished=1)
    raw_store.lead(
        run,
        "directory",
        source_id,
        1,
        name=f"Business {source_id}",
        phone=f"+1217555{len(source_id):04d}{source_id[-1:]}",
    )


def lead_count(con) -> int:
    return con.execute("select count(*) from leads").fetchone()[0]


def test_a_build_publishes_every_model(raw_store, build, read):
    add_business(raw_store, "d1")
    result = build(raw_store.url)
    tables = read(
        result.target,
        "select table_name as name from duckdb_tables() "
        "where schema_name = 'main' union all select view_name from duckdb_views() "
        "where schema_name = 'main' and not internal",
    )
    assert sorted(r["name"] for r in tables) == sorted(m.name for m in list_models())
    assert result.rows["leads"] == 1 and result.raw_rows["lead_observations"] == 1


def test_a_reader_of_the_old_warehouse_keeps_its_view_during_a_rebuild(raw_store, build):
    add_business(raw_store, "d1")
    target = build(raw_store.url).target
    reader = duckdb.connect(str(target), read_only=True)
    try:
        assert lead_count(reader) == 1
        add_business(raw_store, "d22")
        build(raw_store.url)
        assert lead_count(reader) == 1  # still the file it opened, whole
    finally:
        reader.close()
    with duckdb.connect(str(target), read_only=True) as fresh:
        assert lead_count(fresh) == 2


def test_a_build_leaves_no_working_copy_behind(raw_store, build, tmp_path):
    add_business(raw_store, "d1")
    build(raw_store.url)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports", "warehouse.duckdb"]


def test_a_failed_build_keeps_the_published_warehouse(raw_store, build, tmp_path):
    add_business(raw_store, "d1")
    target = build(raw_store.url).target
    before = target.read_bytes()
    with pytest.raises(RawStoreError, match="could not attach the raw store"):
        build("postgresql://nobody:secret@127.0.0.1:1/nowhere")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports", "warehouse.duckdb"]


def test_a_raw_store_error_never_shows_the_password(build):
    with pytest.raises(RawStoreError) as error:
        build("postgresql://nobody:secret@127.0.0.1:1/nowhere")
    assert "secret" not in str(error.value)


def test_every_mart_is_exported_to_readable_parquet(raw_store, build):
    add_business(raw_store, "d1")
    result = build(raw_store.url)
    assert sorted(result.exports) == MARTS
    with duckdb.connect(str(result.target), read_only=True) as con:
        for mart, path in result.exports.items():
            exported = pq.read_table(path)
            columns = [d[0] for d in con.execute(f"select * from {mart} limit 0").description]
            assert path.name == f"{mart}.parquet"
            assert (exported.num_rows, exported.column_names) == (result.rows[mart], columns)
    assert sorted(p.name for p in path.parent.iterdir()) == [f"{m}.parquet" for m in MARTS]


def test_a_build_without_an_export_dir_exports_nothing(raw_store, tmp_path):
    add_business(raw_store, "d1")
    result = build_warehouse(raw_store.url, tmp_path / "w.duckdb", export_dir=None)
    assert result.exports == {} and sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb"]


def test_naming_models_rebuilds_only_those_onto_the_published_warehouse(raw_store, build, read):
    add_business(raw_store, "d1")
    build(raw_store.url)
    add_business(raw_store, "d22")
    result = build(raw_store.url, models=["stg_raw__lead_observations"])
    assert [m.name for m in result.models] == ["stg_raw__lead_observations"]
    assert read(result.target, "select count(*) as n from stg_raw__lead_observations") == [{"n": 2}]
    assert read(result.target, "select count(*) as n from leads") == [{"n": 1}]  # not rebuilt


def test_an_unknown_model_name_lists_the_models(raw_store, build):
    with pytest.raises(ModelError, match="no model named lead; the models are: .*leads"):
        build(raw_store.url, models=["lead"])


def test_models_built_one_by_one_are_published_together(raw_store, build, tmp_path):
    add_business(raw_store, "d1")
    target = build(raw_store.url).target
    add_business(raw_store, "d22")
    for model in list_models():  # as Dagster runs them: one step per model
        build_models(raw_store.url, target, [model.name], run_id="run-7")
        with duckdb.connect(str(target), read_only=True) as reader:
            assert lead_count(reader) == 1  # the published file is untouched meanwhile
    exports = publish(target, tmp_path / "exports", run_id="run-7")
    with duckdb.connect(str(target), read_only=True) as reader:
        assert lead_count(reader) == 2
    assert pq.read_table(exports["leads"]).num_rows == 2
    assert not working_copy_path(target, "run-7").exists()


def test_publishing_without_a_working_copy_says_what_to_do(tmp_path):
    with pytest.raises(WarehouseError, match="nothing to publish.*build_models"):
        publish(tmp_path / "w.duckdb", None, run_id="run-8")


def test_building_a_model_without_its_upstream_names_what_is_missing(raw_store, tmp_path):
    with pytest.raises(WarehouseError, match="leads reads .*int_lead_listings_clustered"):
        build_models(raw_store.url, tmp_path / "w.duckdb", ["leads"], run_id="run-9")


def test_discard_drops_a_working_copy(raw_store, tmp_path):
    target = tmp_path / "w.duckdb"
    build_models(raw_store.url, target, ["stg_raw__crawl_runs"], run_id="run-10")
    assert working_copy_path(target, "run-10").exists()
    discard(target, run_id="run-10")
    assert not working_copy_path(target, "run-10").exists()


def test_a_run_id_that_cannot_name_a_file_is_refused(tmp_path):
    with pytest.raises(WarehouseError, match="can't name a file"):
        working_copy_path(tmp_path / "w.duckdb", "../escape")


def test_a_new_run_removes_working_copies_dead_runs_left(raw_store, tmp_path):
    target = tmp_path / "w.duckdb"
    dead, live = working_copy_path(target, "dead-run"), working_copy_path(target, "live-run")
    dead.write_bytes(b"left by a run that failed two days ago")
    live.write_bytes(b"a run still going")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(dead, (two_days_ago, two_days_ago))
    build_models(raw_store.url, target, ["stg_raw__crawl_runs"], run_id="new-run")
    assert (dead.exists(), live.exists()) == (False, True)
