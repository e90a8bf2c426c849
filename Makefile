# Two commands on a fresh Debian machine with only Python:
#   make demo   sets up and opens the explorer on the article's tree in JupyterLab
#   make test   sets up and runs every test (unit, doctests, notebooks with nbval, browser tests)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8888
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: demo test setup system-graphviz system-chromium lint benchmark clean

# The main notebook itself, opened in the browser where there is one; the server's root is the repository,
# so examples/ and notebooks/ are both in JupyterLab's file browser.
ifndef TOKEN
TOKEN := $(shell $(PYTHON) -c "import secrets; print(secrets.token_hex(16))")
endif
demo: setup
	@echo
	@echo "  The explorer on the article's tree: http://127.0.0.1:$(PORT)/lab/tree/notebooks/explore_trump_putin.ipynb?token=$(TOKEN)"
	@echo
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ALLOW_ROOT) --ServerApp.root_dir="$(CURDIR)" \
		--IdentityProvider.token=$(TOKEN) notebooks/explore_trump_putin.ipynb

test: setup system-chromium
	$(BIN)/ruff check scenario_tree tests benchmarks labextension/hatch_build.py
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest -p no:cacheprovider -o addopts="" --nbval --nbval-current-env \
		--nbval-sanitize-with notebooks/nbval_sanitize.cfg notebooks/

setup: system-graphviz $(VENV)/.installed

# Reinstalling also rebuilds the JupyterLab extension when its sources changed (labextension/hatch_build.py).
$(VENV)/.installed: pyproject.toml $(wildcard labextension/*.json labextension/yarn.lock labextension/src/* \
		labextension/style/* scenario_tree/sharing/static/*)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# Gambit reads our .efg exports in the tests; only a prebuilt wheel (building it takes a quarter of an hour),
	@# pinned because its Python API changes between pre-releases (the one wheel for CPython 3.11 here)
	$(BIN)/python -m pip install --quiet --only-binary=:all: pygambit==17.0.0b2 || echo "no pygambit wheel: its tests skip"
	touch $@

# $(call ensure,PROGRAM,DEBIAN PACKAGE,MESSAGE ELSEWHERE): install with apt-get where PROGRAM is missing
ensure = command -v $(1) >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $(2); \
	  else \
	    echo "$(3)"; exit 1; \
	  fi; }

system-graphviz:
	@$(call ensure,dot,graphviz,Graphviz is missing: install it (brew install graphviz / conda install graphviz / https://graphviz.org/download/))

system-chromium:
	@$(call ensure,chromium,chromium,Chromium is missing: the browser tests need it at /usr/bin/chromium)

lint: setup
	$(BIN)/ruff check scenario_tree tests benchmarks labextension/hatch_build.py

benchmark: setup
	$(BIN)/python benchmarks/evaluate.py
	$(BIN)/python benchmarks/render.py
	$(BIN)/python benchmarks/analysis.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis tests/artifacts
