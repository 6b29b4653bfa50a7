"""Columns balanced as columns alike in an earlier build were (RenderCache.balanced) print what a fresh search
prints: a handbook built after another baby's, whose sections share most of its columns, gives the bytes of
the same handbook built in a fresh cache; and the memo was used (a later build searches less)."""

from __future__ import annotations

from datetime import date

import pytest

import handbook.render.twocolumns as twocolumns
from handbook.cache import BuildCache
from handbook.personalise.profile import baby_from
from handbook.pipeline import BuildRequest, build_pdf

ON = date(2026, 11, 24)


def _request(name: str, birth: date, lang: str, paper: str | None) -> BuildRequest:
    return BuildRequest(baby=baby_from({"name": name, "birth_date": birth}, None), on=ON, lang=lang, paper=paper)


@pytest.mark.parametrize(("lang", "paper"), [("en-GB", None), ("ru", "letter"), ("es-ES", None)])
def test_a_warm_build_of_another_baby_prints_what_a_fresh_one_does(lang: str, paper: str | None,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    searches: list[int] = []
    search = twocolumns.TwoColumns._search
    monkeypatch.setattr(twocolumns.TwoColumns, "_search", lambda self, *a: searches.append(1) or search(self, *a))
    cache = BuildCache()
    build_pdf(_request("Robin", date(2026, 8, 2), lang, paper), cache)
    first = len(searches)
    later = _request("Sam", date(2026, 8, 9), lang, paper)
    warm = build_pdf(later, cache)
    assert len(searches) - first < first  # columns alike in the first build were not searched again
    assert warm == build_pdf(later, BuildCache())
