"""Starting and stopping what the demo and the UI need: the sandbox site, the local proxy
fleet and the raw store; and stopping them too when the command is stopped by a signal."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from pipelines import database


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised in the main thread inside `stoppable()`: taken as Ctrl-C is
    (Dagster takes SIGTERM so too) by what runs when it comes; `trawl` then exits with
    128 + the signal's number (143, 129)."""

    def __init__(self, signum: int = signal.SIGTERM):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def stoppable() -> Iterator[None]:
    """Within, SIGTERM and SIGHUP raise Terminated in the main thread, so that the `with`
    blocks it passes through stop what they started (the sandbox, the proxy fleet, the
    embedded PostgreSQL, Dagster), where the signals' default action would leave them all
    running. And Ctrl-C is heard even when a shell started the command in the background
    (`make ui &`), which ignores SIGINT in it: the processes started here would inherit that
    (Dagster then ignores SIGTERM as well), while a handled signal is reset in a child."""

    def terminate(signum: int, frame: object) -> None:
        raise Terminated(signum)

    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    # SIGTERM (a process manager, `kill`) even where it came ignored: Dagster gives SIGTERM
    # SIGINT's handler, SIG_IGN in a process started in the background, and its children
    # inherit that. SIGHUP (the terminal closed), but under nohup it stays ignored.
    previous = {signal.SIGTERM: signal.signal(signal.SIGTERM, terminate)}
    if signal.getsignal(signal.SIGHUP) != signal.SIG_IGN:
        previous[signal.SIGHUP] = signal.signal(signal.SIGHUP, terminate)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the sandbox exited with status {process.returncode} before serving"
            )
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the sandbox did not answer at {url} within {timeout:.0f}s")


@contextmanager
def sandbox_process(port: int | None = None, extra_args: list[str] | None = None) -> Iterator[str]:
    """Run `trawl sandbox serve` in a subprocess (its own core); yields its base URL."""
    port = port or free_port()
    command = [sys.executable, "-m", "trawl.cli", "sandbox", "serve", "--port", str(port)]
    process = subprocess.Popen([*command, *(extra_args or [])], stdout=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url + "/", process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


# the demo's fleet: 8 proxies, 3 of them bad (see sandbox/proxies.py); as many as browser
# contexts the crawls may open (PLAYWRIGHT_MAX_CONTEXTS), so that browser pages use them all
DEMO_FLEET = ("--healthy", "5", "--slow", "1", "--dead", "1", "--banned", "1")


@contextmanager
def proxy_fleet_process(fleet_args: tuple[str, ...] = DEMO_FLEET) -> Iterator[list[str]]:
    """Run `trawl sandbox proxies` in a subprocess; yields the proxy URLs."""
    command = [sys.executable, "-m", "trawl.cli", "sandbox", "proxies", *fleet_args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        header = process.stdout.readline()  # "proxy fleet: N proxies (Ctrl-C stops)"
        if not header.startswith("proxy fleet:"):
            raise RuntimeError(
                f"the proxy fleet exited with status {process.wait()} before listening"
            )
        count = int(header.split()[2])
        yield [process.stdout.readline().split()[0] for _ in range(count)]
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def raw_store() -> Iterator[str]:
    """The raw store's URL; an embedded server started here is stopped on exit."""
    started_here = not os.environ.get("DATABASE_URL") and not database.embedded_is_running()
    url = database.database_url()
    try:
        yield url
    finally:
        if started_here:
            database.stop_embedded()
