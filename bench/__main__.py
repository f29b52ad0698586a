"""`make bench`: every benchmark in bench/, one after the other, then every ratio they printed.

    .venv/bin/python -m bench                 # all of them
    .venv/bin/python -m bench peer sink       # some of them, by module name
    .venv/bin/python -m bench --list

A benchmark is a module bench/<name>.py with a `main()` (helpers start with "_"). Each runs
as `python -m bench.<name>` in a process of its own, with its own defaults, its output
shown as it comes; its ratios are gathered and printed again at the end, with the machine
and its load before and after: lines starting with "RATIO " (bench/_harness.report_ratio),
and lines that print a ratio as a number followed by "x" ("0.73x the pages/s"). A benchmark that fails is reported and the
others still run; the exit status says whether any failed. Benchmarks that need PostgreSQL
use DATABASE_URL's server (else the embedded one) and create a database of their own.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import time
from pathlib import Path

from bench._harness import machine
from pipelines.database import PROJECT_ROOT

BENCH_DIR = Path(__file__).resolve().parent
# cheap ones first; the rest in name order
FIRST = ("parsing", "sink", "pipeline", "peer", "memory")
TIMES = re.compile(r"\b\d+(?:\.\d+)?x\b")  # "0.73x", "2.5x"


def benchmarks() -> list[str]:
    """Names of the modules in bench/ that define a top-level main()."""
    found = []
    for path in BENCH_DIR.glob("*.py"):
        if path.name.startswith("_"):
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        if any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body):
            found.append(path.stem)
    return sorted(found, key=lambda name: (FIRST.index(name) if name in FIRST else len(FIRST),
                                           name))  # fmt: skip


def run(name: str) -> tuple[int, list[str], float]:
    """Run one benchmark, echoing its output; (exit status, its RATIO lines, seconds)."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", f"bench.{name}"], cwd=PROJECT_ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    ratios = []
    for line in process.stdout:
        print(f"  {line}", end="", flush=True)
        if line.startswith("RATIO "):
            ratios.append(line.removeprefix("RATIO ").rstrip())
        elif TIMES.search(line):
            ratios.append(f"{name}: {line.strip()}")
    return process.wait(), ratios, time.monotonic() - started


def main() -> None:
    available = benchmarks()
    asked = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    if "--list" in sys.argv:
        print("\n".join(available))
        return
    unknown = sorted(set(asked) - set(available))
    if unknown:
        sys.exit(f"no benchmark named {', '.join(unknown)}; there are: {', '.join(available)}")
    chosen = asked or available
    before = machine()
    print(f"trawl benchmarks on {before}\n")
    results = {}
    for name in chosen:
        print(f"== {name}", flush=True)
        results[name] = run(name)
        status, _, seconds = results[name]
        print(f"== {name}: {'ok' if status == 0 else f'FAILED (exit {status})'}, {seconds:.0f} s\n")
    print(f"== ratios (machine: {before}; after: load average "
          f"{machine().rsplit('load average ', 1)[1]})")  # fmt: skip
    for name, (status, ratios, _) in results.items():
        for ratio in ratios:
            print(f"  {ratio}")
        if status != 0:
            print(f"  {name}: failed, see its output above")
    sys.exit(1 if any(status != 0 for status, _, _ in results.values()) else 0)


if __name__ == "__main__":
    main()
