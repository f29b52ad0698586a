"""Benchmarks: ratios measured side by side in one run (`.venv/bin/python -m bench.<name>`)."""
