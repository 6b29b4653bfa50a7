"""The shipped fonts, registered once per process. System font folders are never read."""

from __future__ import annotations

import threading
import unicodedata
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

# The same family condensed (same glyphs, same licence): a one-page printable's last fit step, so the body stays
# 11 pt when a long name and every flag leave too little room. Registered only when first used.
NARROW_FACES = {
    "DejaVuSansCondensed": "DejaVuSansCondensed.ttf",
    "DejaVuSansCondensed-Bold": "DejaVuSansCondensed-Bold.ttf",
    "DejaVuSansCondensed-Oblique": "DejaVuSansCondensed-Oblique.ttf",
    "DejaVuSansCondensed-BoldOblique": "DejaVuSansCondensed-BoldOblique.ttf",
}


_REGISTERED = threading.Event()
_REGISTERING = threading.Lock()
_NARROW_REGISTERED = threading.Event()


def register_fonts() -> str:
    """Register the DejaVu family (Latin-extended, Cyrillic, Greek) and return the regular face name.

    The one piece of process-wide state kept on purpose: ReportLab looks fonts up by name in its own global
    registry, so they must be there for every build. They are registered once, under a lock (two threads must
    not both register, or one could see a half-registered family), and never change afterwards: what is
    registered is the same for every build, so no build can see anything another one left.
    """
    if not _REGISTERED.is_set():
        with _REGISTERING:
            if not _REGISTERED.is_set():
                _register()
                _REGISTERED.set()
    return "DejaVuSans"


def register_narrow_fonts() -> str:
    """Register the condensed family as well (see NARROW_FACES), once, as register_fonts does."""
    register_fonts()
    if not _NARROW_REGISTERED.is_set():
        with _REGISTERING:
            if not _NARROW_REGISTERED.is_set():
                _register_family("DejaVuSansCondensed", NARROW_FACES)
                _NARROW_REGISTERED.set()
    return "DejaVuSansCondensed"


def _register() -> None:
    _register_family("DejaVuSans", FACES)


def _register_family(family: str, faces: dict[str, str]) -> None:
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    addMapping(family, 0, 0, family)
    addMapping(family, 1, 0, f"{family}-Bold")
    addMapping(family, 0, 1, f"{family}-Oblique")
    addMapping(family, 1, 1, f"{family}-BoldOblique")
    pdfmetrics.registerFontFamily(
        family,
        normal=family,
        bold=f"{family}-Bold",
        italic=f"{family}-Oblique",
        boldItalic=f"{family}-BoldOblique",
    )


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
