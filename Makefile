# Alliance Lab: everyday commands. `make help` lists them.
# Everything installs into .venv from pinned versions (constraints.txt), so a fresh
# machine with Python 3.11+ needs nothing else.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
PIN    := -c constraints.txt
JB     := $(VENV)/bin/jupyter-book
PORT   ?= 8000

.DEFAULT_GOAL := help
.PHONY: help book serve lab app test test-fast test-deep lint format notebooks lock clean bench
.PHONY: book-instructor worksheets learner-copies
.PHONY: offline web-assets test-browser test-pyodide-libs

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.book: pyproject.toml constraints.txt | $(PY)
	$(PIP) install --quiet $(PIN) -e ".[book]"
	@touch $@

$(VENV)/.test: pyproject.toml constraints.txt | $(PY)
	$(PIP) install --quiet $(PIN) -e ".[test]"
	@touch $@ $(VENV)/.book

$(VENV)/.lab: pyproject.toml constraints.txt | $(PY)
	$(PIP) install --quiet $(PIN) -e ".[lab]"
	@touch $@

# pytest exits with 5 when it collects no test: say so and count it as a pass (one copy)
PYTEST_DONE = rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; rc=0; fi; exit $$rc

# The notebook cache (jupyter-cache) keys on each notebook's code only: when the package
# changes, cached outputs (figures, widget state) would be stale, so drop the cache then.
PKG_SOURCES := $(shell find src/alliancelab -name '*.py' -o -name '*.json' -o -name '*.csv' -o -name '*.yaml' 2>/dev/null)
_build/.package-stamp: $(PKG_SOURCES)
	rm -rf _build/.jupyter_cache
	@mkdir -p _build && touch $@

book: $(VENV)/.book _build/.package-stamp ## build the learners' site (the published one) into _build/html (cached)
	$(JB) build . --builder html
	@echo "Site built: open _build/html/index.html, or run 'make serve'"

book-instructor: $(VENV)/.book _build/.package-stamp ## build the instructor edition (teaching notes, answers) under _build/instructor
	$(JB) build . --builder html --toc _toc_instructor.yml --path-output _build/instructor
	@echo "Instructor edition built: _build/instructor/_build/html/index.html (do not publish it)"

worksheets: $(VENV)/.book ## write the printable worksheets (A4 PDFs) into _build/worksheets
	$(PY) -m alliancelab.worksheets _build/worksheets

serve: ## serve the built site on http://localhost:$(PORT)
	@test -f _build/html/index.html || $(MAKE) book
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# Learners work on learner copies of the exercises (no model answers, links that resolve)
# in learner/exercises/, which `make clean` leaves alone: their plan file is saved there.
LEARNER := learner/exercises
learner-copies: $(VENV)/.lab
	@$(PY) book/_ext/learner_copy.py exercises $(LEARNER) $(if $(BOOK_URL),--book-url $(BOOK_URL)) >/dev/null
	@echo "Learner copies of the exercises in $(LEARNER)/ (your plan is saved there too)"

lab: learner-copies ## open JupyterLab on the exercises (your work stays on this machine)
	cd $(LEARNER) && ../../$(VENV)/bin/jupyter lab

app: learner-copies ## serve the exercises as a code-free app with Voila
	cd $(LEARNER) && ../../$(VENV)/bin/voila . --no-browser --Voila.ip=127.0.0.1

offline: book ## the whole course (site, notebooks, wheel) as one zip for offline use
	cp _build/html/alliancelab-offline.zip site-offline.zip
	@echo "Offline archive: site-offline.zip (also served by the site as alliancelab-offline.zip)"

web-assets: $(VENV)/.book ## fetch the pinned browser assets (widget manager, MathJax) from npm
	$(PY) scripts/fetch_web_assets.py

test-browser: $(VENV)/.test ## the built-site tests only: links, a11y, widgets, search (Chromium)
	$(PY) -m pytest tests/test_book_build.py tests/test_site_static.py tests/test_site_browser.py

