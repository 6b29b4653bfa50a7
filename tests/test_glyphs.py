"""The glyph check answers from fonts/coverage.txt (handbook.render.glyphs) without loading the fonts: the file
must say exactly what the four shipped faces map, and the check must refuse what any face lacks."""

from __future__ import annotations

import subprocess
import sys

from reportlab.pdfbase import pdfmetrics

from handbook.render import glyphs
from handbook.render.fonts import FACES, register_fonts
from tests.conftest import REPO


def test_the_coverage_file_is_what_the_fonts_map() -> None:
    """Fails when a font changes without `python -m handbook.render.glyphs` being run (or the file is edited)."""
    assert glyphs.COVERAGE.read_text(encoding="ascii") == glyphs.coverage_text()


def test_a_character_missing_from_one_face_is_refused() -> None:
    register_fonts()
    maps = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in FACES]
    only_some = min(set.union(*maps) - set.intersection(*maps))
    everywhere = max(c for c in set.intersection(*maps) if chr(c).isalpha() and ord("z") < c < 0x2000)
    assert glyphs.unprintable(f"A{chr(only_some)}b{chr(everywhere)}") == chr(only_some)
    assert glyphs.cannot_print("Zoë Алёша Ελένη") is None
    problem = glyphs.cannot_print("Noa \u05e0\u05d5\u05e2\u05d4 \U00020000")  # Hebrew prints reversed; CJK ext B
    assert problem is not None and "\u05e0" in problem and "\U00020000" in problem


def test_the_glyph_check_does_not_load_reportlab() -> None:
    code = ("import sys; from handbook.pipeline import cannot_print; "
            "assert cannot_print('Robin') is None and cannot_print('\u0645') is not None; "
            "print(sorted(m for m in sys.modules if m.startswith('reportlab')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"
