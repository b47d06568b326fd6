# zona: two commands, `make demo` and `make test`; both create .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := ../shared/reference/lke-permenpan-90-2021-filled.xlsx

.PHONY: demo test docs lint typecheck clean parser-tables locale

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.demo: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[xlsx]"
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.demo $(VENV)/.docs

$(VENV)/.docs: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	touch $@

# the docs site (mkdocs.yml) into site/; --strict: a broken link or anchor fails the build
MKDOCS := NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site
docs: $(VENV)/.docs
	$(MKDOCS)

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
	@echo
	@echo "Other rubrics (examples of the language; each sheet names its ruleset beside it):"
	$(BIN)/zona score --depth 1 examples/sakip-88-2021.answers.json
	@echo
	$(BIN)/zona score --depth 1 examples/spbe-59-2020.answers.json
	@echo
	$(BIN)/zona score --depth 1 examples/spip-maturity.answers.json
	@echo
	@echo "Chaining: the SAKIP predikat and the SPIP level as facts of the 90/2021 unit:"
	$(BIN)/zona score --ruleset permenpan-90-2021 --depth 0 examples/unit-90-2021.portalrb.json \
		--fact-from sakip=examples/sakip-88-2021.answers.json \
		--fact-from spip_maturity=examples/spip-maturity.answers.json

# the message catalogues (docs/language-of-output.md): new messages of the code into both
# zona.po files (translate them there), then zona.mo compiled beside each
locale: | $(BIN)/python
	mkdir -p build
	$(BIN)/pybabel extract --no-default-keywords -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 --no-location \
		--project zona -o build/zona.pot src/zona
	$(BIN)/pybabel update -i build/zona.pot -d src/zona/locale -D zona --no-fuzzy-matching \
		--ignore-obsolete --ignore-pot-creation-date
	$(BIN)/pybabel compile -d src/zona/locale -D zona --statistics

test: $(VENV)/.test
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(MKDOCS)
	$(BIN)/python -m pytest

# after editing grammar/zona.lark (or moving to another lark): rewrite the shipped parser tables
parser-tables: $(VENV)/.test
	$(BIN)/python docs/tools/parser_tables.py

clean:
	rm -rf $(VENV) site build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
