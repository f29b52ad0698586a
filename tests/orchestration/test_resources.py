"""What the crawl resource leaves in a crawl step's output."""

from __future__ import annotations

import subprocess
import sys

from pipelines.database import PROJECT_ROOT

# what a crawl step does before its crawl starts: open a Pipes session, whose message
# handler is where Dagster warns about its own preview property
OPEN_A_PIPES_SESSION = """
from dagster import PipesTempFileMessageReader
from dagster._core.pipes.context import PipesMessageHandler
PipesMessageHandler(context=None, message_reader=PipesTempFileMessageReader())
"""


def stderr_of_a_pipes_session(imports: str) -> str:
    """What a fresh interpreter (as Dagster's run worker is) prints opening a Pipes session
    after `imports`."""
    result = subprocess.run(
        [sys.executable, "-c", imports + OPEN_A_PIPES_SESSION],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stderr


def test_dagster_warns_about_its_own_pipes_handler_without_trawls_filter():
    # when a Dagster upgrade makes this fail, the filter in orchestration/resources.py (and
    # its copy in pyproject.toml) can go, with the test below
    assert "PreviewWarning" in stderr_of_a_pipes_session("")


def test_dagsters_warning_about_its_own_pipes_handler_stays_out_of_crawl_steps():
    assert "Warning" not in stderr_of_a_pipes_session("import orchestration.resources\n")


def test_other_preview_warnings_still_show():
    warn_of_a_preview = (
        "import orchestration.resources, warnings\n"
        "from dagster import PreviewWarning\n"
        "warnings.warn('Function `something_else` is currently in preview', PreviewWarning)\n"
    )
    assert "something_else" in stderr_of_a_pipes_session(warn_of_a_preview)
