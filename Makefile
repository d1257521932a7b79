# milex: the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: install run test lint typecheck unit browser-deps bench load-deps clean

install: $(STAMP)

# Reinstall only when the project's metadata changes; the package itself is editable.
$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dask]"
	$(BIN)/milex build --quiet
	touch $(STAMP)

run: install
	$(BIN)/milex serve

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

typecheck: install
	$(BIN)/mypy

# Browser tests drive Debian's Chromium through Playwright (no browser download).
browser-deps:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium missing: run 'sudo apt-get install chromium' (browser tests will be skipped)"; fi; }

unit: install browser-deps
	$(BIN)/pytest

test: lint typecheck unit

load-deps:
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk missing: run 'sudo apt-get install wrk'"; exit 1; fi; }

bench: install load-deps
	$(BIN)/python bench/run.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
