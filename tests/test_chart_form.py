"""The tracking chart a parent fills in: few columns, the course on one landscape page with real dates and the
baby's name, and in the fillable chart a field for every printed box (radio groups for exclusive choices)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from handbook.compose import blocks as b
from handbook.compose.edition import compose
from handbook.content.loader import load_located_cached
from handbook.inputs.profile import Baby
from handbook.personalise.context import personalise
from tests.conftest import walk_blocks

BABY = ("--name", "Robin", "--birth-date", "2026-07-20", "--on", "2026-11-24")
COURSE = ("--course-start", "2026-12-01")
RADIO = 1 << 15


def _tables(path: Path) -> list[tuple[int, int]]:
    """(rows, header cells) of each Table element in the tagged PDF's structure tree, in order."""
    doc = pikepdf.open(path)
    found: list[pikepdf.Dictionary] = []

    def walk(elem: pikepdf.Object) -> None:
        kids = elem.get("/K", []) if isinstance(elem, pikepdf.Dictionary) else []
        if isinstance(elem, pikepdf.Dictionary) and elem.get("/S") == "/Table":
            found.append(elem)
        for k in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(k, pikepdf.Dictionary) and k.get("/Type") != "/MCR":
                walk(k)

    walk(doc.Root.StructTreeRoot)
    return [(len(t.K), _header_cells(t)) for t in found]


def _header_cells(table: pikepdf.Dictionary) -> int:
    first = table.K[0]
    return sum(1 for k in first.K if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/TH")


def _landscape(page) -> bool:
    box = page.mediabox
    wide = float(box.width) > float(box.height)
    return wide != (int(page.get("/Rotate", 0)) % 180 == 90)


@pytest.mark.parametrize("edition", ["chart", "build"])
def test_the_chart_has_at_most_seven_columns(built: Callable[..., Path], edition: str) -> None:
    tables = _tables(built(edition, *BABY))
    if edition == "build":  # the handbook's other tables come before; the chart is the one with 16 rows
        tables = [t for t in tables if t[0] == 16]
    assert tables
    for _, columns in tables:
        assert 5 <= columns <= 7


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_five_week_course_is_one_landscape_page_with_real_dates_and_the_name(
        built: Callable[..., Path], paper: str) -> None:
    reader = PdfReader(built("chart", *BABY, *COURSE, "--paper", paper))
    first = reader.pages[0]
    assert _landscape(first)
    text = first.extract_text()
    assert "Robin's tracking chart" in text
    # The course starts on Tuesday 1 December; sessions are on Mondays, Wednesdays and Fridays.
    for day in ("Wed 2 Dec", "Fri 4 Dec", "Mon 7 Dec", "Mon 28 Dec", "Wed 30 Dec", "Fri 1 Jan", "Mon 4 Jan"):
        assert day in text, day
    assert "15" in text.split()  # the fifteenth session is on the same page
    assert "Wed 6 Jan" not in text  # the course ends after five weeks
    assert all(_landscape(p) for p in reader.pages)  # the ongoing log too


def test_the_handbook_prints_the_course_chart_on_one_landscape_page(built: Callable[..., Path]) -> None:
    reader = PdfReader(built("build", *BABY, *COURSE))
    pages = [p for p in reader.pages if "Since feed" in (p.extract_text() or "")]  # the chart's rows
    assert len(pages) == 1 and _landscape(pages[0])
    text = pages[0].extract_text()
    assert "Robin's tracking chart" in text
    assert "Wed 2 Dec" in text and "Mon 4 Jan" in text
    assert "Ongoing log" not in "".join(p.extract_text() or "" for p in reader.pages)  # only in `handbook chart`


def _on_value(widget: pikepdf.Dictionary) -> str:
    """The option a radio button stands for: its appearance state other than /Off."""
    return next(str(v) for v in widget.AP.N if v != "/Off")


def test_exclusive_choices_are_radio_groups_one_per_row(built: Callable[..., Path]) -> None:
    doc = pikepdf.open(built("chart", *BABY, "--fillable"))
    fields = list(doc.Root.AcroForm.Fields)
    radios = {str(f.T): f for f in fields if f.get("/FT") == "/Btn" and int(f.get("/Ff", 0)) & RADIO}
    for n in range(1, 16):
        cues, skin = radios[f"session_{n:02d}_cues"], radios[f"session_{n:02d}_skin_reaction"]
        assert [_on_value(k) for k in cues.Kids] == ["/engaged", "/mixed", "/disengaged"]
        assert [_on_value(k) for k in skin.Kids] == ["/yes", "/no"]
        assert all(k.Parent.objgen == cues.objgen for k in cues.Kids)
    assert "session_16_cues" not in radios
    assert len([n for n in radios if n.startswith("log_")]) == 14 * 2
    # no tick boxes left for choices: a parent cannot mark "yes" and "no" at once
    assert not [f for f in fields if f.get("/FT") == "/Btn" and not int(f.get("/Ff", 0)) & RADIO]


def _expected_boxes(chart: b.Chart) -> dict[int, int]:
    """Boxes printed on each row: one per write-in line, one per option of a choice (the date is printed on
    planned rows, so only its time is written; the age is printed, never written)."""
    out = {}
    for row in chart.rows:
        n = 0
        for col in chart.columns:
            for part in col.parts:
                if part.kind == "age":
                    continue
                if part.kind == "date":
                    n += 1 if row.day_text else 2
                else:
                    n += len(part.options) or 1
        out[row.number] = n
    return out


def test_every_printed_box_is_a_field(built: Callable[..., Path]) -> None:
    from datetime import date

    path = built("chart", *BABY, "--fillable")
    content = load_located_cached().content
    baby = Baby(name="Robin", birth_date=date(2026, 7, 20))
    charts = [blk for blk in walk_blocks(compose(personalise(content, baby, date(2026, 11, 24)), content,
                                                    "chart").blocks) if isinstance(blk, b.Chart)]
    widgets: dict[str, int] = {}
    doc = pikepdf.open(path)
    for page in doc.pages:
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Widget":
                continue
            name = str(annot.T) if "/T" in annot else str(annot.Parent.T)
            prefix, number = name.split("_")[:2]
            widgets[f"{prefix}_{number}"] = widgets.get(f"{prefix}_{number}", 0) + 1
    expected = {f"{c.field_prefix}_{n:02d}": k for c in charts for n, k in _expected_boxes(c).items()}
    assert widgets == expected
    assert sum(expected.values()) > 15 * 10
