# XRAYS: `make run` to try the site, `make test` to run every test.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python 3.13 or 3.12 found (pyenv's python3 follows .python-version).
PYTHON := $(shell for p in python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not ((3, 12) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null; \
	then echo $$p; break; fi; done)

.PHONY: run test install lint bench bench-search clean

$(BIN)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "XRAYS needs Python 3.13 (or 3.12). Install one, e.g. 'pyenv install 3.13', and try again." >&2; \
		exit 1; fi
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# The interface's translations: each catalogue (.po, in git) compiled into the .mo
# Django reads (a build product, not in git) whenever the .po is newer. Babel compiles
# them (xrays/catalogues.py): no GNU gettext needed.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

locale/%.mo: locale/%.po | $(BIN)/.installed
	$(BIN)/python manage.py compile_translations

install: $(BIN)/.installed $(CATALOGUES)

# The Procfile's processes (gunicorn and the task worker), with DEBUG on: the layout a
# deployment runs. honcho stops both on Ctrl-C. `-e /dev/null`: no .env file changes
# what `make run` is (a .env is for honcho on a server).
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo
	@echo "XRAYS: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/; Ctrl-C stops the site and the worker)"
	@DEBUG=1 WEB_HOST=$(HOST) WEB_CONCURRENCY=2 PATH="$(abspath $(BIN)):$$PATH" \
		$(BIN)/honcho start -e /dev/null --port $(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Style, formatting, the dependency rules ([tool.importlinter] in pyproject.toml), and
# content generation scopes: each declared once, used by its constant (xrays/checks.py).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m xrays.checks
	$(BIN)/mypy $(TYPED)

# The doors, type-checked by `make lint`: every side effect's named function.
TYPED := articles/workflow articles/extensions.py articles/admin/extensions.py \
	xrays/generations.py xrays/page_cache.py \
	subscriptions/follow.py subscriptions/sending.py

# Serves a 1,000-article archive with gunicorn on 127.0.0.1 and drives the public pages
# with wrk, then measures the fan-out of an update email to 1,000 and 10,000 followers.
# Both write to one results file in bench/results/.
bench: install
	@results=$${BENCH_RESULTS:-bench/results/$$(date -u +%Y%m%d-%H%M%S).json}; \
	BENCH_RESULTS=$$results $(BIN)/python bench/run.py && \
	BENCH_RESULTS=$$results $(BIN)/python bench/fanout.py

# Search latency at 1,000 and 10,000 articles on PostgreSQL. DATABASE_URL must name a
# database of the benchmark's own (with "bench" in its name): it is dropped and re-made.
bench-search: install
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache db.sqlite3
