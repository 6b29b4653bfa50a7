"""Alternative text for the figures: it lives in content, `handbook check` insists on it, and it reaches the
Figure blocks in local words (the same text pipeline as every printed string)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from handbook.check import check_content
from handbook.compose import blocks as b
from handbook.compose.edition import compose
from handbook.content.loader import load_located_cached
from handbook.personalise.context import personalise
from handbook.personalise.profile import Baby
from handbook.render.figures import FIGURE_IDS
from tests.check_fixture import fixture_data, line_of, write_content
from tests.conftest import walk_blocks


def test_content_lists_exactly_the_drawings_render_can_make() -> None:
    assert load_located_cached().content.figures.ids == FIGURE_IDS


def test_missing_alt_text_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    data = fixture_data()
    del data["figures"]["figures"][0]["alt"]
    folder = write_content(tmp_path, data)
    line = line_of(folder / "figures.yaml", "leg_strokes")
    assert check_content(folder).errors == [f"content/figures.yaml:{line}: figures[0].alt: is required but missing"]


def test_a_technique_figure_without_an_entry_is_an_error(tmp_path: Path) -> None:
    data = fixture_data()
    data["figures"]["figures"] = [f for f in data["figures"]["figures"] if f["id"] != "leg_strokes"]
    errors = check_content(write_content(tmp_path, data)).errors
    assert len(errors) == 1 and "techniques[0].figure: unknown figure 'leg_strokes'" in errors[0]


def test_the_body_map_must_have_an_entry(tmp_path: Path) -> None:
    data = fixture_data()
    data["figures"]["figures"] = [f for f in data["figures"]["figures"] if f["id"] != "body_map"]
    errors = check_content(write_content(tmp_path, data)).errors
    assert len(errors) == 1 and "figure 'body_map' has no entry (and so no alt text)" in errors[0]


def test_every_figure_block_carries_its_alt_text_in_local_words() -> None:
    content = load_located_cached().content
    baby = Baby(name="Robin", birth_date=date(2026, 7, 20))
    for lang in ("en-GB", "en-US"):
        ctx = personalise(content, baby, date(2026, 11, 24), lang=lang)
        doc = compose(ctx, content, "handbook")
        figs = [blk for blk in walk_blocks(doc.blocks) if isinstance(blk, b.Figure)]
        assert len(figs) >= 5
        for fig in figs:
            assert fig.alt and fig.alt == ctx_alt(content, fig.figure_id, ctx), fig.figure_id
        cover = next(blk for blk in doc.blocks if isinstance(blk, b.Cover))
        assert cover.figure_alt == ""  # issue 13: no drawing on the cover, so no alt text either


def ctx_alt(content, figure_id: str, ctx) -> str:
    from handbook.compose.text import fill

    return fill(ctx, content.figures.alt(figure_id))
