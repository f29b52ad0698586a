"""Links into the Dagster UI, for metadata and alerts that people click from elsewhere.

Settings (environment):
- TRAWL_DAGSTER_URL: where the Dagster UI is served (default http://127.0.0.1:3000)
"""

from __future__ import annotations

import os
from collections.abc import Mapping

DEFAULT_DAGSTER_URL = "http://127.0.0.1:3000"


def dagster_url(environ: Mapping[str, str] = os.environ) -> str:
    url = (environ.get("TRAWL_DAGSTER_URL") or DEFAULT_DAGSTER_URL).rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValueError(
            f"TRAWL_DAGSTER_URL={url!r} is not an http(s) URL; give the UI's address, "
            f"e.g. {DEFAULT_DAGSTER_URL}"
        )
    return url


def run_url(run_id: str, environ: Mapping[str, str] = os.environ) -> str:
    """The page of one Dagster run."""
    return f"{dagster_url(environ)}/runs/{run_id}"
