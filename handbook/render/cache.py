"""The render stage's part of the build cache (see handbook.cache): ReportLab objects kept between builds.

Everything here is made by one build and reused by the next build on the same cache: themes and styles,
paragraph parses and line breaks, recorded drawing, figures, QR codes and the page numbers of earlier layouts.
Each build gets this through its canvas and RenderOptions, never through a module global, so builds on
different caches (different threads) never see each other's half-made state.
"""

from __future__ import annotations

from typing import Any, Protocol

from handbook.cache import BuildCache, default_cache


class Shelf(Protocol):
    """Bytes kept between processes by name (handbook.verdicts.Shelf, which the pipeline passes in: a damaged
    or foreign file reads as None). What the render stage keeps there must be exactly what it would make."""

    def get(self, name: str) -> bytes | None: ...

    def put(self, name: str, data: bytes) -> None: ...


class RenderCache:
    """One store per kind of memo; the modules that make the values own their keys (see each use)."""

    def __init__(self) -> None:
        self.themes: dict = {}  # (paper, scale) → Theme
        self.styles: dict = {}  # (paper, scale) → paragraph styles
        self.parsed: dict = {}  # (text, style, bullet) → paragraphs._Parsed
        self.slotted: dict = {}  # (text with slots for the reader's name, style, bullet) → its parse (paragraphs)
        self.packed: dict = {}  # (Ops, font names) → compressed form stream
        self.packed_fonts: dict = {}  # a font subset's bytes → the same compressed (replay._Document)
        self.font_subsets: dict = {}  # (font, subset name, characters) → replay._Subset: widths, map, file
        self.pdf_names: dict = {}  # a PDF dictionary key → its name as written (pdfwrite)
        self.to_unicode: dict = {}  # a ToUnicode map object as ReportLab writes it → repaired (structure)
        self.cells: dict = {}  # chart cell (column, size, style, date, canvas state) → Ops | None
        self.drawn: dict = {}  # (what, its geometry and colours, canvas state) → Ops | None (replay.replayed):
        # page footers, box tints and edges, card rules, table rules and backgrounds
        self.figures: dict = {}  # (figure id, width, tones) → pictures.Sketch (its operators by canvas state)
        self.figure_units: dict = {}  # (operators, fonts) → the one Ops of a figure at its own size
        self.qr: dict = {}  # (website, size) → pictures.Sketch
        self.layouts: dict = {}  # story shape → (contents page numbers, page total)
        self.measured: dict = {}  # (what, block, sizing) → a block's measured size or choice (document, flowables)
        self.balanced: dict = {}  # columns' likeness (width, height, items) → how they balance (twocolumns)
        self.recorder: Any = None  # replay._Recorder, made on first use
        self.shelved: Any = None  # shelved.ShelvedParagraphs of the build under way's shelf (None: no shelf)


def render_cache(cache: BuildCache | None = None) -> RenderCache:
    """The render stage's store in `cache` (this thread's default cache if None)."""
    return (cache or default_cache()).part("render", RenderCache)
