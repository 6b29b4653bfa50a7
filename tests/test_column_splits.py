"""Balancing two columns tries splits of a paragraph at many heights; a trial must leave the paragraph as it was,
or what is drawn depends on which trials a build happened to make (a second handbook in the same process, which
reuses the first one's measurements, then printed other bytes than the first). Russian on Letter and Spanish
split paragraphs between columns, with hyphenation."""

from __future__ import annotations

from datetime import date

import pytest

from handbook.cache import BuildCache
from handbook.personalise.profile import baby_from
from handbook.pipeline import BuildRequest, build_pdf

ON = date(2026, 11, 24)


@pytest.mark.parametrize(("name", "birth", "lang", "paper"), [("Алёша", date(2026, 1, 5), "ru", "letter"),
                                                             ("Zoë", date(2026, 9, 1), "es-ES", None)])
def test_a_second_build_in_the_same_cache_prints_the_same_bytes(name: str, birth: date, lang: str,
                                                                paper: str | None) -> None:
    cache = BuildCache()
    req = BuildRequest(baby=baby_from({"name": name, "birth_date": birth}, None), on=ON, lang=lang, paper=paper)
    first = build_pdf(req, cache)
    assert build_pdf(req, cache) == first
    assert build_pdf(req, BuildCache()) == first  # and a fresh cache again
