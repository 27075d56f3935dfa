# Two commands on a fresh machine with Python 3.11+: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material's end-of-life banner is known (see README); keep the build output readable.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test pages bench clean runtime ng

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## runtime: download (once) the Python runtime 写作自查 runs in the browser; offline, the site says it is missing
runtime: $(STAMP)
	-$(BIN)/python -m reportkb.runtime

## serve: build the corpus pages and serve the site on http://127.0.0.1:8000 (rebuilds on edits)
serve: runtime
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## site: build the static site into site/ (only what changed since the last build; see scripts/mkdocs_hooks.py)
site: runtime
	$(BIN)/mkdocs build --strict --dirty

## pages: only convert reports/ into docs/reports/
pages: $(STAMP)
	$(BIN)/reportkb build

## test: lint and format-check the Python, lint the site's JavaScript, then run the whole test suite (a test file per core)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/oxlint --deny-warnings docs/javascripts
	$(BIN)/pytest -n 2 --dist loadfile

## ng: build the site with MkDocs NG (a maintained continuation of MkDocs 1.x, with a port of Material) in
## its own .venv-ng (it replaces the `mkdocs` package, so it cannot share .venv), into build/site-ng; see README
NG_VENV     := .venv-ng
NG_PACKAGES := mkdocs-ng==1.8.0 mkdocs-ng-material==9.7.7
ng:
	rm -rf $(NG_VENV)
	$(PYTHON) -m venv $(NG_VENV)
	$(NG_VENV)/bin/pip install --quiet -e .
	$(NG_VENV)/bin/pip uninstall --quiet --yes mkdocs mkdocs-material
	$(NG_VENV)/bin/pip install --quiet $(NG_PACKAGES)
	NO_MKDOCS_NG_NOTICE=1 $(NG_VENV)/bin/mkdocs build --strict --site-dir build/site-ng

clean:
	rm -rf site docs/reports build

## bench: build and search cost at 5, 100 and 1,000 reports beside plain MkDocs + Material (figures in
## build/bench/); `make bench N=10000` at another size (from 10,000 on, of shorter reports: see scripts/bench.py)
bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(if $(N),--sizes $(N))
