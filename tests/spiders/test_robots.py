"""robots.txt is obeyed by default, and a spider may switch that off for itself alone (real
crawls of the sandbox, whose robots.txt disallows /_truth/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.database import PROJECT_ROOT


@pytest.fixture(scope="module")
def stats(sandbox_url) -> dict:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "robots_crawl.py"), sandbox_url],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_spider_obeys_robots_txt_by_default(stats):
    default = stats["truth_default"]
    assert default["robotstxt/forbidden"] == 1
    assert "truth_pages_read" not in default


def test_a_spider_can_switch_robots_txt_off_for_itself(stats):
    ignoring = stats["truth_ignoring_robots"]
    assert "robotstxt/forbidden" not in ignoring
    assert ignoring["truth_pages_read"] == 1
