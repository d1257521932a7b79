# milex: the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
CHROMIUM ?= /usr/bin/chromium
# `make run PORT=8123` serves on another port (HOST=0.0.0.0 exposes it beyond this machine).
PORT ?= 8000
HOST ?= 127.0.0.1
# Test processes for `make test` (pytest-xdist): one per core; JOBS=0 runs the suite in one process.
JOBS ?= auto

.PHONY: install test-install run test lint typecheck unit browser-deps bench load-deps clean

install: $(STAMP)
test-install: $(TEST_STAMP)

# Reinstall only when the project's metadata changes; the package itself is editable. `make run`
# needs milex alone: the test tools (pytest, ruff, mypy, Playwright, ...) come with `make test`.
$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/milex build --quiet
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,dask]"
	touch $(TEST_STAMP)

run: install
	$(BIN)/milex serve --host $(HOST) --port $(PORT)

lint: test-install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

typecheck: test-install
	$(BIN)/mypy

# Browser tests drive Debian's Chromium through Playwright (no browser download).
browser-deps:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium missing: run 'sudo apt-get install chromium' (browser tests will be skipped)"; fi; }

unit: test-install browser-deps
	$(BIN)/pytest -n $(JOBS)

test: lint typecheck unit

load-deps:
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk missing: run 'sudo apt-get install wrk'"; exit 1; fi; }

bench: test-install load-deps
	$(BIN)/python bench/run.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
