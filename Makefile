# Quick start: `make run` and `make test` set the project up on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint check clean-output

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

run: install
	$(BIN)/dechrome ingest --raw data/raw --out data/clean --rejected data/rejected

check: install
	$(BIN)/dechrome check --out data/clean

test: install
	$(BIN)/ruff check cleaners crossdoc flows tests benchmarks
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check cleaners crossdoc flows tests benchmarks
	$(BIN)/ruff format --check cleaners crossdoc flows tests benchmarks

clean-output:
	find data/clean data/rejected -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
