# Veivalg — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install migrate demo worker clean-db help

help:
	@echo "make run    – installer, migrer, last demodata og start http://$(HOST):$(PORT)"
	@echo "make test   – kjør hele testsuiten"
	@echo "make lint   – ruff check og formatsjekk"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

migrate: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput

# Demo data is loaded once; var/.demo-loaded remembers it. `make demo` loads it again
# (idempotent: nothing is duplicated).
var/.demo-loaded: | migrate
	VEIVALG_DEMO=true $(BIN)/python manage.py seed_demo
	@touch $@

demo: migrate
	VEIVALG_DEMO=true $(BIN)/python manage.py seed_demo

run: migrate var/.demo-loaded
	@VEIVALG_DEMO=true $(BIN)/python manage.py demo_logins
	@echo ""
	@echo "Veivalg kjører på http://$(HOST):$(PORT)  (Ctrl+C stopper)"
	@VEIVALG_DEMO=true $(BIN)/python manage.py db_worker --no-reload --interval 0.5 -v 0 & \
	  WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  DEBUG=true VEIVALG_DEMO=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The background worker alone (scenario solving), e.g. beside gunicorn in production.
worker: migrate
	$(BIN)/python manage.py db_worker

# Two workers by default (the suite is CPU-bound); TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean-db:
	rm -f var/veivalg.sqlite3* var/.demo-loaded
