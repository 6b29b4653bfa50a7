"""`make bench`'s per-page comparison with the layout before issue 13, measured on the machine it runs on.

A page's cost in milliseconds depends on the machine, so a fixed target from one machine says little on
another. Instead the commit before issue 13's layout (`BEFORE`, 25-27 pages for the same content) is taken
from this checkout's git history and both layouts build the same babies, in fresh processes taken in turns,
timed in CPU seconds of each process. Outside a git checkout (an installed wheel, an sdist) or in a clone
without that commit, the comparison is skipped with a notice.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from datetime import date
from pathlib import Path

BEFORE = "9633388"  # the last commit before issue 13's layout work

# Run with the tree to measure as the working directory, so that its `handbook` is the one imported. Only the
# API both trees share: baby_from, BuildRequest, build_pdf, paused_gc.
MEASURE = """
import io, json, sys, time
from datetime import date
from pypdf import PdfReader
from handbook.gcpause import paused_gc
from handbook.personalise.profile import baby_from
from handbook.pipeline import BuildRequest, build_pdf

on = date.fromisoformat(sys.argv[1])
build_pdf(BuildRequest(baby=baby_from({"name": "Warm", "birth_date": date(2026, 7, 20)}, None), on=on))
builds = []
for rerun in ("", " again"):  # the second time round, every stage has been seen: new names, same ages
    for name, birth in json.loads(sys.argv[2]):
        baby = baby_from({"name": name + rerun, "birth_date": date.fromisoformat(birth)}, None)
        start = time.process_time()
        with paused_gc():
            pdf = build_pdf(BuildRequest(baby=baby, on=on))
        builds.append((time.process_time() - start, len(PdfReader(io.BytesIO(pdf)).pages)))
print(json.dumps(builds))
"""


def checkout() -> Path | None:
    """The git checkout this package runs from, when it is one and holds `BEFORE`; else None."""
    root = Path(__file__).resolve().parents[1]
    git = shutil.which("git")
    if git is None or not (root / ".git").exists():
        return None
    found = subprocess.run([git, "-C", str(root), "cat-file", "-e", f"{BEFORE}^{{commit}}"], capture_output=True)
    return root if found.returncode == 0 else None


def unpack_before(root: Path, into: Path) -> Path:
    """`BEFORE`'s files in `into`, from `git archive` (no worktree is registered in the checkout)."""
    data = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", BEFORE], check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def measure(tree: Path, on: date, babies: list[tuple[str, date]]) -> list[tuple[float, int]]:
    """CPU seconds and pages of each handbook, in a fresh process running `tree`'s code after one warm-up
    build: these babies, then the same ages again under other names."""
    args = [sys.executable, "-c", MEASURE, on.isoformat(), json.dumps([(n, b.isoformat()) for n, b in babies])]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(args, cwd=tree, env=env, check=True, capture_output=True, text=True)
    return [(float(t), int(p)) for t, p in json.loads(done.stdout.strip().splitlines()[-1])]


def per_page(builds: list[tuple[float, int]]) -> float:
    """All the builds' CPU over all their pages, in ms."""
    return sum(t for t, _ in builds) / sum(p for _, p in builds) * 1000


def compare(on: date, babies: list[tuple[str, date]], rounds: int = 5) -> dict[str, float] | None:
    """Per layout, the CPU ms per page of new babies whose stage the process has built before ("now",
    "before") and of the first time round, which also lays out and measures each stage the first time ("...
    first"); the median of `rounds` turns (now, before, now, before, ...), the changes in per cent and the
    pages per handbook. None when this is not a checkout holding `BEFORE`."""
    root = checkout()
    if root is None:
        return None
    runs: dict[str, list[list[tuple[float, int]]]] = {"now": [], "before": []}
    with tempfile.TemporaryDirectory() as tmp:
        before = unpack_before(root, Path(tmp))
        for _ in range(rounds):
            runs["now"].append(measure(root, on, babies))
            runs["before"].append(measure(before, on, babies))
    n, out = len(babies), {}
    for which, builds in runs.items():
        out[which] = statistics.median(per_page(b[n:]) for b in builds)
        out[f"{which} first"] = statistics.median(per_page(b[:n]) for b in builds)
        out[f"pages {which}"] = sum(p for _, p in builds[0]) / len(builds[0])
    out["change"] = (out["now"] / out["before"] - 1) * 100
    out["change first"] = (out["now first"] / out["before first"] - 1) * 100
    return out
