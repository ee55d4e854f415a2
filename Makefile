# The assistant's commands. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
ENV := set -a && . scripts/env.sh && set +a &&

.PHONY: help setup migrate train run test lint validate test-unit test-stories test-e2e test-browser bench outbox clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

setup: ## Install Debian and Python packages into .venv (only what changed)
	@scripts/setup.sh

migrate: setup ## Create or migrate the database, and load the care units (demo region by default)
	@$(ENV) $(VENV)/bin/alembic upgrade head
	@$(ENV) $(PY) -m services.booking seed

train: setup ## Train the Rasa model when its config, domain or data changed
	@scripts/train_if_needed.sh

run: migrate train ## Set up and serve the assistant at http://127.0.0.1:8000
	@scripts/run.sh

test: migrate train lint validate test-unit test-stories test-e2e test-browser ## Set up and run every test

lint: setup ## ruff (lint and format check) and mypy
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/mypy

validate: setup ## rasa data validate on the domain and the training data
	@$(ENV) $(VENV)/bin/rasa data validate --domain bot/domain --data bot/data --config config.yml --fail-on-warnings --quiet

test-unit: setup ## Unit tests (services, channels, actions), with a real PostgreSQL for the database tests
	@scripts/setup.sh postgresql redis-server
	@$(ENV) scripts/with_postgres.sh $(PY) -m pytest -q tests --ignore=tests/e2e --ignore=tests/browser

test-stories: train ## Rasa test stories, failing on any prediction error
	@$(ENV) $(VENV)/bin/rasa test core --model models/assistant.tar.gz --stories tests/conversations \
		--fail-on-prediction-errors --out var/rasa-test-results --quiet

test-e2e: migrate train ## End-to-end tests: the real processes on free ports (and a PostgreSQL + Redis production shape)
	@scripts/setup.sh postgresql redis-server
	@$(ENV) $(PY) -m pytest -q tests/e2e

test-browser: migrate train ## The web page in Debian's chromium: axe-core (WCAG 2.1 AA), keyboard only, no JavaScript
	@$(ENV) $(PY) -m pytest -q tests/browser

bench: migrate train ## Benchmarks under bench/ (print figures)
	@$(ENV) $(PY) bench/latency.py
	@$(ENV) $(PY) bench/readability.py

outbox: migrate ## Show the SMS outbox (development)
	@$(ENV) $(PY) -m services.notifications outbox

clean: ## Remove the virtual environment, models and local data
	rm -rf $(VENV) models var .pytest_cache .ruff_cache .mypy_cache
