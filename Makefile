# zona: two commands, `make demo` and `make test`; both create .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := ../shared/reference/lke-permenpan-90-2021-filled.xlsx

.PHONY: demo test lint typecheck clean parser-tables

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.demo: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[xlsx]"
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.demo

demo: $(VENV)/.demo
	$(BIN)/zona check rulesets/*.zona examples/*.zona
	$(BIN)/zona score --ruleset examples/example.zona examples/example-answers.json
	@echo
	@if [ -f $(SAMPLE) ]; then \
		echo "$(BIN)/zona score --depth 2 $(SAMPLE)"; \
		$(BIN)/zona score --depth 2 $(SAMPLE); \
	else \
		echo "($(SAMPLE) is absent: scoring zona's own example unit instead)"; \
		echo "$(BIN)/zona score --ruleset permenpan-90-2021 --depth 2 examples/unit-90-2021.portalrb.json"; \
		$(BIN)/zona score --ruleset permenpan-90-2021 --depth 2 examples/unit-90-2021.portalrb.json; \
	fi

test: $(VENV)/.test
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

# after editing grammar/zona.lark (or moving to another lark): rewrite the shipped parser tables
parser-tables: $(VENV)/.test
	$(BIN)/python docs/tools/parser_tables.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
