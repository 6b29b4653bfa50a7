"""`handbook batch` end to end: good rows build, bad rows are reported by line, nothing escapes the folder."""

from __future__ import annotations

import csv
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import run_cli

ROSTER = """\ufeffname;birth_date;due_date;paper
Robin;2026-07-20;;
Ada;2026-02-30;;
;2026-05-01;;
Future;2027-03-01;;

../../escape;2026-06-01;;letter
Robin;2026-07-20;;
Зоя;2026-09-01;2026-10-20;
"""


def test_batch_builds_good_rows_reports_bad_ones_and_stays_inside(tmp_path: Path) -> None:
    roster = tmp_path / "families.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("batch", roster, "--out-dir", out, "--on", "2026-11-24", "--jobs", "2")
    assert result.exit_code == 1, result.output
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 4  # Robin, the traversal name, Robin again (unique name), Zoya
    assert len({p.name for p in pdfs}) == 4
    for pdf in pdfs:
        assert pdf.resolve().parent == out.resolve()
        assert len(PdfReader(pdf).pages) >= 12
    assert not list(tmp_path.glob("*.pdf")) and not (tmp_path.parent / "escape").exists()
    with (out / "families-errors.csv").open(encoding="utf-8") as f:
        failed = list(csv.DictReader(f))
    assert [row["line"] for row in failed] == ["3", "4", "5"]
    assert "birth_date" in failed[0]["reason"]
    assert "name" in failed[1]["reason"]
    assert "after" in failed[2]["reason"]
    for line in ("line 3", "line 4", "line 5"):
        assert line in result.output


def test_roster_without_a_header_is_exit_2_listing_the_columns(tmp_path: Path) -> None:
    roster = tmp_path / "families.csv"
    roster.write_text("Robin,2026-07-20\n", encoding="utf-8")
    result = run_cli("batch", roster, "--out-dir", tmp_path / "out", "--on", "2026-11-24")
    assert result.exit_code == 2
    assert "name" in result.output and "birth_date" in result.output


def test_batch_of_good_rows_exits_0(tmp_path: Path) -> None:
    roster = tmp_path / "families.csv"
    roster.write_text("name,birth_date\nRobin,2026-07-20\nSam,2026-03-02\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("batch", roster, "--out-dir", out, "--on", "2026-11-24", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.pdf"))) == 2 and not (out / "families-errors.csv").exists()
