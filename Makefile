# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= $(or $(TUTOR_PORT),8501)
PYTEST_ARGS ?=

.PHONY: run test install install-dev lint typecheck unit bench schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, migrate, load the bundled banks (idempotent), start the app on :$(PORT)
run: install
	$(BIN)/python -m tutor db upgrade
	$(BIN)/python -m tutor banks load
	$(BIN)/python -m streamlit run app.py --server.port $(PORT) \
		--browser.gatherUsageStats false --server.headless true

## test: lint, types, and the whole test suite (unit, integration on SQLite+PostgreSQL, UI, browser)
test: install-dev lint typecheck
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy

unit: install-dev
	$(BIN)/python -m pytest tests/unit -q

bench: install-dev
	$(BIN)/python bench/answers.py
	$(BIN)/python bench/llm_client.py

schema: install
	$(BIN)/python -m tutor banks schema --out question_banks/schema.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache tests/artifacts
