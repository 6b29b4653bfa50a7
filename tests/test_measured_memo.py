"""Blocks measured once per build cache (RenderCache.measured): the story's shape for the page-number guess, the
shorter of a Shortest block's ways, the heights a balanced two-column page is split by. A later handbook on the
same cache takes them from there; its bytes are the same as with nothing kept."""

from __future__ import annotations

from datetime import date

from handbook.cache import BuildCache
from handbook.personalise.profile import Baby
from handbook.pipeline import BuildRequest, build_pdf
from handbook.render.cache import render_cache

ON = date(2026, 11, 24)
FIRST = Baby(name="Robin", birth_date=date(2026, 7, 20))
SECOND = Baby(name="Aoife", birth_date=date(2026, 5, 2))


class _Forgetful(dict):
    """A store that keeps nothing: every block is measured afresh, as before the memo."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


def _kinds(cache: BuildCache) -> set[str]:
    return {key[0] for key in render_cache(cache).measured}


def test_a_second_handbook_reuses_the_measures_and_prints_the_same_bytes() -> None:
    for edition in ("handbook", "checklist"):
        warm = BuildCache()
        build_pdf(BuildRequest(FIRST, ON, edition=edition), warm)
        kept = dict(render_cache(warm).measured)
        again = build_pdf(BuildRequest(SECOND, ON, edition=edition), warm)
        assert kept and set(kept) <= set(render_cache(warm).measured)  # the first handbook's measures stay
        off = BuildCache()
        render_cache(off).measured = _Forgetful()
        assert again == build_pdf(BuildRequest(SECOND, ON, edition=edition), off)
        assert not render_cache(off).measured
        assert {"shape", "shortest"} <= _kinds(warm) if edition == "handbook" else "height" in _kinds(warm)


def test_a_reused_measure_is_the_same_as_a_fresh_one() -> None:
    warm = BuildCache()
    build_pdf(BuildRequest(FIRST, ON), warm)
    build_pdf(BuildRequest(SECOND, ON), warm)
    fresh = BuildCache()
    build_pdf(BuildRequest(SECOND, ON), fresh)
    mine, theirs = render_cache(warm).measured, render_cache(fresh).measured
    assert theirs and all(mine[key] == value for key, value in theirs.items())
