"""What listens is reachable from this machine only, unless told otherwise: the sandbox, its
proxy fleet, and the Dagster UI that `trawl ui` starts."""

from __future__ import annotations

from urllib.parse import urlsplit

from sandbox.proxies import ProxyFleet
from sandbox.server import SandboxConfig, running_sandbox
from trawl.cli import build_parser
from trawl.demo import dagster_command


def test_the_sandbox_listens_on_loopback_by_default():
    assert SandboxConfig().host == "127.0.0.1"
    with running_sandbox(SandboxConfig(businesses=10, products=10)) as url:
        assert urlsplit(url).hostname == "127.0.0.1"


def test_the_sandbox_commands_default_to_loopback():
    parser = build_parser()
    assert parser.parse_args(["sandbox", "serve"]).host == "127.0.0.1"
    assert parser.parse_args(["sandbox", "proxies"]).host == "127.0.0.1"
    assert ProxyFleet().host == "127.0.0.1"


def test_the_dagster_ui_binds_loopback():
    command = dagster_command(3000)
    assert command[command.index("-h") + 1] == "127.0.0.1"
