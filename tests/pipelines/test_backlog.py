"""The writer's backlog and retry schedule (pipelines.backlog): pure, no database."""

from __future__ import annotations

from itertools import islice

from pipelines.backlog import Backlog, BacklogLimits, batch_bytes, retry_delays
from pipelines.batches import Batch
from pipelines.observations import LEADS


def batch(rows: int, text: str = "x") -> Batch:
    made = Batch()
    for i in range(rows):
        made.add(LEADS, (1, "directory", f"L{i}", text))
    return made


def test_batches_leave_in_the_order_they_came():
    backlog = Backlog()
    first, second = batch(1), batch(2)
    backlog.push(first, "a")
    backlog.push(second, "b")
    assert [backlog.pop().batch for _ in range(2)] == [first, second]


def test_the_backlog_counts_its_rows_and_bytes():
    backlog = Backlog()
    backlog.push(batch(3))
    backlog.push(batch(2))
    assert backlog.rows == 5
    assert backlog.bytes == batch_bytes(batch(3)) + batch_bytes(batch(2))
    backlog.pop()
    assert backlog.rows == 2


def test_the_backlog_is_over_its_limits_past_either_bound():
    backlog = Backlog()
    backlog.push(batch(3))
    assert not backlog.is_over(BacklogLimits(rows=3, bytes=10**6))
    assert backlog.is_over(BacklogLimits(rows=2, bytes=10**6))
    assert backlog.is_over(BacklogLimits(rows=100, bytes=10))


def test_a_row_weighs_its_text_once():
    # a batch holds rows only: the items behind them are let go once their rows are made
    assert batch_bytes(batch(1, "x" * 10_001)) == batch_bytes(batch(1, "x")) + 10_000


def test_a_row_weighs_49_bytes_and_its_length_a_text_and_32_any_other_value():
    made = Batch()
    made.add(LEADS, (1, "abc", None, 2.5, ""))
    made.add(LEADS, ("de",))
    assert batch_bytes(made) == (32 + 52 + 32 + 32 + 49) + 51
    assert batch_bytes(Batch()) == 0


def test_taking_everything_empties_the_backlog_oldest_first():
    backlog = Backlog()
    for ticket in "abc":
        backlog.push(batch(1), ticket)
    assert [waiting.ticket for waiting in backlog.take_all()] == ["a", "b", "c"]
    assert (len(backlog), backlog.rows, backlog.bytes) == (0, 0, 0)


def test_retry_delays_double_up_to_the_longest():
    assert list(islice(retry_delays(0.5, 3.0), 6)) == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]
