"""Issue 13, the measure: no line of running text longer than 70 characters on A4 or Letter. One column across
the page ran to 80-92 characters at 11 pt; the sections' text is set in two columns.

Lines are read from the PDF as poppler lays them out (`pdftotext -bbox-layout`): each line's words, cut where
the gap between two words is wider than any word space (a column's gutter, a table's cells). A line counts
when it has a word at body size (11-12 pt: body, lead, list, table text). Its length is every character a
reader's eye runs over, citation markers included ("[guideline 7, 22]" sits on the line at 8 pt, but it is
part of the line); a contents line's dot leaders are not counted.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_tagged_pdf import needs

ON = "2026-11-24"
SAMPLE = ("build", "--profile", str(REPO / "content" / "samples" / "sample-profile.yaml"), "--on", ON)
MEASURE = 70
_NS = "{http://www.w3.org/1999/xhtml}"
_GAP = 12.0  # pt: wider than any word space at body size (about 3.8 pt), narrower than a gutter (17 pt)
_BODY = (10.8, 12.2)  # a word's box height at body size (11 pt body and list text, 12 pt lead)
_LEADERS = re.compile(r"(\s*\.){3,}")


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    body: bool  # has a word at body size
    left: float  # pt from the page's left edge


def lines(pdf: Path) -> Iterator[Line]:
    """Every line on the portrait pages (the landscape chart has its own tests), cut at wide gaps."""
    xml = subprocess.run([needs("pdftotext"), "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    for n, page in enumerate(ET.fromstring(xml).iter(_NS + "page"), 1):
        if float(page.get("width", 0)) > float(page.get("height", 0)):
            continue
        for line in page.iter(_NS + "line"):
            segment: list[ET.Element] = []
            for word in line.iter(_NS + "word"):
                if segment and float(word.get("xMin", 0)) - float(segment[-1].get("xMax", 0)) > _GAP:
                    yield _line(n, segment)
                    segment = []
                segment.append(word)
            if segment:
                yield _line(n, segment)


def _line(page: int, words: list[ET.Element]) -> Line:
    text = _LEADERS.sub(" ", " ".join(w.text or "" for w in words)).strip()
    body = any(_BODY[0] <= float(w.get("yMax", 0)) - float(w.get("yMin", 0)) <= _BODY[1] for w in words)
    return Line(page, text, body, float(words[0].get("xMin", 0)))


def long_lines(pdf: Path, boxed_back: bool = False) -> list[Line]:
    """The body lines over the measure; `boxed_back`: but for the back cover's listed signs, which are set
    across its boxes (see the test)."""
    found = list(lines(pdf))
    last = max(line.page for line in found)
    return [line for line in found if line.body and len(line.text) > MEASURE
            and not (boxed_back and line.page == last and line.text.startswith("•"))]


EDITIONS = {
    "4-month-a4": SAMPLE,
    "en-US-letter": (*SAMPLE, "--lang", "en-US"),
    "ru-a4": (*SAMPLE, "--lang", "ru"),
    "es-a4": (*SAMPLE, "--lang", "es"),
    "clinic-letter": (*SAMPLE, "--clinic", str(REPO / "content" / "samples" / "sample-clinic.yaml"),
                      "--paper", "letter"),
    "preterm-a4": ("build", "--name", "Robin", "--birth-date", "2026-08-01", "--due-date", "2026-10-10", "--on", ON),
}


@pytest.mark.parametrize("edition", sorted(EDITIONS))
def test_no_line_of_running_text_is_longer_than_70_characters(built: Callable[..., Path], edition: str) -> None:
    """The back cover ("When to get help") too, but for the signs listed in its boxes: its lead line is held to
    the measure; the emergency box's list still runs across the page (up to about 85 characters in es and ru)."""
    pdf = built(*EDITIONS[edition])
    counted = [line for line in lines(pdf) if line.body]
    assert len(counted) > 400  # the whole handbook was read, not a page of it
    assert long_lines(pdf, boxed_back=True) == []


def test_the_measure_reads_a_line_with_its_citation_and_cuts_at_the_gutter(built: Callable[..., Path]) -> None:
    """The reader itself: a citation marker is read as part of its line, and two columns side by side are two
    lines each (a page of running text has body lines at two left edges, half a page apart)."""
    found = [line for line in lines(built(*SAMPLE)) if line.body]
    assert any(re.search(r"\w\.? \[guideline \d+", line.text) for line in found)
    (page,) = {line.page for line in found if line.text.startswith("This handbook is for Robin")}
    edges = sorted({round(line.left / 10) * 10 for line in found if line.page == page})
    assert edges[0] < 100 and edges[-1] > 280, edges
