# zona: two commands, `make demo` and `make test`; both create .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.demo: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.demo

demo: $(VENV)/.demo
	$(BIN)/zona check rulesets/*.zona examples/*.zona
	$(BIN)/zona score --ruleset examples/example.zona examples/example-answers.json
	@echo
	$(BIN)/zona score --ruleset permenpan-90-2021 --depth 2 --fact prior_predicate=WBK \
		examples/unit-90-2021.portalrb.json

test: $(VENV)/.test
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
