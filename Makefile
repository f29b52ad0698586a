# trawl: `make demo` shows the whole pipeline; `make test` runs every test.
# Both set up everything first (uv, the virtualenv from uv.lock, Chromium when root).
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.uv/bin/uv)
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/.dagster
export PYTHONWARNINGS ?= ignore::RuntimeWarning:platformdirs.api

.PHONY: demo test ui bench env chromium lint clean

demo: env chromium ## crawl the sandbox, build the warehouse, print a summary
	$(BIN)/trawl demo

test: env chromium ## run the whole test suite
	$(BIN)/pytest

ui: env chromium ## the Dagster UI on http://127.0.0.1:3000 with the sandbox running
	$(BIN)/trawl ui

bench: env chromium ## benchmarks: ratios measured side by side (see BENCHMARKS.md)
	$(BIN)/python -m bench

lint: env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

env: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-groups --python 3.11 --compile-bytecode
	$(BIN)/python -c 'from trawl.demo import ensure_dagster_home; ensure_dagster_home()'
	touch $@

$(CURDIR)/.uv/bin/uv:
	$(PYTHON) -m venv $(CURDIR)/.uv
	$(CURDIR)/.uv/bin/pip install --quiet uv==$(UV_VERSION)

# Playwright's own browser download needs the internet; Debian's Chromium works everywhere.
chromium:
	@if $(BIN)/python -m spiders.browser --check >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for browser pages..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "warning: could not install chromium; browser tests will fail"; \
	else \
		echo "No Chromium found: install it (sudo apt-get install chromium) or set TRAWL_CHROMIUM_PATH"; \
	fi

clean:
	rm -rf $(VENV) .uv .dagster data .pytest_cache
