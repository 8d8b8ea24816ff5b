# The one entry point for every task. Each target creates .venv (and tools/node_modules) on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
export PATH := $(BIN):$(PATH)
PACKAGE := generated_client/amplemarket_lead_lists
PORT ?= 8000
# Hand-written subpackages sit beside the generated api/ and models/ (they survive `make generate`).
HAND_WRITTEN_PACKAGES := $(filter-out $(PACKAGE)/api/ $(PACKAGE)/models/ $(PACKAGE)/__pycache__/,$(wildcard $(PACKAGE)/*/))
# The package's front door and its exceptions are hand-written modules at its root.
HAND_WRITTEN := $(PACKAGE)/__init__.py $(PACKAGE)/exceptions.py $(PACKAGE)/polling.py $(HAND_WRITTEN_PACKAGES) $(wildcard contract_tests benchmarks mutation release)

.DEFAULT_GOAL := help
.PHONY: help install lock dist generate check-generated lint lint-spec other-generators breaking release-notes docs test demo sandbox conformance conformance-slow bench mutation mutation-changed clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# The package declares ranges; development and CI install the exact set in requirements/constraints.txt.
INSTALL_ARGS := -c requirements/constraints.txt -r requirements/dev.txt -e '.[sandbox]'

$(VENV)/.installed: pyproject.toml requirements/dev.txt requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check $(INSTALL_ARGS)
	touch $@

tools/node_modules/.installed: tools/package.json tools/package-lock.json
	npm ci --prefix tools --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed ## Create .venv with the exact dependencies of requirements/constraints.txt

lock: ## Resolve pyproject.toml + requirements/dev.txt afresh into requirements/constraints.txt
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install --quiet --disable-pip-version-check -r requirements/dev.txt -e '.[sandbox]'
	{ echo '# The exact set `make install` and CI use. Regenerate with `make lock`; do not edit.'; \
	  build/lock-venv/bin/pip freeze --exclude-editable --all | grep -v -E '^(pip|setuptools|wheel)=='; } > requirements/constraints.txt
	rm -rf build/lock-venv

dist: $(VENV)/.installed ## Build the wheel and sdist into dist/ and check them with twine
	rm -rf dist && $(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

generate: $(VENV)/.installed ## Regenerate the client from openapi/lead-lists.yaml
	bash generator/generate.sh

check-generated: $(VENV)/.installed ## Fail if the committed client differs from a fresh generation
	bash generator/check.sh

lint-spec: $(VENV)/.installed tools/node_modules/.installed ## Validate the spec (openapi-spec-validator) and lint it (Redocly)
	$(BIN)/openapi-spec-validator openapi/lead-lists.yaml
	tools/node_modules/.bin/redocly lint --config openapi/redocly.yaml openapi/lead-lists.yaml 2>&1 | grep -v '^ *[║╔╚]'; exit $${PIPESTATUS[0]}

other-generators: $(VENV)/.installed ## openapi-generator's Python client, built from the spec, parses a status the spec does not list
	$(BIN)/python -m contract_tests.other_generators

# The base `make breaking` compares with: empty means the last v* tag, else the commit in release/last-release,
# else HEAD (nothing released yet); the first line of its output says which.
BASE_REF ?=
breaking: $(VENV)/.installed tools/node_modules/.installed ## Fail when the spec or the public Python API broke since BASE_REF (default: the last release) and the version does not say so
	$(BIN)/python -m release.breaking $(if $(BASE_REF),--base $(BASE_REF))

release-notes: $(VENV)/.installed tools/node_modules/.installed ## Draft a CHANGELOG.md entry from the changes and commits since BASE_REF (default: the last release)
	@$(BIN)/python -m release.notes $(if $(BASE_REF),--base $(BASE_REF))

docs: $(VENV)/.installed tools/node_modules/.installed ## Build the reference site into site/: the HTTP API (Redocly), the Python API (mkdocstrings), quick start, the command's help
	$(BIN)/python -m release.docs site

lint: $(VENV)/.installed ## ruff, mypy --strict and the layers (import-linter) on the hand-written code
	$(BIN)/lint-imports .importlinter --no-cache 2>&1 | grep -v "^[ ║╔╚╣╠└▶▲─┐│┘═╗╝]*$$"; exit $${PIPESTATUS[0]}
	$(BIN)/ruff check $(HAND_WRITTEN)
	$(BIN)/ruff format --check $(HAND_WRITTEN)
	$(BIN)/mypy $(HAND_WRITTEN)

test: lint-spec check-generated lint breaking tools/node_modules/.installed ## Everything CI runs: spec checks, drift check, lint, all tests (Prism too)
	$(BIN)/pytest -q

demo: $(VENV)/.installed ## Enrich examples/linkedin_leads.csv (with a few messy rows) with the installed command and its embedded sandbox
	mkdir -p reports
	$(BIN)/amplemarket-lead-lists enrich --sandbox examples/linkedin_leads.csv reports/enriched_leads.csv

sandbox: $(VENV)/.installed ## Serve the sandbox on 127.0.0.1:$(PORT)
	$(BIN)/uvicorn amplemarket_lead_lists.sandbox.app:create_app --factory --host 127.0.0.1 --port $(PORT)

conformance: $(VENV)/.installed ## Schemathesis CLI against the sandbox, or BASE_URL with AMPLEMARKET_API_KEY
	$(BIN)/python -m contract_tests.conformance

conformance-slow: $(VENV)/.installed ## The exhaustive conformance tests `make test` leaves out (read-only runs on a 60,000-entry list)
	$(BIN)/pytest -q -m slow contract_tests

bench: $(VENV)/.installed ## Speed and memory figures, printed and written to reports/bench.json
	$(BIN)/python -m benchmarks

mutation: $(VENV)/.installed tools/node_modules/.installed ## Mutation score of every hand-written module; reports/mutation.txt and .json
	$(BIN)/python -m mutation $(MUTATION_ARGS)

mutation-changed: $(VENV)/.installed tools/node_modules/.installed ## The same, only on lines changed since BASE_REF (default HEAD: your uncommitted change)
	$(BIN)/python -m mutation --changed $(or $(BASE_REF),HEAD) $(MUTATION_ARGS)

clean: ## Remove the environment and everything generated at run time
	rm -rf $(VENV) tools/node_modules reports site dist build .hypothesis .schemathesis .mypy_cache .ruff_cache
