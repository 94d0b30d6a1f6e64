# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/dossier seeds

lint: $(STAMP)
	$(BIN)/ruff check tui tests bench
	$(BIN)/ruff format --check tui tests bench

typecheck: $(STAMP)
	$(BIN)/mypy tui
	$(BIN)/lint-imports --no-cache

# The end-to-end tests mostly wait on a terminal: three at once (pytest-xdist) cut the wall
# time without loading the two cores the Pilot tests are timed against. A file's tests stay on
# one worker (--dist loadfile): two workers building the wheel at once in the same source
# tree's build/ folder made its fixture fail.
unit: $(STAMP)
	$(BIN)/python -m pytest -q --ignore=tests/e2e
	$(BIN)/python -m pytest -q -n 3 --dist loadfile tests/e2e

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
