"""A failed run is recorded in the failure log and POSTed to the webhook, with no secrets."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from dagster import (
    AssetSelection,
    DagsterEventType,
    DagsterInstance,
    build_run_status_sensor_context,
    materialize,
)

from orchestration.failure_alerts import (
    AlertConfig,
    RunFindings,
    failure_record,
    run_failure_alerts,
    scrub,
)

WEBHOOK_SECRET = "T0KEN-in-the-path"


class Receiver:
    """A real HTTP server on a free loopback port that keeps every JSON body POSTed to it."""

    def __init__(self, status: int = 200):
        self.bodies: list[dict] = []
        self.paths: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                receiver.bodies.append(json.loads(self.rfile.read(length)))
                receiver.paths.append(self.path)
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/{WEBHOOK_SECRET}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def failed_run(database_url, tmp_path, monkeypatch):
    """A real failed run: the `leads` mart built alone, with none of the models it reads."""
    from orchestration.definitions import defs, resources_for

    monkeypatch.setenv("TRAWL_WAREHOUSE_PATH", str(tmp_path / "warehouse.duckdb"))
    instance = DagsterInstance.ephemeral()
    result = materialize(
        [*defs.assets, *defs.asset_checks],
        selection=AssetSelection.assets("leads"),
        instance=instance,
        resources=resources_for(),
        raise_on_error=False,
    )
    assert not result.success
    (failure,) = instance.all_logs(result.run_id, of_type=DagsterEventType.RUN_FAILURE)
    return instance, instance.get_run_by_id(result.run_id), failure.dagster_event


def alert(failed_run) -> None:
    instance, run, event = failed_run
    context = build_run_status_sensor_context(
        sensor_name="run_failure_alerts", dagster_event=event, dagster_instance=instance,
        dagster_run=run,
    ).for_run_failure()  # fmt: skip
    run_failure_alerts(context)


def log_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_failed_run_is_posted_to_the_webhook_and_recorded(
    failed_run, receiver, tmp_path, monkeypatch
):
    monkeypatch.setenv("TRAWL_ALERT_WEBHOOK_URL", receiver.url)
    monkeypatch.setenv("TRAWL_ALERT_LOG", str(tmp_path / "failures.jsonl"))
    alert(failed_run)
    _, run, _ = failed_run
    (posted,) = receiver.bodies
    assert posted["run_id"] == run.run_id
    assert posted["assets"] == ["leads"]
    assert "leads" in posted["failed_steps"]
    assert "does not hold" in posted["failed_steps"]["leads"]  # the model's own error
    assert posted["run_url"].endswith(f"/runs/{run.run_id}")
    assert posted["text"].startswith(f"trawl: run {run.run_id[:8]} failed (leads)")
    (recorded,) = log_lines(tmp_path / "failures.jsonl")
    assert recorded["run_id"] == run.run_id
    assert recorded["webhook"] == "delivered (HTTP 200)"


def test_the_payload_and_the_log_carry_no_secret(failed_run, receiver, tmp_path, monkeypatch):
    monkeypatch.setenv("TRAWL_ALERT_WEBHOOK_URL", receiver.url)
    monkeypatch.setenv("TRAWL_ALERT_LOG", str(tmp_path / "failures.jsonl"))
    alert(failed_run)
    everything = json.dumps(receiver.bodies) + (tmp_path / "failures.jsonl").read_text()
    assert WEBHOOK_SECRET not in everything
    assert "run_config" not in everything and "DATABASE_URL" not in everything


def test_without_a_webhook_the_failure_is_still_recorded(
    failed_run, receiver, tmp_path, monkeypatch
):
    monkeypatch.delenv("TRAWL_ALERT_WEBHOOK_URL", raising=False)
    monkeypatch.setenv("TRAWL_ALERT_LOG", str(tmp_path / "failures.jsonl"))
    alert(failed_run)
    assert receiver.bodies == []
    (recorded,) = log_lines(tmp_path / "failures.jsonl")
    assert recorded["webhook"] == "not configured"


def test_a_webhook_that_is_down_is_noted_and_the_failure_still_recorded(
    failed_run, tmp_path, monkeypatch
):
    down = Receiver()
    down.close()  # nothing listens on its port any more
    monkeypatch.setenv("TRAWL_ALERT_WEBHOOK_URL", down.url)
    monkeypatch.setenv("TRAWL_ALERT_LOG", str(tmp_path / "failures.jsonl"))
    alert(failed_run)
    (recorded,) = log_lines(tmp_path / "failures.jsonl")
    assert recorded["webhook"].startswith("failed:")
    assert WEBHOOK_SECRET not in recorded["webhook"]


def test_a_webhook_that_refuses_is_noted_with_its_status(failed_run, tmp_path, monkeypatch):
    refusing = Receiver(status=500)
    try:
        monkeypatch.setenv("TRAWL_ALERT_WEBHOOK_URL", refusing.url)
        monkeypatch.setenv("TRAWL_ALERT_LOG", str(tmp_path / "failures.jsonl"))
        alert(failed_run)
    finally:
        refusing.close()
    (recorded,) = log_lines(tmp_path / "failures.jsonl")
    assert recorded["webhook"] == "failed: the webhook answered HTTP 500"


def test_passwords_in_urls_and_key_values_are_masked():
    text = (
        "could not connect to postgresql://trawl:hunter2@db.internal:5432/raw; "
        "proxy http://user:pa55@10.0.0.1:8080 refused; api_key=abc123 token: xyz"
    )
    masked = scrub(text)
    for secret in ("hunter2", "pa55", "abc123", "xyz"):
        assert secret not in masked
    assert "postgresql://trawl:***@db.internal:5432/raw" in masked


def test_a_record_masks_secrets_in_the_errors_it_quotes(failed_run):
    _, run, _ = failed_run
    findings = RunFindings(["leads"], {"leads": "postgresql://u:hunter2@h/db unreachable"}, [3])
    record = failure_record(
        run, "run failed", findings, dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
    )
    assert "hunter2" not in json.dumps(record)
    assert record["crawl_run_ids"] == [3]
    assert record["failed_at"] == "2026-11-20T12:00:00+00:00"


def test_a_webhook_url_that_is_not_http_is_refused_without_quoting_it():
    with pytest.raises(ValueError, match="TRAWL_ALERT_WEBHOOK_URL is not an http") as error:
        AlertConfig.from_env({"TRAWL_ALERT_WEBHOOK_URL": "hooks.example.com/SECRET"})
    assert "SECRET" not in str(error.value)
