"""A shared paragraph asked to split where no line fits, or where all do, keeps its shared line breaks (Para.split):
most splits in a handbook are of that kind, and breaking the lines again for each cost a build ten line
breaks. A split that divides the lines still breaks privately, leaving the shared breaks as they were."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from handbook.cache import BuildCache
from handbook.render.cache import render_cache
from handbook.render.paragraphs import Para
from handbook.render.styles import styles

TEXT = " ".join(f"<b>Word{i}</b> and some <i>more words</i> to fill the line." for i in range(12))


def _lines(p: Paragraph) -> list:
    return [(getattr(line, "extraSpace", None),
             [getattr(w, "text", w) for w in (line.words if hasattr(line, "words") else line[1])])
            for line in p.blPara.lines]


def test_a_split_with_no_room_or_all_room_keeps_the_shared_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    rc = render_cache(BuildCache())
    style = styles("a4", 1.0, None, rc)["body"]
    Para.of(rc, TEXT, style).wrap(200, 1000)  # the breaks, shared from now on
    breaks: list[int] = []
    real = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines", lambda self, *a: breaks.append(1) or real(self, *a))
    p = Para.of(rc, TEXT, style)
    p.wrap(200, 1000)
    assert p.split(200, 1) == []  # no room for a line
    assert p.split(200, 5000) == [p]  # room for all
    p.wrap(200, 1000)
    assert not breaks and p._shared is not None


def test_a_split_that_divides_breaks_privately_and_leaves_the_shared_breaks_whole() -> None:
    rc = render_cache(BuildCache())
    style = styles("a4", 1.0, None, rc)["body"]
    p = Para.of(rc, TEXT, style)
    p.wrap(200, 1000)
    parts = p.split(200, 3.5 * style.leading)
    plain = Paragraph(TEXT, style)
    plain.wrap(200, 1000)
    expected = plain.split(200, 3.5 * style.leading)
    assert len(parts) == len(expected) == 2
    for got, want in zip(parts, expected, strict=True):
        got.wrap(200, 1000)
        want.wrap(200, 1000)
        assert _lines(got) == _lines(want)
    again = Para.of(rc, TEXT, style)  # the shared breaks were not edited by the division
    again.wrap(200, 1000)
    fresh = Paragraph(TEXT, style)
    fresh.wrap(200, 1000)
    assert _lines(again) == _lines(fresh)
