# The documented commands (README.md). CI runs these same targets.
#   make html   create .venv when missing, then build both languages
#   make test   build (when needed), then run every test
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
BUILD ?= _build
SPHINXOPTS ?= -n -W --keep-going -q
LANGS := zh_CN en
PORT ?= 8000
PYTEST_ARGS ?=

export PYTHONDONTWRITEBYTECODE := 1

.PHONY: html test venv serve live clean clean-cache help

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
html: venv
	@for lang in $(LANGS); do \
	  site=$${lang%%_*}; \
	  echo "sphinx-build [$$site]"; \
	  $(BIN)/sphinx-build -b html -c . -D language=$$lang -d $(BUILD)/doctrees/$$site \
	    $(SPHINXOPTS) docs/$$site $(BUILD)/html/$$site || exit $$?; \
	done
	cp docs/_root/index.html $(BUILD)/html/index.html

test: html
	$(BIN)/python -m pytest $(PYTEST_ARGS)

serve: html
	@echo "Browse http://localhost:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory $(BUILD)/html

clean:
	rm -rf $(BUILD)/html $(BUILD)/doctrees

clean-cache: clean
	rm -rf $(BUILD)/.jupyter_cache
