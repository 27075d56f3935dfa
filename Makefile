# Two commands on a fresh machine with Python 3.11+: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material's end-of-life banner is known (see README); keep the build output readable.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test pages bench clean runtime

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

## test: lint the Python and the site's JavaScript, then run the whole test suite (a test file per core)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/oxlint --deny-warnings docs/javascripts
	$(BIN)/pytest -n 2 --dist loadfile

clean:
	rm -rf site docs/reports build

## bench: build and search cost at 5, 100 and 1,000 reports beside plain MkDocs + Material (figures in
## build/bench/); `make bench N=10000` at another size (from 10,000 on, of shorter reports: see scripts/bench.py)
bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(if $(N),--sizes $(N))
