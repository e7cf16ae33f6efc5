# Mon Paris — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .tools
BIN := $(CURDIR)/$(TOOLS)/node_modules/.bin
PORT ?= $(or $(MONPARIS_PORT),8000)
FC_PORT ?= $(or $(MONPARIS_FC_SIMULATOR_PORT),8001)
DEMO_PORT ?= $(or $(MONPARIS_DEMO_PARTNER_PORT),8002)

export PATH := $(BIN):$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false

.PHONY: install run dev test test-fast e2e lint schema bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

$(BIN)/bun:
	npm install --prefix $(TOOLS) --no-audit --no-fund bun@1.4.4

$(TOOLS)/node_modules/axe-core/axe.min.js:
	npm install --prefix $(TOOLS) --no-audit --no-fund axe-core@4.11.0

install: $(VENV)/.installed $(BIN)/bun

## run: the app on http://localhost:$(PORT) (embedded defaults), the FranceConnect simulator and
## the demo City service that signs in with Mon Paris (http://localhost:$(DEMO_PORT)).
run: install
	$(PY) -m scripts.launcher --port $(PORT) --fc-port $(FC_PORT) --demo-port $(DEMO_PORT)

## test: every test (unit, API, end-to-end in Chromium); installs what it needs.
test: install $(TOOLS)/node_modules/axe-core/axe.min.js lint
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	$(PY) -m pytest

## test-fast: unit and API tests only.
test-fast: install
	$(PY) -m pytest -m "not e2e"

e2e: install $(TOOLS)/node_modules/axe-core/axe.min.js
	$(PY) -m pytest tests/e2e

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy monparis_app fcsim demopartner scripts
	$(VENV)/bin/lint-imports

## schema: rewrite schema.graphql after an intended change of the GraphQL schema.
schema: install
	$(PY) -c "from monparis_app.graphql.schema import schema; print(schema.as_str())" > schema.graphql

$(BIN)/lighthouse:
	npm install --prefix $(TOOLS) --no-audit --no-fund lighthouse@12.8.2

bench: install $(BIN)/lighthouse
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	$(PY) -m scripts.bench_signup
	$(PY) -m scripts.bench_sign_in_timing
	$(PY) -m scripts.bench_page_weight

clean:
	rm -rf .web .states $(VENV) $(TOOLS) monparis.db monparis.db-* monparis.db.*-lock.db
