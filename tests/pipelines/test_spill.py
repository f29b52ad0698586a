"""Spill files (pipelines.spill) and replaying them (pipelines.replay, `trawl db replay`) on
a real PostgreSQL: what was spilled lands exactly once, however often it is replayed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from pipelines.batches import Batch
from pipelines.database import PROJECT_ROOT
from pipelines.normalize.items import normalize_item
from pipelines.observations import LEADS, PRODUCTS, observation_row
from pipelines.rejects import reject_row
from pipelines.replay import replay_spill_file
from pipelines.spill import (
    SpillLocked,
    batch_from_record,
    batch_record,
    locked_for_replay,
    read_spill_file,
    run_end_record,
    spill_file_name,
    spill_files,
    write_spill_file,
)
from spiders.items import LeadItem, ProductItem


def a_batch(crawl_run_id: int) -> Batch:
    now = datetime.now(UTC)
    batch = Batch()
    for i in range(3):
        lead = normalize_item(LeadItem("directory", f"L{i}", f"http://x.test/b/{i}", name="Shop"))
        batch.add(LEADS, observation_row(lead, crawl_run_id, now))
    product = normalize_item(
        ProductItem("marketplace", "P1", "http://x.test/p/1", title="Kettle", price="$12.50")
    )
    batch.add(PRODUCTS, observation_row(product, crawl_run_id, now))
    bad = LeadItem("directory", "BAD", "http://x.test/b/bad", name=" ")
    batch.add_reject(reject_row(bad, "name: must not be blank", crawl_run_id))
    return batch


def test_a_batch_survives_the_round_trip_through_a_spill_file(tmp_path):
    batch = a_batch(7)
    path = tmp_path / spill_file_name(7, 1)
    write_spill_file(path, [batch_record(batch, 7)])
    [record] = read_spill_file(path)
    restored = batch_from_record(record)
    for name, table in batch.tables.items():
        assert restored.tables[name].rows == table.rows
    assert restored.rejects == batch.rejects
    assert isinstance(restored.tables["product_observations"].rows[0][10], Decimal)


def test_a_spill_file_of_an_earlier_version_holding_the_items_too_is_read(tmp_path):
    batch = a_batch(7)
    record = batch_record(batch, 7)
    for pending in record["tables"].values():  # what earlier versions wrote beside the rows
        pending["items"] = [{"type": "lead", "source": "directory"} for _ in pending["rows"]]
    path = tmp_path / spill_file_name(7, 1)
    write_spill_file(path, [record])
    [read] = read_spill_file(path)
    restored = batch_from_record(read)
    for name, table in batch.tables.items():
        assert restored.tables[name].rows == table.rows


def test_text_postgresql_refuses_survives_the_round_trip_unchanged(tmp_path):
    batch = Batch()
    lead = LeadItem("directory", "L1", "http://x.test/b/1", name="a\x00b", raw={"x": "caf\udce9"})
    row = observation_row(lead, 1, datetime.now(UTC))
    batch.add(LEADS, row)
    path = tmp_path / spill_file_name(1, 1)
    write_spill_file(path, [batch_record(batch, 1)])
    [record] = read_spill_file(path)
    assert batch_from_record(record).tables["lead_observations"].rows == [row]


def test_spill_files_sort_in_the_order_they_were_written(tmp_path):
    names = [spill_file_name(run, n) for run, n in ((2, 1), (2, 2), (10, 1))]
    for name in reversed(names):
        (tmp_path / name).write_text("")
    assert [p.name for p in spill_files(tmp_path)] == names
    assert [p.name for p in spill_files(tmp_path, 2)] == names[:2]


def test_an_unfinished_last_line_is_skipped(tmp_path):
    path = tmp_path / spill_file_name(1, 1)
    write_spill_file(path, [batch_record(a_batch(1), 1)])
    with path.open("a") as file:
        file.write('{"crawl_run_id": 1, "tabl')  # the process died here
    assert len(list(read_spill_file(path))) == 1


def test_a_file_being_replayed_is_locked(tmp_path):
    path = tmp_path / spill_file_name(1, 1)
    write_spill_file(path, [batch_record(a_batch(1), 1)])
    with locked_for_replay(path), pytest.raises(SpillLocked, match="in use"):
        write_spill_file(path, [])


def test_replaying_stores_everything_once_and_deletes_the_file(
    store, crawl_run_id, query, tmp_path
):
    path = tmp_path / spill_file_name(crawl_run_id, 1)
    write_spill_file(path, [batch_record(a_batch(crawl_run_id), crawl_run_id)])
    copy = tmp_path / "again.jsonl"
    shutil.copy(path, copy)
    outcome = replay_spill_file(store, path)
    assert (outcome.stored, outcome.rejects_written, outcome.rows) == (4, 1, 5)
    assert not path.exists()
    replay_spill_file(store, copy)  # the same file again: a replay cut short, run twice
    assert query("select count(*) as n from lead_observations") == [{"n": 3}]
    assert query("select count(*) as n from product_observations") == [{"n": 1}]
    assert query("select count(*) as n from rejects") == [{"n": 1}]


def test_a_spilled_end_closes_the_run_with_the_counts_in_the_database(
    store, crawl_run_id, query, tmp_path
):
    end = run_end_record(crawl_run_id, datetime.now(UTC), "finished", 0, {"item_scraped_count": 4})
    path = tmp_path / spill_file_name(crawl_run_id, 1)
    write_spill_file(path, [batch_record(a_batch(crawl_run_id), crawl_run_id), end])
    outcome = replay_spill_file(store, path)
    assert outcome.runs_closed == {crawl_run_id: "finished"}
    assert query("select status, items_stored, items_rejected, stats from crawl_runs") == [
        {"status": "finished", "items_stored": 4, "items_rejected": 1,
         "stats": {"item_scraped_count": 4}}
    ]  # fmt: skip


def test_trawl_db_replay_loads_a_directory_of_spill_files(store, crawl_run_id, query, tmp_path):
    for n in (1, 2):
        write_spill_file(tmp_path / spill_file_name(crawl_run_id, n),
                         [batch_record(a_batch(crawl_run_id), crawl_run_id)])  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "trawl.cli", "db", "replay", str(tmp_path), "--url", store.url],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "replayed 2 spill files: 8 rows stored" in done.stdout
    assert spill_files(tmp_path) == []
    assert query("select count(*) as n from lead_observations") == [{"n": 3}]


def test_trawl_db_replay_says_when_there_is_nothing_to_replay(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "trawl.cli", "db", "replay", str(tmp_path)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert done.stdout.strip() == f"no spill files in {tmp_path}: nothing to replay"


def test_with_no_spill_directory_yet_replay_has_nothing_to_do_but_a_missing_path_is_an_error(
    tmp_path,
):
    def replay(*path: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "trawl.cli", "db", "replay", *path],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False,
            env={**os.environ, "TRAWL_WRITER_SPILL_DIR": str(tmp_path / "never-spilled")},
        )  # fmt: skip

    default = replay()
    assert default.returncode == 0, default.stderr
    assert "nothing to replay" in default.stdout
    given = replay(str(tmp_path / "typo"))
    assert given.returncode == 2
    assert f"no spill file or directory at {tmp_path / 'typo'}" in given.stderr
