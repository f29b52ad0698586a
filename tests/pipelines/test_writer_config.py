"""The Postgres writer's outage and resume settings (pipelines.writer_config)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings

from pipelines.backlog import BacklogLimits
from pipelines.writer_config import WriterConfig

URL = "postgresql://db.test/trawl"


def test_outage_settings_have_defaults(monkeypatch, tmp_path):
    monkeypatch.delenv("TRAWL_RESUME_KEY", raising=False)
    monkeypatch.setenv("TRAWL_DATA_DIR", str(tmp_path))
    config = WriterConfig.from_settings(Settings({"TRAWL_DATABASE_URL": URL}))
    assert config.backlog_limits == BacklogLimits(rows=50_000, bytes=64 * 2**20)
    assert config.spill_directory() == tmp_path / "spill"
    assert (config.retry_seconds, config.retry_max_seconds, config.close_wait_seconds) == (
        0.5, 15.0, 60.0,
    )  # fmt: skip
    assert config.resume_key is None


def test_outage_and_resume_settings_are_read(monkeypatch):
    monkeypatch.delenv("TRAWL_RESUME_KEY", raising=False)
    config = WriterConfig.from_settings(Settings({
        "TRAWL_DATABASE_URL": URL, "TRAWL_WRITER_BUFFER_ROWS": "100",
        "TRAWL_WRITER_BUFFER_MB": "0.5", "TRAWL_WRITER_SPILL_DIR": "/var/spill",
        "TRAWL_WRITER_RETRY_SECONDS": "1", "TRAWL_WRITER_RETRY_MAX_SECONDS": "30",
        "TRAWL_WRITER_CLOSE_WAIT_SECONDS": "5", "TRAWL_RESUME_KEY": "nightly",
    }))  # fmt: skip
    assert config.backlog_limits == BacklogLimits(rows=100, bytes=2**19)
    assert config.spill_directory() == Path("/var/spill")
    assert (config.retry_seconds, config.retry_max_seconds, config.close_wait_seconds) == (
        1.0, 30.0, 5.0,
    )  # fmt: skip
    assert config.resume_key == "nightly"


def test_the_resume_key_comes_from_the_environment_too(monkeypatch):
    monkeypatch.setenv("TRAWL_RESUME_KEY", "from-env")
    assert WriterConfig.from_settings(Settings({"TRAWL_DATABASE_URL": URL})).resume_key == (
        "from-env"
    )


@pytest.mark.parametrize(
    "name", ["TRAWL_WRITER_BUFFER_ROWS", "TRAWL_WRITER_RETRY_SECONDS",
             "TRAWL_WRITER_CLOSE_WAIT_SECONDS"],
)  # fmt: skip
def test_a_bad_outage_setting_is_named_with_its_value(name):
    with pytest.raises(ValueError, match=f"{name} must be a positive .*, got '-1'"):
        WriterConfig.from_settings(Settings({"TRAWL_DATABASE_URL": URL, name: "-1"}))
