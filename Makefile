# Each target sets itself up: a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed
# The GraphQL-over-HTTP audit (tests/test_conformance.py): npm's graphql-http, pinned.
CONFORMANCE := tests/conformance
AUDIT_STAMP := $(CONFORMANCE)/node_modules/.installed
# GraphiQL's browser code, installed from ui/package-lock.json (exact versions, integrity hashes)
# and copied under content-hashed names into the package. The Dockerfile runs the same commands.
ASSETS := gateway/graphiql/static/manifest.json
NPM_CI := npm ci --prefix ui --ignore-scripts --no-audit --no-fund --loglevel=error
BUILD_ASSETS := node ui/build.mjs gateway/graphiql/static

.PHONY: run test lint bench schema clean assets

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,bench]'
	touch $@ $(RUN_STAMP)

# Without npm, or if the install fails, GraphiQL falls back to a CDN page (and says so).
$(ASSETS): ui/package.json ui/package-lock.json ui/build.mjs
	@if command -v npm >/dev/null; then \
	  $(NPM_CI) && $(BUILD_ASSETS) || echo "GraphiQL assets not built: /graphql will use a CDN"; \
	else echo "npm not found: GraphiQL assets not built, /graphql will use a CDN"; fi

assets: $(ASSETS)

run: $(RUN_STAMP) assets
	$(BIN)/tmdbfusion serve --host 127.0.0.1 --port 8000

$(AUDIT_STAMP): $(CONFORMANCE)/package.json $(CONFORMANCE)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd $(CONFORMANCE) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else \
		echo "npm not found: the GraphQL-over-HTTP audit will be skipped (install Node.js 18+)"; \
	fi

test: $(DEV_STAMP) $(AUDIT_STAMP) assets
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
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache $(CONFORMANCE)/node_modules \
		ui/node_modules gateway/graphiql/static
