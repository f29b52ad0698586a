"""Reading what a run built: its working copy of the warehouse, else the published file.

Checks and previews of a mart run in the same Dagster run as the mart, before `warehouse`
publishes that run's working copy (see warehouse/build.py), so they read the working copy.
A check launched on its own from the UI has no working copy and reads the published file.
Reads hold the warehouse lock: DuckDB lets no one read a file another process is writing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.build import warehouse_lock, working_copy_path


class NothingBuilt(LookupError):
    """Neither the run's working copy nor the published warehouse exists."""


def built_file(target: Path, run_id: str | None) -> Path:
    """The run's working copy when it has one, else the published warehouse."""
    if run_id is not None:
        working = working_copy_path(target, run_id)
        if working.exists():
            return working
    if Path(target).exists():
        return Path(target)
    raise NothingBuilt(
        f"there is no warehouse at {target} and no working copy of run {run_id}; "
        "materialize the marts (the `warehouse_job`) first"
    )


@contextmanager
def read_built(target: Path, run_id: str | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to what the run built (see `built_file`)."""
    with warehouse_lock(target):
        con = duckdb.connect(str(built_file(target, run_id)), read_only=True)
        try:
            yield con
        except RuntimeError as error:
            # a query stopped by Ctrl-C or by Dagster stopping the run comes back as
            # "Query interrupted", caused by the interruption: raised as that, Dagster
            # stops the run rather than taking it for a failed step and going on
            interruption = error.__cause__
            if interruption is not None and not isinstance(interruption, Exception):
                raise interruption from None
            raise
        finally:
            con.close()
