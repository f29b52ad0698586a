"""The local Dagster instance (`make demo`, `make ui`): its dagster.yaml comes from
orchestration/local_instance.yaml, with telemetry off, and a config of the user's own stays."""

from __future__ import annotations

import subprocess
import sys

from trawl.demo import LOCAL_INSTANCE, ensure_dagster_home


def test_a_new_dagster_home_gets_the_local_instance_config(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    ensure_dagster_home()
    assert (tmp_path / "home" / "dagster.yaml").read_text() == LOCAL_INSTANCE.read_text()


def test_an_empty_config_is_filled_and_a_users_own_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    config = tmp_path / "dagster.yaml"
    config.touch()  # what `make env` wrote before
    ensure_dagster_home()
    assert config.read_text() == LOCAL_INSTANCE.read_text()
    config.write_text("telemetry:\n  enabled: true\n")
    ensure_dagster_home()
    assert config.read_text() == "telemetry:\n  enabled: true\n"


def test_dagster_loads_it_with_telemetry_off(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    ensure_dagster_home()
    probe = "from dagster import DagsterInstance; print(DagsterInstance.get().telemetry_enabled)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=120, check=True)  # fmt: skip
    assert result.stdout.strip() == "False", result.stderr
