# rcapp: `make run` serves the app with demo data; `make test` runs every check.
# Both set up everything they need on a fresh Debian machine and are safe to repeat.

# CPython 3.12 where the machine has one (scripts/pick-python.sh says why), else python3.
PYTHON ?= $(shell bash scripts/pick-python.sh)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB_URL ?= sqlite:///$(CURDIR)/instance/rcapp.sqlite3
PG_URL := postgresql+psycopg://rcapp:rcapp@127.0.0.1:5432/rcapp_test
NODE_AXE := node_modules/axe-core/axe.min.js
REDIS_URL := redis://127.0.0.1:6379/15
# Where `make run` serves; the app and the worker link their e-mails to the same address.
HOST ?= 127.0.0.1
PORT ?= 5000
BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint typecheck importlint pytest test-postgres setup setup-test system system-test \
        venv venv-interpreter translations catalogs clean bench

run: setup
	RCAPP_DATABASE_URL=$(DB_URL) $(BIN)/rcapp db upgrade
	RCAPP_DATABASE_URL=$(DB_URL) $(BIN)/rcapp rubrics check
	RCAPP_DATABASE_URL=$(DB_URL) $(BIN)/rcapp demo --if-empty
	@# The task-queue worker (on the queue file beside the database, as the app: rcapp/queue.py)
	@# and a local debugging SMTP server (which prints the reminders
	@# the worker delivers) run beside the app and stop with it.
	@# Both get one RCAPP_BASE_URL: the worker cannot know the port the app serves.
	RCAPP_DATABASE_URL=$(DB_URL) RCAPP_BASE_URL=$(BASE_URL) $(BIN)/rcapp worker & worker=$$!; \
	  RCAPP_DATABASE_URL=$(DB_URL) $(BIN)/rcapp mail debug-server & smtp=$$!; \
	  trap 'kill $$worker $$smtp 2>/dev/null' EXIT INT TERM; \
	  RCAPP_DATABASE_URL=$(DB_URL) RCAPP_BASE_URL=$(BASE_URL) $(BIN)/rcapp run --host $(HOST) --port $(PORT)

test: setup-test lint typecheck importlint pytest test-postgres

setup: system venv catalogs
setup-test: system-test venv catalogs $(NODE_AXE)

system:
	@bash scripts/install-system-packages.sh run

system-test:
	@bash scripts/install-system-packages.sh test

venv: venv-interpreter $(STAMP)

# A virtual environment made with another Python version than $(PYTHON) is made again.
venv-interpreter:
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print(sys.version_info[:2])')" \
	    != "$$($(PYTHON) -c 'import sys; print(sys.version_info[:2])')" ]; then \
	  echo "Making $(VENV) again with $(PYTHON)"; rm -rf $(VENV); fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_AXE): package.json
	npm install --no-audit --no-fund --silent
	touch $(NODE_AXE)

catalogs: venv
	$(BIN)/pybabel compile --statistics -d rcapp/translations > /dev/null

translations: venv
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	  --omit-header -o rcapp/translations/messages.pot . > /dev/null
	$(BIN)/pybabel update -i rcapp/translations/messages.pot -d rcapp/translations \
	  --no-fuzzy-matching
	$(BIN)/python scripts/i18n_status.py

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

importlint: venv
	$(BIN)/lint-imports

# Every test but the browser ones runs on $(TEST_WORKERS) pytest-xdist workers, each on a
# PostgreSQL database and Redis db of its own (tests/parallel_workers.py), whole files to a
# worker (--dist loadfile: a module's fixtures are built once). The browser tests share one
# live demo database and run afterwards in one process, in order. Bytecode is written, so the
# assertion rewriting of ~800 test modules is done once, not in every pytest process.
TEST_WORKERS ?= 2
PARALLEL := -n $(TEST_WORKERS) --dist loadfile
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q
PG_TESTS := tests/web tests/integration tests/test_migration*.py

pytest: venv
	bash scripts/redis.sh
	RCAPP_TEST_REDIS_URL=$(REDIS_URL) $(PYTEST) $(PARALLEL) -m "not browser"
	RCAPP_TEST_REDIS_URL=$(REDIS_URL) $(PYTEST) -m browser tests/browser

test-postgres: venv
	bash scripts/postgres.sh
	RCAPP_TEST_DATABASE_URL=$(PG_URL) $(PYTEST) $(PARALLEL) -m "not browser" $(PG_TESTS)

clean:
	rm -rf $(VENV) node_modules .mypy_cache .ruff_cache

# Benchmarks (not part of `make test`): every tests/bench/bench_*.py, each printing its
# figures with a ratio against a baseline measured in the same run (docs/performance.md).
# `make bench BENCH_ARGS=--large` for the 26,000-organisation size.
BENCH_ARGS ?=
BENCH_DB := rcapp_bench
bench: setup-test
	bash scripts/postgres.sh
	su postgres -c "psql -qAtc \"select 1 from pg_database where datname='$(BENCH_DB)'\"" | grep -q 1 \
	  || su postgres -c "createdb -O rcapp $(BENCH_DB)"
	RCAPP_BENCH_PG_URL=postgresql+psycopg://rcapp:rcapp@127.0.0.1:5432/$(BENCH_DB) \
	  $(BIN)/python -m tests.bench $(BENCH_ARGS)
