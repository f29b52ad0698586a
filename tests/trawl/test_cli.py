"""`trawl COMMAND` stopped by a signal says so last, under whatever its libraries printed on
the way out, and exits with the status a shell reports for the signal."""

from __future__ import annotations

import argparse
import signal

import pytest

from trawl import cli
from trawl.services import Terminated


def parser_running(stop: BaseException) -> argparse.ArgumentParser:
    """A `trawl` whose one command, `demo`, is stopped by `stop`."""

    def run(args: argparse.Namespace) -> int:
        raise stop

    parser = argparse.ArgumentParser(prog="trawl")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo").set_defaults(run=run)
    return parser


@pytest.mark.parametrize(
    ("stop", "status", "said"),
    [
        (KeyboardInterrupt(), 130, "trawl demo: stopped by SIGINT (Ctrl-C)"),
        (Terminated(signal.SIGTERM), 143, "trawl demo: stopped by SIGTERM"),
        (Terminated(signal.SIGHUP), 129, "trawl demo: stopped by SIGHUP (the terminal closed)"),
    ],
)
def test_a_stopped_command_says_by_what_and_exits_128_plus_the_signal(
    monkeypatch, capsys, stop, status, said
):
    monkeypatch.setattr(cli, "build_parser", lambda: parser_running(stop))
    assert cli.main(["demo"]) == status
    assert capsys.readouterr().err.splitlines()[-1] == said
