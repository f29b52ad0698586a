"""The `trawl` command: what Scrapy, Dagster and DuckDB don't already do.

Each package contributes its own subcommands through a `register(subparsers)` function in
its `cli` module, so the command stays a thin index of what the project can do.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys

from trawl.services import Terminated

# each module adds the subcommands named beside it
COMMAND_MODULES = [
    "sandbox.cli",  # trawl sandbox serve | proxies
    "pipelines.cli",  # trawl db start | stop | migrate | url | replay | analyst-role
    "warehouse.cli",  # trawl warehouse build, trawl dedupe leads|products
    "spiders.cli",  # trawl extract product|business
    "trawl.demo",  # trawl demo
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="trawl", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except Terminated as stopped:  # SIGTERM or SIGHUP (trawl.services.stoppable)
        return stopped_by(args.command, stopped.signum)
    except KeyboardInterrupt:
        return stopped_by(args.command, signal.SIGINT)
    except UsageError as error:
        print(f"trawl: {error}", file=sys.stderr)
        return 2


# the signals a user may know by what they did rather than by name
SIGNAL_MEANINGS = {signal.SIGINT: "Ctrl-C", signal.SIGHUP: "the terminal closed"}


def stopped_by(command: str, signum: int) -> int:
    """Say on stderr that `trawl COMMAND` was stopped, and by which signal, below whatever
    stack traces its libraries printed on the way out; the exit status a shell reports for
    it (128 + the signal's number)."""
    name = signal.Signals(signum).name
    meaning = SIGNAL_MEANINGS.get(signum)
    print(f"trawl {command}: stopped by {name}" + (f" ({meaning})" if meaning else ""),
          file=sys.stderr, flush=True)  # fmt: skip
    return 128 + signum


class UsageError(Exception):
    """A mistake in what the user asked for; the message says what to do instead."""


if __name__ == "__main__":
    # `python -m trawl.cli`: run the module the subcommands import (trawl.cli), not this copy
    # of it (__main__), whose UsageError would not be the one they raise
    from trawl.cli import main as trawl_main

    sys.exit(trawl_main())
