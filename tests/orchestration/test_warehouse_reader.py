"""Reading what a run built: a query that an interruption stopped raises the interruption,
so that Dagster stops the run instead of taking it for a failed step and going on."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.warehouse_reader import read_built


@pytest.fixture
def target(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(path)).close()
    return path


def test_an_interrupted_query_raises_the_interruption(target):
    stop = KeyboardInterrupt()
    with pytest.raises(KeyboardInterrupt) as raised, read_built(target, run_id=None):
        raise RuntimeError("Query interrupted") from stop
    assert raised.value is stop


def test_other_errors_are_raised_as_they_are(target):
    with pytest.raises(RuntimeError, match="Conversion Error"), read_built(target, run_id=None):
        raise RuntimeError("Conversion Error") from ValueError("bad")
