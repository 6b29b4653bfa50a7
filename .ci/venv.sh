#!/usr/bin/env bash
# Make sure $VENV exists, was made with $PYTHON's version, and has the pinned packages installed.
# A venv made with another Python (or whose Python is gone) is recreated rather than used half-broken.
set -euo pipefail
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
cd "$(dirname "$0")/.."

version='import sys; print("%d.%d" % sys.version_info[:2])'
want=$("$PYTHON" -c "$version" 2>/dev/null) || { echo "Python 3.11 is needed (set PYTHON=...; '$PYTHON' does not run)"; exit 2; }
if [ -e "$VENV" ]; then
    have=$("$VENV/bin/python" -c "$version" 2>/dev/null || echo "a missing Python")
    if [ "$have" != "$want" ]; then
        echo "$VENV was made with $have, not Python $want ($PYTHON): recreating it"
        rm -rf "$VENV"
    fi
fi

stamp=$VENV/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt constraints.txt ]; then
    exit 0
fi
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
export PIP_CONSTRAINT="$PWD/constraints.txt"  # also pins the build backend pip fetches for the editable install
"$VENV/bin/python" -m pip install -qq pip
"$VENV/bin/python" -m pip install -qq -e '.[dev]'
"$VENV/bin/python" -m compileall -q handbook  # an editable install gets no bytecode; cold starts pay for it
touch "$stamp"
