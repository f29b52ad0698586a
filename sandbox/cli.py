"""`trawl sandbox serve`: run the sandbox web in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio

from sandbox.server import SandboxConfig, serve
from sandbox.world import MAX_ENTITIES
from trawl.cli import UsageError


def register(subparsers) -> None:
    sandbox = subparsers.add_parser("sandbox", help="the local demo web")
    commands = sandbox.add_subparsers(dest="sandbox_command", required=True, metavar="COMMAND")
    serve_parser = commands.add_parser(
        "serve", help="serve the sandbox directory and marketplace (Ctrl-C stops)"
    )
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8700, help="0 picks a free port")
    serve_parser.add_argument("--seed", type=int, default=7)
    serve_parser.add_argument("--businesses", type=int, default=600, metavar="N")
    serve_parser.add_argument("--products", type=int, default=600, metavar="N")
    serve_parser.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is not a TCP port; use 0-65535 (0 picks a free one)")
    for option in ("businesses", "products"):
        count = getattr(args, option)
        if not 0 <= count <= MAX_ENTITIES:
            raise UsageError(f"--{option} {count} is out of range; use 0 to {MAX_ENTITIES}")
    config = SandboxConfig(
        seed=args.seed,
        businesses=args.businesses,
        products=args.products,
        host=args.host,
        port=args.port,
    )
    try:
        asyncio.run(
            serve(
                config, lambda url: print(f"sandbox serving at {url}/ (Ctrl-C stops)", flush=True)
            )
        )
    except OSError as error:
        raise UsageError(
            f"cannot listen on {args.host}:{args.port} ({error.strerror}); "
            "pass another --port, or --port 0 for a free one"
        ) from error
    return 0
