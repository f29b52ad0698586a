"""`trawl ui` stopped by a signal stops what it started. Started in the background by a shell
(SIGINT ignored, as `make ui &` does) and sent SIGTERM, as a process manager or `kill` would,
it leaves no Dagster, sandbox or port behind; SIGHUP (the terminal closed) and Ctrl-C stop it
as well, and under nohup SIGHUP does not."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from trawl.services import free_port

TRAWL = Path(sys.executable).parent / "trawl"
STARTUP_SECONDS = 300  # `dagster dev` loads the definitions in a code server of its own
STOP_SECONDS = 180


def with_ignored(signals: str, command: list[str]) -> list[str]:
    """`command` started with `signals` (names, "INT TERM") ignored, as a shell leaves them:
    SIGINT for a command it starts with `&` without job control, SIGHUP under nohup."""
    return ["sh", "-c", f'trap "" {signals}; exec "$0" "$@"', *command]


def ignores_sigint(pid: int) -> bool:
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return bool(int(fields["SigIgn"], 16) & (1 << (signal.SIGINT - 1)))


# a command in stoppable() with a child it stops on the way out, as `trawl ui` stops its sandbox
HOLDS_A_CHILD = textwrap.dedent("""
    import subprocess, sys, time
    from trawl.services import Terminated, stoppable
    try:
        with stoppable():
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
            try:
                print(child.pid, flush=True)
                time.sleep(600)
            finally:
                child.terminate()
                child.wait()
    except Terminated as stopped:
        sys.exit(128 + stopped.signum)  # as trawl's main does
""")


@pytest.mark.parametrize(
    ("sent", "status", "ignored"),
    [
        (signal.SIGTERM, 143, "INT"),
        (signal.SIGTERM, 143, "INT TERM"),  # as a process that ran Dagster in-process passes on
        (signal.SIGHUP, 129, "INT"),
        (signal.SIGINT, -signal.SIGINT, "INT"),
    ],
)
def test_a_stoppable_command_stops_its_children_on_sigterm_sighup_and_ctrl_c(sent, status, ignored):
    command = subprocess.Popen(
        with_ignored(ignored, [sys.executable, "-c", HOLDS_A_CHILD]),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        child = int(command.stdout.readline())
        assert not ignores_sigint(child), "the child inherited an ignored SIGINT"
        command.send_signal(sent)
        # Python ends on an uncaught KeyboardInterrupt by SIGINT (trawl's main returns 130)
        assert command.wait(timeout=30) == status, command.stderr.read()
        assert not psutil.pid_exists(child) or psutil.Process(child).status() == "zombie"
    finally:
        command.kill()
        command.wait()


def test_a_stoppable_command_under_nohup_outlives_its_terminal():
    nohup = with_ignored("HUP", [sys.executable, "-c", HOLDS_A_CHILD])
    command = subprocess.Popen(nohup, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        child = int(command.stdout.readline())
        command.send_signal(signal.SIGHUP)
        time.sleep(1)
        assert command.poll() is None and psutil.pid_exists(child)
        command.send_signal(signal.SIGTERM)
        assert command.wait(timeout=30) == 143, command.stderr.read()
    finally:
        command.kill()
        command.wait()


def serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except OSError:
        return False


@pytest.mark.e2e
def test_trawl_ui_started_in_the_background_stops_dagster_and_the_sandbox_on_sigterm(
    database_url, tmp_path, monkeypatch
):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    ui_port, sandbox_port = free_port(), free_port()
    ui_url = f"http://127.0.0.1:{ui_port}/server_info"
    sandbox_url = f"http://127.0.0.1:{sandbox_port}/"
    command = [str(TRAWL), "ui", "--port", str(ui_port), "--sandbox-port", str(sandbox_port)]
    log = tmp_path / "ui.log"
    with open(log, "w") as output:
        ui = subprocess.Popen(with_ignored("INT", command), stdout=output,
                              stderr=subprocess.STDOUT)  # fmt: skip
    started: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not serving(ui_url):
            assert ui.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(2)
        assert serving(sandbox_url)
        started = psutil.Process(ui.pid).children(recursive=True)
        names = " ".join(" ".join(p.cmdline()) for p in started)
        assert "dagster dev" in names and "dagster_webserver" in names and "sandbox serve" in names

        ui.send_signal(signal.SIGTERM)
        assert ui.wait(timeout=STOP_SECONDS) == 143, log.read_text()[-3000:]
        _, left = psutil.wait_procs(started, timeout=10)
        assert not left, [" ".join(p.cmdline()) for p in left]
        assert not serving(ui_url) and not serving(sandbox_url)
        assert "stopping Dagster" in log.read_text()
        assert "trawl ui: stopped by SIGTERM" in log.read_text().splitlines()
    finally:
        for process in started:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        ui.kill()
        ui.wait()
