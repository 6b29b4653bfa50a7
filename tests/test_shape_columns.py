"""The page-number guess reads columns of text by their items, without balancing them (handbook.render.document
_shape): balancing a whole section at an unbounded height cost a full search per build for every section that
names the baby, and told the guess nothing the items' sizes do not."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from handbook.render import document
from handbook.render.twocolumns import TwoColumns

STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=13.75, spaceAfter=4)


def _columns(*texts: str) -> TwoColumns:
    return TwoColumns([Paragraph(t, STYLE) for t in texts], gap=17.0)


def test_the_shape_of_columns_is_read_without_a_balancing_search(monkeypatch: pytest.MonkeyPatch) -> None:
    def search(*_: object) -> None:
        raise AssertionError("the shape balanced the columns")

    monkeypatch.setattr(TwoColumns, "_balanced", search)
    shape = document._shape([_columns("A line. " * 40, "Another. " * 90)], 480.0)
    assert shape is not None and shape[0][0] == "TwoColumns"


def test_columns_whose_items_differ_in_height_differ_in_shape() -> None:
    short = document._shape([_columns("A line. " * 40, "Another. " * 90)], 480.0)
    longer = document._shape([_columns("A line. " * 40, "Another. " * 120)], 480.0)
    assert short != longer
    assert short == document._shape([_columns("A line. " * 40, "Another. " * 90)], 480.0)
