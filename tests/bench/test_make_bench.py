"""`make bench` (bench/__main__.py): it finds every benchmark in bench/, runs one in a process
of its own, and gathers the ratios it printed for the summary at the end."""

from __future__ import annotations

from bench.__main__ import BENCH_DIR, benchmarks, run


def test_every_module_with_a_main_is_a_benchmark_and_helpers_are_not():
    found = benchmarks()
    modules = {path.stem for path in BENCH_DIR.glob("*.py")}
    assert {"pipeline", "sink", "warehouse", "memory", "peer", "browser"} <= set(found)
    assert not [name for name in found if name.startswith("_")]
    assert set(found) <= modules
    assert found[:5] == ["parsing", "sink", "pipeline", "peer", "memory"]  # cheap ones first


def test_a_benchmark_runs_in_its_own_process_and_its_ratios_are_gathered():
    status, ratios, seconds = run("parsing")
    assert status == 0
    assert len(ratios) == 1 and ratios[0].startswith("parsing: Selector-per-field CPU")
    assert float(ratios[0].rsplit(": ", 1)[1]) > 1  # a page read field by field costs more
    assert seconds > 0
