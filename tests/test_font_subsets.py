"""Font subsets made once per build cache (replay._Subset): the widths, ToUnicode map and font file of a subset
another handbook on the cache used already are taken from there, and the file is the one ReportLab writes."""

from __future__ import annotations

from datetime import date

import pytest

from handbook.cache import BuildCache
from handbook.personalise.profile import Baby
from handbook.pipeline import BuildRequest, build_pdf
from handbook.render import replay
from handbook.render.cache import render_cache

ON = date(2026, 11, 24)


def _reportlab_writes_the_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replay, "_add_font", lambda font, doc: font.addObjects(doc))


@pytest.mark.parametrize("name", ["Robin", "Алёша"])
def test_kept_subsets_give_the_bytes_reportlab_writes(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    warm = BuildCache()
    build_pdf(BuildRequest(Baby(name="Zoë", birth_date=date(2026, 7, 20)), ON), warm)
    kept = dict(render_cache(warm).font_subsets)
    assert kept  # the first handbook's subsets are kept
    req = BuildRequest(Baby(name=name, birth_date=date(2026, 5, 2)), ON)
    again = build_pdf(req, warm)
    reused = [k for k, v in render_cache(warm).font_subsets.items() if kept.get(k) is v]
    assert reused  # at least the faces the name does not change came from the first handbook
    _reportlab_writes_the_fonts(monkeypatch)
    plain = BuildCache()
    assert again == build_pdf(req, plain)
    assert not render_cache(plain).font_subsets
