# Two entry points matter: `make run` and `make test`. Everything else is
# for developers. The virtual environment is rebuilt when the pins change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONSTRAINTS := requirements/constraints.txt
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint typecheck check bench screenshots package clean install-desktop

$(STAMP): pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e ".[test,dev]"
	touch $(STAMP)

run: $(STAMP)
	env -u QT_QPA_PLATFORM $(BIN)/readinglist

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

# PNGs of the real window (light, dark, a search, the export dialog) for review.
screenshots: $(STAMP)
	$(BIN)/python -m readinglist.gui.screenshots build/screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache
