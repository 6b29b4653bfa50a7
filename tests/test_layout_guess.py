"""Page numbers guessed from earlier layouts (handbook.render.document) never change a handbook's bytes.

A warm process starts a handbook's first pass with the contents and page references of an earlier handbook
of the same shape, or of the same flowables with other sizes (another baby's name and dates). A right guess
saves a pass; a wrong one must cost a pass, never a wrong page number: the bytes are those of a build that
guessed nothing.
"""

from __future__ import annotations

from datetime import date

from handbook.cache import BuildCache
from handbook.personalise.profile import baby_from
from handbook.pipeline import BuildRequest, build_pdf
from handbook.render.cache import render_cache

ON = date(2026, 11, 24)


def _request(name: str, birth: date) -> BuildRequest:
    return BuildRequest(baby=baby_from({"name": name, "birth_date": birth}, None), on=ON)


FIRST = _request("Bo", date(2026, 7, 20))
SECOND = _request("Maximiliana Konstantinopoulou", date(2026, 7, 27))  # same stage, longer name, other dates


def test_a_handbook_after_another_babys_is_the_one_built_alone() -> None:
    alone = build_pdf(SECOND, BuildCache())
    cache = BuildCache()
    build_pdf(FIRST, cache)
    assert build_pdf(SECOND, cache) == alone


def test_wrong_guessed_page_numbers_cost_a_pass_not_a_wrong_page() -> None:
    alone = build_pdf(SECOND, BuildCache())
    cache = BuildCache()
    build_pdf(FIRST, cache)
    layouts = render_cache(cache).layouts
    assert layouts
    for key, (pages, total, refs) in list(layouts.items()):  # every guess now two pages out
        layouts[key] = (tuple(p + 2 for p in pages), total + 2, {k: v + 2 for k, v in refs.items()})
    assert build_pdf(SECOND, cache) == alone
