"""The three warning levels stay apart on an office laser: drawn with the shipped theme, rendered to
greyscale pixels, each level's box differs from the others and from white by shape and weight (issue 13)."""

from __future__ import annotations

import io
import typing

import pypdfium2 as pdfium
import pytest
import yaml
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from handbook.compose import blocks as b
from handbook.content.loader import load_located
from handbook.personalise.rules import Status
from handbook.render.flowables import RenderOptions, box
from handbook.render.fonts import register_fonts
from handbook.render.theme import load_theme
from handbook.resources import content_root
from tests.conftest import pdf_text

CONTENT = content_root()

LEVELS = ("danger", "warning", "info")
DPI = 72  # one pixel a point: coordinates below are in points
BOX_W, GAP = 300, 40
LEAST = 60  # the smallest difference (0-255 grey) that survives a cheap laser and a photocopy


def _render(paper: str) -> tuple[dict[str, tuple[int, int, int]], bytes, int, int]:
    """Each level's box drawn on one page; returns where each box is (x, top, height) and the grey pixels."""
    register_fonts()
    theme = load_theme(paper)
    opts = RenderOptions(theme=theme, width=BOX_W)
    out = io.BytesIO()
    canv = Canvas(out, pagesize=theme.page_size)
    page_h = theme.page_size[1]
    where, top = {}, page_h - 40
    for tone in LEVELS:
        (panel,) = box(b.Box("Title", tone, (b.Para("Word."),)), opts)
        _w, h = panel.wrapOn(canv, BOX_W, page_h)
        panel.drawOn(canv, 40, top - h)
        where[tone] = (40, int(page_h - top), int(h - panel.gap))
        top -= h + GAP
    canv.showPage()
    canv.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    bitmap = page.render(scale=DPI / 72, grayscale=True)
    pil_free = bytes(bitmap.buffer)
    return where, pil_free, bitmap.stride, bitmap.format


def _grey(data: bytes, stride: int, fmt: int, x: int, y: int) -> int:
    """The grey value at pixel (x, y), whatever channel layout pdfium rendered in."""
    n = {1: 1, 2: 3, 3: 4, 4: 4}.get(fmt, 4)  # FPDFBitmap_Gray, BGR, BGRx, BGRA
    px = data[y * stride + x * n: y * stride + x * n + min(n, 3)]
    return round(sum(px) / len(px))


def _mean(data, stride, fmt, x0, y0, x1, y1) -> float:
    vals = [_grey(data, stride, fmt, x, y) for y in range(y0, y1) for x in range(x0, x1)]
    return sum(vals) / len(vals)


def _features(paper: str) -> dict[str, tuple[float, ...]]:
    """Per level: the left edge, the empty inside, the top edge and the right edge, as mean grey values."""
    where, data, stride, fmt = _render(paper)
    out = {}
    for tone, (x, top, h) in where.items():
        mid = top + h // 2
        out[tone] = (
            _mean(data, stride, fmt, x, top + 2, x + 4, top + h - 2),  # left edge strip
            _mean(data, stride, fmt, x + BOX_W - 80, mid - 4, x + BOX_W - 20, mid + 4),  # inside, no text
            _mean(data, stride, fmt, x + 100, top, x + BOX_W - 20, top + 2),  # top edge
            _mean(data, stride, fmt, x + BOX_W - 2, top + 2, x + BOX_W, top + h - 2),  # right edge
        )
    return out


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_levels_differ_in_grey(paper):
    feats = _features(paper)
    for i, one in enumerate(LEVELS):
        for other in LEVELS[i + 1:]:
            diff = max(abs(a - c) for a, c in zip(feats[one], feats[other], strict=True))
            assert diff >= LEAST, f"{one} and {other} look alike in grey: {feats[one]} vs {feats[other]}"
        against_white = max(255 - v for v in feats[one])
        assert against_white >= LEAST, f"{one} box vanishes on white paper: {feats[one]}"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_fills_are_strong_or_none(paper):
    """A 4-7 % tint drops out on an office laser: a box's inside is white or at least 12 % dark."""
    for tone, (_left, inside, _top, _right) in _features(paper).items():
        assert inside >= 252 or inside <= 255 * 0.88, f"{tone} fill is a faint tint ({inside:.0f}/255)"


def test_danger_is_the_heaviest():
    """Danger carries the most ink down its edge: the solid bar reads first on a grey page."""
    feats = _features("a4")
    assert feats["danger"][0] < min(feats[t][0] for t in LEVELS if t != "danger") - LEAST


STATUSES = typing.get_args(Status)


def _ready_locales() -> list[str]:
    """Locales a handbook can be built in (draft locales have no printed words yet)."""
    paths = sorted((CONTENT / "locales").glob("*.yaml"))
    return [p.stem for p in paths if yaml.safe_load(p.read_text(encoding="utf-8")).get("status") != "draft"]


@pytest.mark.parametrize("locale", _ready_locales())
def test_every_oil_verdict_has_a_printable_symbol(locale):
    """A verdict reads without colour: each status has a symbol, and the bold font (the verdict line) has it."""
    register_fonts()
    strings = load_located(CONTENT).content.locales[locale].strings  # en-US: its own, then en-GB's
    face = pdfmetrics.getFont("DejaVuSans-Bold").face
    for status in STATUSES:
        mark = strings.get(f"oil_mark_{status}")
        assert mark, f"{locale}: no oil_mark_{status}"
        assert all(ord(ch) in face.charToGlyph for ch in mark), f"{locale}: {mark!r} is not in DejaVu Sans Bold"


def test_oil_verdicts_print_their_symbol(built):
    """The handbook's oil pages show the verdict's symbol beside its words."""
    text = pdf_text(built("build", "--name", "Robin", "--birth-date", "2026-07-20", "--on", "2026-11-24"))
    assert "✓ Suitable for Robin now." in text.replace("\u00a0", " ").replace("  ", " ")
    assert "✗ Not recommended." in text.replace("\u00a0", " ").replace("  ", " ")
