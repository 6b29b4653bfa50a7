"""The shipped fonts, registered once per process. System font folders are never read."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parents[1] / "fonts"
FACES = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}


@cache
def register_fonts() -> str:
    """Register the DejaVu family (Latin-extended, Cyrillic, Greek) and return the regular face name."""
    for name, file in FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    addMapping("DejaVuSans", 0, 0, "DejaVuSans")
    addMapping("DejaVuSans", 1, 0, "DejaVuSans-Bold")
    addMapping("DejaVuSans", 0, 1, "DejaVuSans-Oblique")
    addMapping("DejaVuSans", 1, 1, "DejaVuSans-BoldOblique")
    pdfmetrics.registerFontFamily(
        "DejaVuSans",
        normal="DejaVuSans",
        bold="DejaVuSans-Bold",
        italic="DejaVuSans-Oblique",
        boldItalic="DejaVuSans-BoldOblique",
    )
    return "DejaVuSans"


def unprintable(text: str) -> str:
    """The characters of `text` the shipped fonts cannot print correctly, in order, each once ("" if none).

    Names and clinic text come from people, so this is checked before anything is built: a glyph missing from
    the font would print as an empty box, and right-to-left scripts (Arabic, Hebrew) would print back to front,
    since ReportLab does not reorder or join them.
    """
    register_fonts()
    faces = [pdfmetrics.getFont(name).face.charToGlyph for name in FACES]
    bad: dict[str, None] = {}
    for ch in text:
        if ch.isspace():
            continue
        if unicodedata.bidirectional(ch) in ("R", "AL") or not all(ord(ch) in cmap for cmap in faces):
            bad[ch] = None
    return "".join(bad)


def cannot_print(text: str) -> str | None:
    """The problem to report for a name or clinic text with unprintable characters, or None."""
    bad = unprintable(text)
    if not bad:
        return None
    return f"has characters the handbook cannot print yet: {bad!r} (it prints Latin, Greek and Cyrillic letters)"
