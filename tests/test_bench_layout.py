"""`make bench`'s per-page comparison runs its measuring script in a tree's own directory, so that tree's code
is the one imported: the script must keep working against this tree (it uses only the API the tree before
issue 13 shares with it), and a tree without that API must fail loudly, not measure something else."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from handbook import bench_layout

REPO = Path(__file__).resolve().parents[1]
ON = date(2026, 11, 24)


def test_the_measuring_script_builds_each_baby_twice_in_this_tree() -> None:
    builds = bench_layout.measure(REPO, ON, [("Robin", date(2026, 7, 20))])
    assert len(builds) == 2  # the baby, then the same age under another name
    for cpu, pages in builds:
        assert cpu > 0
        assert 10 <= pages <= 16  # issue 13's page budget for a 4-month-old


def test_figures_are_cpu_over_pages_in_milliseconds() -> None:
    assert bench_layout.per_page([(0.05, 10), (0.07, 14)]) == pytest.approx(5.0)


def test_a_tree_without_the_shared_api_fails(tmp_path: Path) -> None:
    (tmp_path / "handbook").mkdir()
    (tmp_path / "handbook" / "__init__.py").write_text("")
    with pytest.raises(subprocess.CalledProcessError):
        bench_layout.measure(tmp_path, ON, [("Robin", date(2026, 7, 20))])
