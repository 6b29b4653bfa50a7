"""Drawing recorded once and replayed (handbook.render.replay) must give exactly what live drawing gives.

A batch worker replays paragraphs and figures it drew for earlier babies; a one-off build draws them live.
Both must write the same bytes, or "same inputs → same PDF" would depend on what a process built before.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from handbook.cache import default_cache
from tests.conftest import REPO, run_cli

BABY = ("--name", "Ελένη Zoë", "--birth-date", "2026-05-31", "--due-date", "2026-07-10", "--eczema",
        "--on", "2026-11-24")


def test_live_recorded_and_replayed_builds_are_byte_identical(tmp_path: Path) -> None:
    default_cache().clear()  # every paragraph unseen: the first build draws live, with no layout guess
    outs = [tmp_path / f"{i}.pdf" for i in range(3)]  # live, recording, replaying
    for out in outs:
        result = run_cli("build", *BABY, "-o", out)
        assert result.exit_code == 0, result.output
    first = outs[0].read_bytes()
    assert all(out.read_bytes() == first for out in outs[1:])


def test_a_fresh_process_writes_what_a_warm_one_writes(tmp_path: Path) -> None:
    warm = tmp_path / "warm.pdf"
    for _ in range(2):
        assert run_cli("checklist", *BABY, "--paper", "letter", "-o", warm).exit_code == 0
    cold = tmp_path / "cold.pdf"
    subprocess.run([sys.executable, "-m", "handbook", "checklist", *BABY, "--paper", "letter", "-o", str(cold)],
                   cwd=REPO, check=True, capture_output=True)
    assert cold.read_bytes() == warm.read_bytes()
