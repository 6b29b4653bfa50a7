"""A finished `handbook` command leaves its process at once (cli._leave) and a one-off build hands its objects
to the collector unscanned (gcpause.paused_gc(one_off=True)): what the process wrote, printed and registered to
run at exit is all still there, and nothing the collector should free stays."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path

from handbook.gcpause import paused_gc
from tests.conftest import REPO

_MAIN = """
import atexit, sys
from pathlib import Path
mark = Path(sys.argv.pop())
atexit.register(lambda: mark.write_text("exit handlers ran"))
sys.argv[0] = "handbook"
from handbook.cli import main
main()
"""


def test_a_finished_command_flushes_its_output_and_runs_its_exit_handlers(tmp_path: Path) -> None:
    out, mark = tmp_path / "h.pdf", tmp_path / "atexit.txt"
    done = subprocess.run([sys.executable, "-c", _MAIN, "checklist", "--name", "Robin", "--birth-date", "2026-07-20",
                           "--on", "2026-11-24", "-o", str(out), str(mark)], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "HANDBOOK_CACHE_DIR": "off"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote {out} (") and done.stdout.endswith(" KB)\n")
    assert out.read_bytes().startswith(b"%PDF") and out.read_bytes().rstrip().endswith(b"%%EOF")
    assert mark.read_text() == "exit handlers ran"
    refused = subprocess.run([sys.executable, "-m", "handbook", "build", "--name", "Robin"], cwd=REPO,
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "birth" in refused.stderr  # refusals exit as before


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_a_one_off_pause_leaves_nothing_young_and_frees_cycles_later() -> None:
    was = gc.isenabled()
    with paused_gc(one_off=True):
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        keep = [[i] for i in range(5000)]
        gone = weakref.ref(a)
        del a, b
        assert not gc.isenabled()
    assert gc.isenabled() == was
    assert gc.get_count()[0] < 100  # the block's objects were not left for the next young collection to scan
    assert gone() is not None  # the cycle is still there, in the oldest generation
    gc.collect()
    assert gone() is None and len(keep) == 5000
