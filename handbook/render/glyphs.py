"""Which characters the shipped fonts can print, without loading them: the glyph check on what people type.

The check runs on every name and clinic text before anything is built. Parsing the four TrueType files just to
read their character maps costs more than the rest of the input stage, so the code points every face covers are
kept beside the fonts as data (fonts/coverage.txt), written from the fonts themselves by
`python -m handbook.render.glyphs`; tests/test_glyphs.py fails whenever the file and the fonts disagree.
Nothing here imports ReportLab, so input validation never loads the renderer.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from pathlib import Path

COVERAGE = Path(__file__).resolve().parents[1] / "fonts" / "coverage.txt"
HEADER = "# code points every shipped face (handbook.render.fonts.FACES) maps, as first-last ranges in hex"


def _ranges(text: str) -> tuple[list[int], list[int]]:
    firsts, lasts = [], []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            first, _, last = line.partition("-")
            firsts.append(int(first, 16))
            lasts.append(int(last or first, 16))
    return firsts, lasts


def covered() -> tuple[list[int], list[int]]:
    """The covered ranges as two sorted lists (firsts, lasts), read from the data file."""
    return _ranges(COVERAGE.read_text(encoding="ascii"))


def unprintable(text: str, ranges: tuple[list[int], list[int]] | None = None) -> str:
    """The characters of `text` the shipped fonts cannot print correctly, in order, each once ("" if none).

    Names and clinic text come from people, so this is checked before anything is built: a glyph missing from
    the font would print as an empty box, and right-to-left scripts (Arabic, Hebrew) would print back to front,
    since ReportLab does not reorder or join them. `ranges`: covered() as read before (a build cache keeps it).
    """
    firsts, lasts = ranges if ranges is not None else covered()
    bad: dict[str, None] = {}
    for ch in text:
        if ch.isspace():
            continue
        i = bisect_right(firsts, ord(ch)) - 1
        if unicodedata.bidirectional(ch) in ("R", "AL") or i < 0 or ord(ch) > lasts[i]:
            bad[ch] = None
    return "".join(bad)


def cannot_print(text: str, ranges: tuple[list[int], list[int]] | None = None) -> str | None:
    """The problem to report for a name or clinic text with unprintable characters, or None."""
    bad = unprintable(text, ranges)
    if not bad:
        return None
    return f"has characters the handbook cannot print yet: {bad!r} (it prints Latin, Greek and Cyrillic letters)"


def coverage_text() -> str:
    """The data file's text as the fonts give it now (loads the fonts through ReportLab)."""
    from reportlab.pdfbase import pdfmetrics

    from handbook.render.fonts import FACES, register_fonts

    register_fonts()
    common = set.intersection(*(set(pdfmetrics.getFont(name).face.charToGlyph) for name in FACES))
    lines: list[str] = [HEADER]
    run: list[int] = []
    for cp in sorted(common):
        if run and run[-1] == cp - 1:
            run[-1] = cp
        else:
            if run:
                lines.append(_line(*run))
            run = [cp, cp]
    if run:
        lines.append(_line(*run))
    return "\n".join(lines) + "\n"


def _line(first: int, last: int) -> str:
    return f"{first:04X}" if first == last else f"{first:04X}-{last:04X}"


if __name__ == "__main__":
    COVERAGE.write_text(coverage_text(), encoding="ascii")
    print(f"wrote {COVERAGE}")
