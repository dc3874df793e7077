# Delegations portal. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.DEFAULT_GOAL := help
.PHONY: help setup run worker test test-pg lint i18n-extract i18n-update i18n-compile db-upgrade seed serve bench clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/flask: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

setup: $(BIN)/flask i18n-compile ## Virtual environment, pinned dependencies, compiled translations

db-upgrade: setup ## Apply the migrations to the configured database
	$(BIN)/flask db upgrade

seed: db-upgrade ## Load the demo content (idempotent)
	$(BIN)/flask portal seed-demo

run: seed ## Set everything up and serve the demo site on http://127.0.0.1:5000, with its worker
	@$(BIN)/flask portal worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask run --host $(HOST) --port $(PORT)

worker: setup ## The background worker alone (mail, nightly purge): what systemd runs in production
	$(BIN)/flask portal worker

VNU := tests/html/node_modules/vnu-jar/build/dist/vnu.jar

# The W3C HTML checker for tests/test_valid_html.py (skipped where npm is missing).
$(VNU): tests/html/package.json tests/html/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/html --no-audit --no-fund --silent && touch $@; \
	else echo "npm is missing: the HTML validation test will be skipped"; fi

test: setup $(VNU) ## Run the whole test suite (SQLite; PORTAL_TEST_DATABASE_URL for PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)

test-pg: setup ## Run the suite against the local PostgreSQL
	PORTAL_TEST_DATABASE_URL=$${PORTAL_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(BIN)/pytest $(PYTEST_ARGS)

lint: setup ## ruff (lint rules and formatting) and mypy (types of portal/)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check portal tests
	$(BIN)/mypy

i18n-extract: setup ## Extract the UI strings into translations/messages.pot
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -k _p:1c,2 -k lazy_gettext -k pgettext:1c,2 -k lazy_pgettext:1c,2 -o translations/messages.pot .

i18n-update: i18n-extract ## Merge new strings into every catalogue
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --width 100 -i translations/messages.pot -d translations

i18n-compile: $(BIN)/flask ## Compile the catalogues (.po -> .mo)
	$(BIN)/pybabel compile --statistics -d translations

serve: setup ## Production server: gunicorn with gunicorn.conf.py (needs PORTAL_SECRET_KEY)
	PORTAL_ENV=$${PORTAL_ENV:-production} $(BIN)/flask db upgrade
	PORTAL_ENV=$${PORTAL_ENV:-production} $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

bench: setup ## Load benchmark (tests/bench): builds a large database, serves it, prints a table
	$(BIN)/python -m tests.bench.run $(BENCH_ARGS)

clean: ## Remove the virtual environment and caches (keeps instance/)
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
