# Two commands do all set-up on a fresh machine: `make handbook` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: venv handbook test lint typecheck check package bench constraints clean

# Every run checks the venv (right Python, pinned packages installed) and repairs it when needed.
venv:
	@PYTHON="$(PYTHON)" VENV="$(VENV)" .ci/venv.sh

handbook: venv
	$(BIN)/handbook build --profile content/samples/sample-profile.yaml --on 2026-11-24 -o output/sample-handbook.pdf

test: venv
	$(BIN)/ruff check handbook tests
	$(BIN)/mypy
	$(BIN)/handbook check content
	@command -v chromium >/dev/null 2>&1 || command -v chromium-headless-shell >/dev/null 2>&1 || [ -n "$$HANDBOOK_CHROMIUM" ] || \
	  echo "NOTICE: no Chromium found, so the browser tests (tests/web/test_browser.py) are skipped; apt-get install chromium to run them."
	@# The suite runs on both cores while the packaging is prepared beside it (sdist and wheel built, the wheel
	@# and the sdist installed into fresh venvs: mostly pip and disk, little CPU). Then the wheel builds a
	@# handbook from /, and the unpacked sdist runs its suite once more on a second Python (3.13 or 3.12):
	@# all of it but the Chromium tests, which check the browser side of pages whose bytes the rest pins, so
	@# the second run stays well under the first. See .ci/package.sh.
	@pkg=$$(mktemp -d "$${TMPDIR:-/tmp}/handbook-package.XXXXXX"); \
	.ci/package.sh prepare "$$pkg" $(BIN)/python >"$$pkg.log" 2>&1 & prep=$$!; \
	$(BIN)/python -m pytest -n 2; suite=$$?; \
	wait $$prep; prepared=$$?; cat "$$pkg.log"; rm -f "$$pkg.log"; \
	[ $$suite -eq 0 ] || { rm -rf "$$pkg"; exit $$suite; }; \
	[ $$prepared -eq 0 ] || { rm -rf "$$pkg"; echo "packaging failed (above)"; exit $$prepared; }; \
	.ci/package.sh check "$$pkg" $(BIN)/python

lint: venv
	$(BIN)/ruff check handbook tests

typecheck: venv
	$(BIN)/mypy

check: venv
	$(BIN)/handbook check content

# Wheel from /, sdist's tests on a second Python (part of `make test`).
package: venv
	.ci/package.sh $(BIN)/python

bench: venv
	$(BIN)/python -m compileall -q handbook  # measure the code as installed: bytecode up to date
	$(BIN)/python -m handbook.bench
	$(BIN)/python -m handbook.web.bench  # `handbook serve` under load: 127.0.0.1 only, bounded in count and time

# After changing a range in pyproject.toml: pin what the venv now has.
constraints: venv
	@{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --all --exclude-editable | grep -iv '^handbook=='; } \
		> constraints.txt.new && mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) $(VENV)-py* output/*.pdf
