# Each target sets itself up: a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed
# The GraphQL-over-HTTP audit (tests/test_conformance.py): npm's graphql-http, pinned.
CONFORMANCE := tests/conformance
AUDIT_STAMP := $(CONFORMANCE)/node_modules/.installed

.PHONY: run test lint bench schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,bench]'
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/tmdbfusion serve --host 127.0.0.1 --port 8000

$(AUDIT_STAMP): $(CONFORMANCE)/package.json $(CONFORMANCE)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd $(CONFORMANCE) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else \
		echo "npm not found: the GraphQL-over-HTTP audit will be skipped (install Node.js 18+)"; \
	fi

test: $(DEV_STAMP) $(AUDIT_STAMP)
	$(BIN)/pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(DEV_STAMP)
	bash bench/install.sh
	$(BIN)/python -m bench

schema: $(DEV_STAMP)
	$(BIN)/python -m schema > schema/schema.graphql

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache $(CONFORMANCE)/node_modules