test: $(VENV)/.test lint _build/.package-stamp ## run every test: unit, doctests, nbval, book build
	$(PY) -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
	  tests src/alliancelab exercises cases; $(PYTEST_DONE)
	$(MAKE) --no-print-directory test-pyodide-libs

# The live notebooks run in the browser's Python (Pyodide), whose pandas, matplotlib and
# numpy are older or newer than ours: run the package's own tests once on those versions.
PYO_VENV := .venv-pyodide
PYO      := $(PYO_VENV)/bin/python
PYO_PINS := _build/pyodide-constraints.txt
# the tests that need the build tools (Sphinx, the built site, Chromium, WeasyPrint...) carry
# the `toolchain` marker (pyproject.toml) and skip their imports when those are missing
PYO_TESTS := -m "not toolchain" tests

$(PYO_PINS): constraints.txt pyproject.toml scripts/lite_requirements.py scripts/fetch_web_assets.py | $(VENV)/.book
	$(PY) scripts/lite_requirements.py --constraints $@ --base constraints.txt

$(PYO_VENV)/.installed: $(PYO_PINS)
	test -x $(PYO) || $(PYTHON) -m venv $(PYO_VENV)
	$(PYO) -m pip install --quiet --upgrade pip
	$(PYO) -m pip install --quiet -c $(PYO_PINS) -e ".[widgets]" pytest hypothesis
	@touch $@

test-pyodide-libs: $(PYO_VENV)/.installed ## the package's tests on the library versions of the browser's Python (Pyodide)
	@$(PYO) -c "import matplotlib, numpy, pandas, yaml; print('Pyodide library versions: pandas', pandas.__version__, '| matplotlib', matplotlib.__version__, '| numpy', numpy.__version__, '| pyyaml', yaml.__version__)"
	$(PYO) -m pytest -q -p no:cacheprovider $(PYO_TESTS) src/alliancelab \
	  --ignore=src/alliancelab/worksheets.py; $(PYTEST_DONE)

test-deep: $(VENV)/.test ## property tests with 2,000 random examples each (explore; minutes)
	HYPOTHESIS_PROFILE=deep $(PY) -m pytest -m "not slow" tests

test-fast: $(VENV)/.test ## unit tests and doctests only (seconds)
	$(PY) -m pytest -m "not slow" tests src/alliancelab

lint: $(VENV)/.test ## ruff lint and format check (code and notebooks)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.test ## apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.test ## time builds, tests, widgets, scaling, page weight (BENCH_ARGS=--quick)
	$(PY) bench/run.py $(BENCH_ARGS)

# The .ipynb notebooks are stored with the outputs and widget state of a real run (the site
# shows them; nbval checks them; the book build does not run them again: _config.yml).
# Each runs in its own folder; ALLIANCELAB_WORKBOOK names a file in an empty temporary
# folder, so a learner's own plan lying next to the notebooks never ends up in the outputs.
# Widget ids are random, so a re-run changes them (nbval ignores them). No timing metadata;
# CurveZMQ keys for the kernels, as in the book build (book/_ext/build_kernels.py).
NOTEBOOKS := $(sort $(wildcard exercises/*.ipynb cases/*/*.ipynb))
notebooks: $(VENV)/.test ## re-execute every notebook in place, storing real outputs
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	ALLIANCELAB_WORKBOOK="$$tmp/my-alliance.workbook.json" $(VENV)/bin/jupyter nbconvert \
	  --to notebook --execute --inplace --ExecutePreprocessor.timeout=300 \
	  --ExecutePreprocessor.record_timing=False --KernelManager.transport_encryption=auto \
	  $(NOTEBOOKS)

lock: $(PY) ## re-resolve the pinned versions in constraints.txt (needs the network)
	$(PIP) install --quiet -e ".[test,lab]"
	$(PIP) freeze --exclude-editable | grep -v '^alliancelab' > constraints.txt

clean: ## remove build outputs and caches (keeps .venv)
	rm -rf _build .pytest_cache .ruff_cache .hypothesis $(PYO_VENV)
