"""Spider fixtures: the default sandbox world served on a free loopback port."""

from __future__ import annotations

import pytest

from sandbox.server import SandboxConfig, running_sandbox


@pytest.fixture(scope="session")
def sandbox_url():
    """The base URL of the default sandbox (seed 7, 600 businesses, 600 products)."""
    with running_sandbox(SandboxConfig()) as url:
        yield url
