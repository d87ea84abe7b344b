# Quick start: `make run` and `make test` set the project up on first use.
# PYTHON=/path/to/python picks the interpreter (default: the newest 3.11-3.13 found).
VENV ?= .venv
BIN := $(VENV)/bin
CLEAN ?= data/clean
REJECTED ?= data/rejected

.PHONY: install lock run test lint check clean-output

install:
	@PYTHON="$(PYTHON)" scripts/setup-venv $(VENV)

# Regenerate requirements.lock from pyproject.toml for Python 3.11-3.13, keeping the
# versions pinned now wherever they still fit.
# Merge-conflict markers are dropped first; lines on both sides stay as preferences.
lock:
	@sed -i '/^\(<<<<<<<\|=======\|>>>>>>>\)/d' requirements.lock
	@uv=$$(PYTHON="$(PYTHON)" scripts/setup-venv --uv $(VENV)) && \
	$$uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--no-annotate --custom-compile-command "make lock" --quiet -o requirements.lock
	@echo "requirements.lock: $$(grep -c '==' requirements.lock) pins for Python 3.11-3.13"

run: install
	$(BIN)/dechrome ingest --raw data/raw --out $(CLEAN) --rejected $(REJECTED)

check: install
	$(BIN)/dechrome check --out $(CLEAN)

test: install
	$(BIN)/ruff check cleaners crossdoc flows tests benchmarks
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check cleaners crossdoc flows tests benchmarks
	$(BIN)/ruff format --check cleaners crossdoc flows tests benchmarks

clean-output:
	find $(CLEAN) $(REJECTED) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
