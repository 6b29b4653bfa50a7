#!/usr/bin/env bash
# The release checks `make test` runs after the suite:
#  1. build the sdist, and the wheel from that sdist;
#  2. install the wheel into a fresh venv outside the checkout and build a handbook from / with it;
#  3. unpack the sdist and run its tests on a second Python (3.13 or 3.12; SECOND_PYTHON=... to choose),
#     or on this one when the machine has no other.
# Usage: .ci/package.sh VENV_PYTHON                 everything, in order (`make package`)
#        .ci/package.sh prepare DIR VENV_PYTHON     steps 1 and the installs of 2-3 into DIR, no tests: mostly
#                                                   waiting on pip and the disk, so `make test` runs it beside
#                                                   the suite
#        .ci/package.sh check DIR VENV_PYTHON       the rest, on what `prepare` left in DIR (removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
phase=all
case "${1:-}" in prepare|check) phase=$1; tmp=$2; shift 2 ;; esac
py=${1:-.venv/bin/python}
if [ "$phase" = all ]; then tmp=$(mktemp -d "${TMPDIR:-/tmp}/handbook-package.XXXXXX"); fi
[ "$phase" = prepare ] || trap 'rm -rf "$tmp"' EXIT
export PIP_CONSTRAINT="$repo/constraints.txt"
export HANDBOOK_CACHE_DIR="$tmp/verdicts"  # the builds below keep their content verdicts here, not in ~/.cache
version='import sys; print("%d.%d.%d" % sys.version_info[:3])'

step() { printf '\n== %s (at %ss)\n' "$*" "$SECONDS"; }

second_python() {
    local second=${SECOND_PYTHON:-} v c
    if [ -z "$second" ]; then
        for v in 3.13 3.12; do
            candidates=("$(command -v "python$v" || true)")
            if command -v pyenv >/dev/null; then
                candidates+=("$(pyenv root)"/versions/"$v"*/bin/"python$v")
            fi
            for c in "${candidates[@]}"; do
                if [ -n "$c" ] && [ -x "$c" ] && "$c" -c 'import sys' 2>/dev/null; then second=$c; break 2; fi
            done
        done
    fi
    echo "$second"
}

if [ "$phase" != check ]; then

step "build: sdist, then the wheel from the sdist"
"$py" -m build --no-isolation --outdir "$tmp/dist" . >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
sdist=$(ls "$tmp"/dist/*.tar.gz)
wheel=$(ls "$tmp"/dist/*.whl)
echo "$(basename "$sdist") $(basename "$wheel")"

step "wheel: fresh venv in $tmp"
"$py" -m venv --without-pip "$tmp/wheel-venv"
"$py" -m pip --python "$tmp/wheel-venv/bin/python" install -qq --no-compile "$wheel"  # throwaway: no bytecode
fi

wheel=$(ls "$tmp"/dist/*.whl)
sdist=$(ls "$tmp"/dist/*.tar.gz)
if [ "$phase" != prepare ]; then
step "wheel: handbook build from /"
mkdir "$tmp/out"
(cd / && "$tmp/wheel-venv/bin/handbook" build --name Robin --birth-date 2026-07-20 --on 2026-11-24 -o "$tmp/out/r.pdf")
(cd / && "$tmp/wheel-venv/bin/handbook" check >/dev/null)
"$(dirname "$py")/handbook" build --name Robin --birth-date 2026-07-20 --on 2026-11-24 -o "$tmp/out/checkout.pdf" >/dev/null
cmp -s "$tmp/out/r.pdf" "$tmp/out/checkout.pdf" || { echo "the wheel's PDF differs from the checkout's"; exit 1; }
(cd / && "$tmp/wheel-venv/bin/python" - "$tmp/out/r.pdf" "$wheel" "$tmp/wheel-venv" <<'PY'
"""The wheel-installed handbook read its own packaged content, and its PDF is the real thing."""
import sys
import zipfile
from datetime import date
from pathlib import Path

from pypdf import PdfReader

import handbook
from handbook.resources import content_root, templates_root

pdf, wheel, venv = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]).resolve()
text = "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
assert "Robin" in text and len(PdfReader(pdf).pages) > 5, "the PDF lacks the baby's name or its pages"
for root in (content_root(), templates_root()):
    assert root.resolve().is_relative_to(venv), f"read {root}, not the installed package"
names = zipfile.ZipFile(wheel).namelist()
for needed in ("handbook/py.typed", "handbook/_data/content/stages.yaml", "handbook/_data/templates/themes/a4.yaml",
               "handbook/fonts/DejaVuSans.ttf"):
    assert needed in names, f"{needed} is not in the wheel"
api = handbook.build({"name": "Robin", "birth_date": "2026-07-20"}, on=date(2026, 11, 24), edition="checklist")
assert api.startswith(b"%PDF"), "the API did not return a PDF"
print(f"ok: {pdf.name} ({len(PdfReader(pdf).pages)} pages, names Robin, same bytes as from the checkout), "
      f"content from {content_root()}")
PY
)

fi

main_version=$("$py" -c "$version")
second=$(second_python)
if [ -n "$second" ]; then
    second_version=$("$second" -c "$version")
    venv2="$repo/.venv-py$(echo "$second_version" | cut -d. -f1,2)"  # kept between runs: installs once
else
    second=$py
    second_version=$main_version
    venv2=$tmp/sdist-venv
fi

if [ "$phase" != check ]; then
step "sdist: unpacked, installed on Python $second_version"
[ "$second" != "$py" ] || echo "notice: no second Python (3.13 or 3.12) found; the sdist's tests run on Python $main_version"
mkdir "$tmp/sdist"
tar -xzf "$sdist" -C "$tmp/sdist"
unpacked=$(ls -d "$tmp"/sdist/handbook-*)
[ -x "$venv2/bin/python" ] && [ "$("$venv2/bin/python" -c "$version" 2>/dev/null)" = "$second_version" ] \
    || { rm -rf "$venv2"; "$second" -m venv "$venv2"; }
isolation=()  # once the venv has the pinned build backend, build with it instead of fetching it again
"$venv2/bin/python" -c 'import hatchling' 2>/dev/null && isolation=(--no-build-isolation)
"$venv2/bin/python" -m pip install -qq "${isolation[@]}" "$unpacked[dev]"
fi

if [ "$phase" != prepare ]; then
unpacked=$(ls -d "$tmp"/sdist/handbook-*)
# The browser tests drive Chromium over pages whose bytes the rest of the suite already pins on this Python;
# they test the browser side, not the interpreter, so the second run leaves them to the first (about a minute).
# (-q comes from the project's addopts; a second -q would drop the last line, the count of tests that passed.)
step "sdist: its own tests on Python $second_version (all but the Chromium ones)"
(cd "$unpacked" && "$venv2/bin/python" -m pytest -n 2 -p no:cacheprovider \
    --ignore=tests/web/test_browser.py -k "not axe" | tail -n 1)

step "done; Python versions that ran the tests: $main_version (make test) and $second_version (the unpacked sdist)"
fi
