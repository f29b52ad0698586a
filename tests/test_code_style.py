"""The code passes ruff's lint and is formatted as `ruff format` would (pyproject.toml's
settings), so `make test` catches what `make lint` would."""

import subprocess
import sys

import pytest

from pipelines.database import PROJECT_ROOT


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_ruff_finds_nothing(command):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, (
        f"ruff {' '.join(command)} found problems (fix them, or run `ruff format .`):\n"
        + result.stdout[-3000:] + result.stderr[-1000:]
    )  # fmt: skip
