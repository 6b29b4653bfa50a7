"""Columns on a page too narrow for two (a half-sheet booklet page) stack in reading order, foot included."""

from __future__ import annotations

from reportlab.lib.units import mm

from handbook.compose import blocks as b
from handbook.render.flowables import NARROW_COLUMNS_BELOW, RenderOptions, columns
from handbook.render.fonts import register_fonts
from handbook.render.theme import load_theme


def test_stacked_columns_keep_the_box_at_their_foot() -> None:
    register_fonts()
    narrow = RenderOptions(theme=load_theme("a4"), width=NARROW_COLUMNS_BELOW - 5 * mm)
    block = b.Columns((b.Para("Left column"),), (b.Para("Right column"),), foot=(b.Para("Emergency box"),))
    texts = [getattr(f, "text", "") for f in columns(block, narrow)]
    assert texts == ["Left column", "Right column", "Emergency box"]
