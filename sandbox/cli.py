"""`trawl sandbox serve` runs the sandbox web, `trawl sandbox proxies` the local proxy fleet,
each in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio

from sandbox.antibot import BAN_STYLES, AntibotPolicy
from sandbox.hostile import HostilePolicy
from sandbox.proxies import KINDS, ProxyFleet, serve_fleet
from sandbox.server import SandboxConfig, serve
from sandbox.site import render_site
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
    serve_parser.add_argument(
        "--asset-delay",
        type=float,
        default=0.1,
        metavar="SECONDS",
        help="delay before images, fonts and stylesheets, like a CDN (default 0.1)",
    )
    serve_parser.add_argument(
        "--antibot", action="store_true", help="rate-limit and ban clients (see sandbox.antibot)"
    )
    serve_parser.add_argument(
        "--ban-style", choices=BAN_STYLES, default="mixed", help="how --antibot answers a ban"
    )
    serve_parser.add_argument(
        "--drop-field",
        action="append",
        default=[],
        metavar="FIELD",
        help="leave FIELD (e.g. phone) out of most pages, to see the crawl checks fail; repeatable",
    )
    serve_parser.add_argument(
        "--hostile", action="store_true",
        help="5xx, timeouts, broken and binary pages, redirect loops, calendar traps "
        "(see sandbox.hostile)",
    )  # fmt: skip
    serve_parser.set_defaults(run=run_serve)
    register_proxies(commands)


def run_serve(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is not a TCP port; use 0-65535 (0 picks a free one)")
    for option in ("businesses", "products"):
        count = getattr(args, option)
        if not 0 <= count <= MAX_ENTITIES:
            raise UsageError(f"--{option} {count} is out of range; use 0 to {MAX_ENTITIES}")
    if not 0 <= args.asset_delay <= 60:
        raise UsageError(f"--asset-delay {args.asset_delay} is out of range; use 0 to 60 seconds")
    config = SandboxConfig(
        seed=args.seed,
        asset_delay=args.asset_delay,
        businesses=args.businesses,
        products=args.products,
        host=args.host,
        port=args.port,
        antibot=AntibotPolicy(ban_style=args.ban_style) if args.antibot else None,
        hostile=HostilePolicy(seed=args.seed) if args.hostile else None,
        drop_fields=tuple(args.drop_field),
    )
    try:  # rendered once here (cached), so that a field that cannot be dropped is a usage error
        render_site(config.seed, config.businesses, config.products, config.drop_fields)
    except ValueError as error:
        raise UsageError(f"--drop-field: {error}") from None
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


def register_proxies(commands) -> None:
    proxies = commands.add_parser(
        "proxies",
        help="run a local fleet of HTTP forward proxies, some bad on purpose (Ctrl-C stops)",
        description="Print one proxy URL a line with its kind; give the URLs to a crawl as "
        "PROXY_URLS (comma-separated) or write them to a PROXY_FILE with --write.",
    )
    defaults = ProxyFleet()
    for kind in KINDS:
        proxies.add_argument(f"--{kind}", type=int, default=getattr(defaults, kind), metavar="N")
    proxies.add_argument("--auth", metavar="USER:PASS", help="require these proxy credentials")
    proxies.add_argument("--slow-delay", type=float, default=defaults.slow_delay_s, metavar="S")
    proxies.add_argument("--host", default="127.0.0.1")
    proxies.add_argument("--write", metavar="FILE", help="also write the URLs to FILE")
    proxies.set_defaults(run=run_proxies)


def run_proxies(args: argparse.Namespace) -> int:
    try:
        fleet = ProxyFleet(
            **{kind: getattr(args, kind) for kind in KINDS},
            auth=args.auth,
            slow_delay_s=args.slow_delay,
            host=args.host,
        )
    except ValueError as error:
        raise UsageError(str(error)) from None

    def on_ready(urls: list[str]) -> None:
        lines = [f"{url}  # {kind}" for url, kind in zip(urls, fleet.kinds())]
        if args.write:
            with open(args.write, "w", encoding="utf-8") as file:
                file.write("\n".join(lines) + "\n")
        print(f"proxy fleet: {len(urls)} proxies (Ctrl-C stops)", flush=True)
        print("\n".join(lines), flush=True)

    try:
        asyncio.run(serve_fleet(fleet, on_ready))
    except OSError as error:
        raise UsageError(f"cannot listen on {args.host} ({error.strerror}); pass another --host")
    return 0
