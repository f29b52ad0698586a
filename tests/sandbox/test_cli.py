"""`trawl sandbox serve`: runs in the foreground, prints its URL, stops on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from sandbox import cli
from trawl.cli import UsageError, build_parser

TRAWL = Path(sys.executable).parent / "trawl"


def hear_ctrl_c() -> None:
    """Let the commands started next hear ctrl-c: a test run started in the background has
    SIGINT ignored, children inherit that, and Python then never raises KeyboardInterrupt.
    A handled signal is reset to its default in a child."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def test_serve_prints_its_url_serves_and_stops_on_ctrl_c():
    hear_ctrl_c()
    process = subprocess.Popen(
        [str(TRAWL), "sandbox", "serve", "--port", "0", "--businesses", "30", "--products", "20"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("sandbox serving at http://127.0.0.1:"), process.stderr.read()
        url = line.split()[3]
        with urllib.request.urlopen(url + "directory/", timeout=10) as response:
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) in (0, 130)
    finally:
        process.kill()
        process.wait()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "70000"], "--port 70000 is not a TCP port"),
        (["--businesses", "-1"], "--businesses -1 is out of range"),
        (["--products", "100001"], "--products 100001 is out of range"),
    ],
)
def test_out_of_range_options_are_usage_errors(argv, message):
    args = build_parser().parse_args(["sandbox", "serve", *argv])
    with pytest.raises(UsageError, match=message):
        cli.run_serve(args)
