"""The shipped fonts, registered once per process. System font folders are never read."""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from handbook.render.cache import Shelf
from handbook.render.glyphs import cannot_print, unprintable  # the glyph check, answered without the fonts

__all__ = ["FACES", "FONT_DIR", "NARROW_FACES", "cannot_print", "register_fonts", "register_narrow_fonts",
           "unprintable"]

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


def register_fonts(shelf: Shelf | None = None) -> str:
    """Register the DejaVu family (Latin-extended, Cyrillic, Greek) and return the regular face name.

    The one piece of process-wide state kept on purpose: ReportLab looks fonts up by name in its own global
    registry, so they must be there for every build. They are registered once, under a lock (two threads must
    not both register, or one could see a half-registered family), and never change afterwards: what is
    registered is the same for every build, so no build can see anything another one left. With a `shelf`
    (the first build of a fresh process), the parsed fonts an earlier process kept there are used instead of
    parsing the files again (see _kept_font).
    """
    if not _REGISTERED.is_set():
        with _REGISTERING:
            if not _REGISTERED.is_set():
                _register(shelf)
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


def _register(shelf: Shelf | None = None) -> None:
    _register_family("DejaVuSans", FACES, shelf)


def _register_family(family: str, faces: dict[str, str], shelf: Shelf | None = None) -> None:
    for name, file in faces.items():
        pdfmetrics.registerFont(_font(name, FONT_DIR / file, shelf))
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


# A parsed font kept on the shelf: ReportLab reads every table of a TrueType file in Python, which is most of
# what registering costs. The shelf's fingerprint covers the font files, ReportLab's version and Python's.
FONT_FORMAT = 2


def _font(name: str, path: Path, shelf: Shelf | None) -> TTFont:
    if shelf is None:
        return TTFont(name, str(path))
    label = f"font-{FONT_FORMAT} {name} {path}"
    data = shelf.get(label)
    if data is not None:
        font = _unpack(data, path)
        if font is not None and font.fontName == name:
            return font
    font = TTFont(name, str(path))
    packed = _pack(font)
    if packed is not None:
        shelf.put(label, packed)
    return font


def _pack(font: TTFont) -> bytes | None:
    """The font's parsed state, less what is made again on unpacking: the per-document subset states (empty
    before any document uses the font), the face's unit scale function and the file's bytes (read again: the
    shelf's fingerprint covers them, and they are most of the size)."""
    own = {k: v for k, v in font.__dict__.items() if k not in ("face", "state")}
    face = {k: v for k, v in font.face.__dict__.items() if k not in ("_pdfScale", "_ttf_data")}
    try:
        return pickle.dumps((own, face), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # something new in ReportLab's font that does not pickle: parse every time
        return None


def _unpack(data: bytes, path: Path) -> TTFont | None:
    try:
        own, face_state = pickle.loads(data)
        font = TTFont.__new__(TTFont)
        font.__dict__.update(own)
        font.state = WeakKeyDictionary()
        face = TTFontFace.__new__(TTFontFace)
        face.__dict__.update(face_state)
        face._ttf_data = path.read_bytes()  # what TTFontParser.readFile keeps
        face._pdfScale = _unit_scale(face.unitsPerEm)
        font.face = face
        return font
    except Exception:  # damaged or from another layout: parse the file instead
        return None


def _unit_scale(units_per_em: int) -> Callable[[float], float]:
    """Font units to thousandths of the size, as TTFontFile.extractInfo makes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor
