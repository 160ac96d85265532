# The README's commands. Everything runs inside .venv, created from requirements.txt.
# Doctrees (Sphinx's pickled environment) go beside the HTML, never inside what is published.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
SPHINXOPTS ?=
BUILDDIR := _build

.PHONY: html test check lint serve bench clean venv import-schedule import-bib

venv: $(STAMP)

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

html: $(STAMP)
	$(BIN)/sphinx-build -b html -W -n --keep-going -d $(BUILDDIR)/doctrees $(SPHINXOPTS) . $(BUILDDIR)/html

# Tests run on every core (pytest-xdist).
PYTEST_PARALLEL ?= -n auto

test: lint
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# The fast tier, for the edit-test loop: everything but the real site's builds and the browser.
check: lint
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# The linter and the type checker, with the settings of pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check _ext tools tests
	$(BIN)/mypy

serve: $(STAMP)
	$(BIN)/sphinx-autobuild -b html -n --port 8000 --ignore '$(BUILDDIR)/*' -d $(BUILDDIR)/doctrees $(SPHINXOPTS) . $(BUILDDIR)/html

clean:
	rm -rf $(BUILDDIR) people themes

# The editors' importers, inside .venv (they need its packages):
#   make import-schedule FILE=schedule.json EVENT=tokyo-2027 ARGS="--themes transformers --dry-run"
#   make import-bib FILE=export.bib ARGS="--themes transformers"
import-schedule: $(STAMP)
	@test -n "$(FILE)" -a -n "$(EVENT)" || { echo "usage: make import-schedule FILE=<schedule> EVENT=<event-id> [ARGS=...]" >&2; exit 2; }
	$(BIN)/python tools/import_schedule.py "$(FILE)" --event "$(EVENT)" $(ARGS)

import-bib: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make import-bib FILE=<export.bib> [ARGS=...]" >&2; exit 2; }
	$(BIN)/python tools/import_bib.py "$(FILE)" $(ARGS)

bench: $(STAMP)
	$(BIN)/python tools/bench.py $(BENCH_ARGS)
