# Two commands do all set-up on a fresh machine: `make handbook` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: handbook test lint check bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q handbook  # an editable install gets no bytecode; cold starts pay for it
	@touch $(STAMP)

handbook: $(STAMP)
	$(BIN)/handbook build --profile content/samples/sample-profile.yaml --on 2026-11-24 -o output/sample-handbook.pdf

test: $(STAMP)
	$(BIN)/ruff check handbook tests
	$(BIN)/handbook check content
	@command -v chromium >/dev/null 2>&1 || command -v chromium-headless-shell >/dev/null 2>&1 || [ -n "$$HANDBOOK_CHROMIUM" ] || \
	  echo "NOTICE: no Chromium found, so the browser tests (tests/web/test_browser.py) are skipped; apt-get install chromium to run them."
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check handbook tests

check: $(STAMP)
	$(BIN)/handbook check content

bench: $(STAMP)
	$(BIN)/python -m compileall -q handbook  # measure the code as installed: bytecode up to date
	$(BIN)/python -m handbook.bench
	$(BIN)/python -m handbook.web.bench  # `handbook serve` under load: 127.0.0.1 only, bounded in count and time

clean:
	rm -rf $(VENV) output/*.pdf
