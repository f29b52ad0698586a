"""Run failures, recorded and announced: a run-failure sensor with an optional webhook.

Every failed run of the code location becomes one JSON line in the failure log and, when
TRAWL_ALERT_WEBHOOK_URL is set, a JSON POST to that URL (a Slack-style incoming webhook, a
chat bot, an incident tool: the payload has a one-line `text`). The record says which run
failed, what it was materializing, which steps failed and why, which `crawl_runs` rows it
wrote, and links to the run. It carries no run config, environment or credentials, and
passwords in URLs quoted by error messages are masked. A webhook that fails is noted in the
log line; it never stops the failure from being recorded.

Settings (environment):
- TRAWL_ALERT_WEBHOOK_URL: where to POST each failure (default: unset, nothing is posted)
- TRAWL_ALERT_LOG: the failure log, JSON lines (default `<data dir>/run_failures.jsonl`)
- TRAWL_ALERT_TIMEOUT: seconds to wait for the webhook to answer (default 10)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagster import (
    DagsterEventType,
    DagsterInstance,
    DagsterRun,
    DefaultSensorStatus,
    RunFailureSensorContext,
    run_failure_sensor,
)
from dagster._utils.error import SerializableErrorInfo

from orchestration.links import run_url
from pipelines.database import data_dir

MAX_MESSAGE = 2000  # characters of an error message kept


@dataclass(frozen=True)
class AlertConfig:
    webhook_url: str | None
    log_path: Path
    timeout: float = 10.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> AlertConfig:
        webhook = environ.get("TRAWL_ALERT_WEBHOOK_URL") or None
        if webhook and not webhook.startswith(("http://", "https://")):
            raise ValueError(
                "TRAWL_ALERT_WEBHOOK_URL is not an http(s) URL; give the full address the "
                "failures should be POSTed to, e.g. https://hooks.example.com/T000/B000"
            )  # the URL itself is not quoted: webhook URLs often embed their secret
        raw_timeout = environ.get("TRAWL_ALERT_TIMEOUT", "10")
        try:
            timeout = float(raw_timeout)
        except ValueError:
            timeout = -1.0
        if timeout <= 0:
            raise ValueError(
                f"TRAWL_ALERT_TIMEOUT={raw_timeout!r} is not a number of seconds above 0"
            )
        log_path = environ.get("TRAWL_ALERT_LOG")
        return cls(
            webhook, Path(log_path) if log_path else data_dir() / "run_failures.jsonl", timeout
        )


def scrub(text: str) -> str:
    """The text with passwords in URLs and `password=`/`token=`-style values masked."""
    text = re.sub(
        r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s/]+@", r"\1***@", text, flags=re.IGNORECASE
    )
    return re.sub(
        r"\b((?:password|passwd|pwd|secret|token|api_?key)\s*[=:]\s*)[^\s&,;'\"]+", r"\1***",
        text, flags=re.IGNORECASE,
    )  # fmt: skip


@dataclass
class RunFindings:
    """What a run's event log says: the assets it set out to materialize, the steps that
    failed with their errors, the crawl_runs ids its crawls reported."""

    assets: list[str] = field(default_factory=list)
    failed_steps: dict[str, str] = field(default_factory=dict)
    crawl_run_ids: list[int] = field(default_factory=list)


def failure_record(
    run: DagsterRun, message: str, findings: RunFindings, when: dt.datetime
) -> dict[str, Any]:
    """What people need to know about a failed run, with nothing secret in it."""
    assets = sorted(findings.assets)
    partition = run.tags.get("dagster/partition")
    what = ", ".join(assets) or run.job_name
    return {
        "text": f"trawl: run {run.run_id[:8]} failed ({what}{f' [{partition}]' if partition else ''})",
        "event": "run_failure",
        "failed_at": when.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "run_id": run.run_id,
        "job": run.job_name,
        "assets": assets,
        "partition": partition,
        "message": scrub(message)[:MAX_MESSAGE],
        "failed_steps": {
            step: scrub(error)[:MAX_MESSAGE] for step, error in findings.failed_steps.items()
        },
        "crawl_run_ids": findings.crawl_run_ids,
        "run_url": run_url(run.run_id),
    }


def post_json(url: str, payload: Mapping[str, Any], timeout: float) -> str:
    """POST the payload; how it went, in words for the log (never quoting the URL)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "User-Agent": "trawl-alerts"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return f"delivered (HTTP {response.status})"
    except urllib.error.HTTPError as error:
        return f"failed: the webhook answered HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return f"failed: {getattr(error, 'reason', error)}"


def append_record(path: Path, record: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps(record, default=str) + "\n")


def error_text(error: SerializableErrorInfo | None) -> str:
    """An error's message and those of its causes (Dagster wraps the user's error), no stack."""
    messages = []
    while error is not None and len(messages) < 5:
        messages.append(error.message.strip())
        error = error.cause
    return " | caused by: ".join(messages) or "failed"


def run_findings(instance: DagsterInstance, run_id: str) -> RunFindings:
    findings = RunFindings()
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None:
            continue
        if event.event_type == DagsterEventType.ASSET_MATERIALIZATION_PLANNED and event.asset_key:
            findings.assets.append(event.asset_key.to_user_string())
        elif event.event_type == DagsterEventType.STEP_FAILURE and event.step_key:
            findings.failed_steps[event.step_key] = error_text(event.step_failure_data.error)
        elif event.event_type == DagsterEventType.ASSET_MATERIALIZATION:
            value = event.step_materialization_data.materialization.metadata.get("crawl_run_id")
            if value is not None:
                findings.crawl_run_ids.append(int(value.value))
    return findings


@run_failure_sensor(
    name="run_failure_alerts",
    default_status=DefaultSensorStatus.RUNNING,
    description="Record every failed run in the failure log and POST it to "
    "TRAWL_ALERT_WEBHOOK_URL when that is set.",
)
def run_failure_alerts(context: RunFailureSensorContext) -> None:
    config = AlertConfig.from_env()
    run = context.dagster_run
    findings = run_findings(context.instance, run.run_id)
    record = failure_record(
        run, context.failure_event.message or "", findings, dt.datetime.now(dt.UTC)
    )
    outcome = "not configured"
    if config.webhook_url:
        outcome = post_json(config.webhook_url, record, config.timeout)
    append_record(config.log_path, {**record, "webhook": outcome})
    context.log.info(
        f"recorded the failure of run {run.run_id} in {config.log_path}; webhook: {outcome}"
    )
