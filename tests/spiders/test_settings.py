"""The Scrapy project settings, read the way `scrapy` reads them (scrapy.cfg at the root)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipelines.database import PROJECT_ROOT

SCRAPY = Path(sys.executable).parent / "scrapy"


def scrapy_setting(name: str, **env: str) -> str:
    result = subprocess.run(
        [str(SCRAPY), "settings", "--get", name],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_the_sandbox_url_comes_from_the_environment():
    assert (
        scrapy_setting("SANDBOX_URL", TRAWL_SANDBOX_URL="http://127.0.0.1:9999/")
        == "http://127.0.0.1:9999"
    )


def test_the_sandbox_url_defaults_to_the_local_sandbox():
    env = {key: value for key, value in os.environ.items() if key != "TRAWL_SANDBOX_URL"}
    result = subprocess.run(
        [str(SCRAPY), "settings", "--get", "SANDBOX_URL"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == "http://127.0.0.1:8700"


def test_one_host_crawls_are_not_capped_at_eight_requests():
    assert (
        scrapy_setting("CONCURRENT_REQUESTS_PER_DOMAIN")
        == scrapy_setting("CONCURRENT_REQUESTS")
        == "32"
    )


def test_the_remote_control_server_is_off():
    assert scrapy_setting("REMOTE_CONTROL_ENABLED") == "False"
