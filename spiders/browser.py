"""Finding a Chromium for Playwright, at run time, with an error that names the fix.

Order: TRAWL_CHROMIUM_PATH (a path to a Chromium or Chrome binary); Playwright's own
browser when `playwright install chromium` has run; Debian's `/usr/lib/chromium/chromium`
or `/usr/bin/chromium`.

`chromium_args` are the flags Chromium needs to crawl here (spiders/settings.py passes them
in PLAYWRIGHT_LAUNCH_OPTIONS). `python -m spiders.browser --check` prints the browser
found, or the fix, and exits 1.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

DEBIAN_CHROMIUM = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")


class BrowserNotFound(RuntimeError):
    """No Chromium is installed where trawl looks."""


def playwright_chromium() -> str | None:
    """Playwright's downloaded Chromium, when it has been installed."""
    cache = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache/ms-playwright")
    found = sorted(cache.glob("chromium-*/chrome-linux*/chrome"))
    return str(found[-1]) if found else None


def find_chromium() -> str:
    """The path of the Chromium binary to drive, or BrowserNotFound saying how to get one."""
    configured = os.environ.get("TRAWL_CHROMIUM_PATH")
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        raise BrowserNotFound(
            f"TRAWL_CHROMIUM_PATH={configured!r} is not an executable file; "
            "point it at a Chromium binary or unset it"
        )
    for candidate in (playwright_chromium(), *DEBIAN_CHROMIUM, shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise BrowserNotFound(
        "no Chromium found for pages that need a browser. Install one: "
        "`sudo apt-get install chromium` (Debian/Ubuntu), or `playwright install chromium` "
        "where the internet is reachable, or set TRAWL_CHROMIUM_PATH to a Chromium binary"
    )


def chromium_args(as_root: bool) -> list[str]:
    """Chromium's command-line flags for crawling here.

    Without the background-networking flags Chromium phones home (updates, sync, field
    trials), and on a closed network those connections are refused and slow it down.
    Chromium refuses to run as root without --no-sandbox.
    """
    args = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    return ["--no-sandbox", *args] if as_root else args


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def main() -> int:
    try:
        print(find_chromium())
    except BrowserNotFound as error:
        print(f"trawl: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
