"""When a paragraph is recorded for replay (Para._ops): the same words in every handbook are recorded the first
time they are drawn, as the next handbook draws them too and recording costs what drawing does; words that name
the baby are drawn live the first time, as no other baby's handbook has them. Either way the bytes are the ones
live drawing makes."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.platypus import Paragraph

from handbook.cache import BuildCache
from handbook.personalise.profile import baby_from
from handbook.pipeline import BuildRequest, build_pdf
from handbook.render.replay import HandbookCanvas

ON = date(2026, 11, 24)


def _request(name: str) -> BuildRequest:
    return BuildRequest(baby=baby_from({"name": name, "birth_date": date(2026, 7, 20)}, None), on=ON)


def test_the_second_handbook_replays_what_the_first_drew_and_draws_only_its_own_name(
        monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[str, bool]] = []  # (words, on the document's canvas rather than the recorder)
    draw = Paragraph.drawPara
    monkeypatch.setattr(Paragraph, "drawPara", lambda self, *a, **k: drawn.append(
        (self.getPlainText(), isinstance(self.canv, HandbookCanvas))) or draw(self, *a, **k))
    cache = BuildCache()
    build_pdf(_request("Robin"), cache)
    first_recorded = sum(1 for text, live in drawn if not live and "Robin" not in text)
    first_live_named = sum(1 for text, live in drawn if live and "Robin" in text)
    assert first_recorded > 100 and first_live_named > 5
    drawn.clear()
    second = build_pdf(_request("Bea"), cache)
    assert not [text for text, live in drawn if not live and "Bea" not in text]  # nothing recorded a second time
    assert [text for text, live in drawn if live and "Bea" in text]  # its own name: live
    assert second == build_pdf(_request("Bea"), BuildCache())


def test_footers_rules_and_box_edges_are_recorded_the_first_time() -> None:
    """replay.replayed: page numbers, footer rules, box tints and edges, card rules (the same in every handbook)
    are recorded when first drawn, so the first handbook already keeps them all and the next only plays them."""
    from handbook.render.cache import render_cache
    from handbook.render.replay import Ops

    cache = BuildCache()
    pdf = build_pdf(_request("Robin"), cache)
    drawn = render_cache(cache).drawn
    kinds = {key[0][0] for key, ops in drawn.items() if isinstance(ops, Ops)}
    assert {"page_number", "footer_rule", "box_edges"} <= kinds
    assert all(isinstance(ops, Ops) or ops is None for ops in drawn.values())  # nothing left to record next time
    assert pdf == build_pdf(_request("Robin"), BuildCache())
