"""A warehouse build stopped by Ctrl-C (or by Dagster stopping its run) stops with the
interruption itself, and leaves the file free: raised into a DuckDB query from a signal
handler, it came back as "RuntimeError: Query interrupted", and the process's next
connection to the same file spun forever (DuckDB 1.5.5). Run in a subprocess, which a hang
cannot take the test run down with."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# a long query in `_interruptible`, SIGINT to the main thread 0.3 s in, then the same file
# opened again
SCRIPT = textwrap.dedent("""
    import os, signal, sys, threading, time
    import duckdb
    from warehouse.build import _interruptible

    path = sys.argv[1]
    con = duckdb.connect(path)
    threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
    started = time.monotonic()
    try:
        _interruptible(con, lambda stopping: con.execute(
            "create table t as select sum(a.range * b.range) from range(100000) a, range(100000) b"
        ))
        print("not interrupted")
    except KeyboardInterrupt:
        print(f"KeyboardInterrupt after {time.monotonic() - started:.1f} s")
    finally:
        con.close()
    duckdb.connect(path).close()
    print("opened again", flush=True)
""")


def test_an_interrupted_build_raises_the_interruption_and_leaves_the_file_free(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "warehouse.duckdb")],
        check=False, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    said = done.stdout.splitlines()
    assert said[0].startswith("KeyboardInterrupt after "), done.stdout
    assert float(said[0].split()[2]) < 10  # the query itself would take minutes
    assert said[1] == "opened again"
