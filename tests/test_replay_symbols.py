"""Box titles and oil verdicts start with a symbol (⚠, ℹ, ◷, ✓, ✗) in the bold face, which every document seeds
at the same codes (replay.FACE_SEEDS): their drawing is recorded once and replayed, in this handbook and in any
other, and prints what live drawing prints."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.platypus import Paragraph

from handbook.cache import BuildCache
from handbook.personalise.profile import baby_from
from handbook.pipeline import BuildRequest, build_pdf

ON = date(2026, 11, 24)
SYMBOLS = set("⚠ℹ◷✓✗")  # the shipped theme's box symbols and the locales' oil marks


def _request(**kw: object) -> BuildRequest:
    baby = baby_from({"name": "Robin", "birth_date": date(2026, 9, 20)}, None)
    return BuildRequest(baby=baby, on=ON, **kw)  # type: ignore[arg-type]


def test_symbol_titles_are_replayed_and_print_as_drawn_live(monkeypatch: pytest.MonkeyPatch) -> None:
    live: list[str] = []
    draw = Paragraph.drawPara
    monkeypatch.setattr(Paragraph, "drawPara",
                        lambda self, *a, **k: live.append(self.getPlainText()) or draw(self, *a, **k))
    cache = BuildCache()
    checklist = build_pdf(_request(edition="checklist"), cache)  # another document first: other codes in use
    build_pdf(_request(), cache)
    assert len([t for t in live if set(t) & SYMBOLS]) > 3  # seen live the first time: the patch sees live drawing
    build_pdf(_request(), cache)
    live.clear()
    warm = build_pdf(_request(), cache)
    symbols = [t for t in live if set(t) & SYMBOLS]
    assert not symbols
    assert warm == build_pdf(_request(), BuildCache())
    assert build_pdf(_request(edition="checklist"), cache) == checklist
