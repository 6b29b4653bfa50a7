"""The contents rows are replayed (render/eventtape.py): each row's words link to its heading and an onDraw
callback draws the dots and the page number, so a row is recorded with its link and its callback noted, and
played with both made live on the real canvas. The file must be what live drawing makes, to the byte, also for
a handbook whose page numbers differ from the one the rows were recorded in."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from handbook.cache import BuildCache
from handbook.personalise.profile import baby_from
from handbook.pipeline import BuildRequest, build_pdf

ON = date(2026, 11, 24)


def _request(birth: date) -> BuildRequest:
    return BuildRequest(baby=baby_from({"name": "Robin", "birth_date": birth}, None), on=ON)


def _contents_links(pdf: bytes) -> int:
    """Internal links on the contents page (the cover's, page 1): each row's words and its page number."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return sum(1 for a in page.get("/Annots") or () if a.get_object().get("/Subtype") == "/Link")


def test_contents_rows_are_replayed_with_their_links_and_page_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    live: list[str] = []
    draw = Paragraph.drawPara
    monkeypatch.setattr(Paragraph, "drawPara",
                        lambda self, *a, **k: live.append(self.style.name) or draw(self, *a, **k))
    four_months, newborn = date(2026, 7, 20), date(2026, 11, 14)  # 16 and 14 pages: other page numbers
    cache = BuildCache()
    build_pdf(_request(four_months), cache)
    assert "toc1" in live  # the first time, the rows are drawn (recorded as they are)
    build_pdf(_request(four_months), cache)
    live.clear()
    warm = build_pdf(_request(four_months), cache)
    assert "toc1" not in live
    build_pdf(_request(newborn), cache)
    other = build_pdf(_request(newborn), cache)
    assert warm == build_pdf(_request(four_months), BuildCache())
    assert other == build_pdf(_request(newborn), BuildCache())
    assert _contents_links(warm) >= 2 * 8  # words and number of each section's row
