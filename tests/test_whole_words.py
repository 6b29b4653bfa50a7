"""Issue 13: display text never breaks a word. Russian and Spanish body text hyphenates (narrow columns, long
words), but a title, heading, box title or contents line broken as "ма-лыша" reads as two words from across a
room. Read from the printed runs of the Russian A5 booklet (the narrowest page) and the Spanish A4 handbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.font_sizes import runs

HYPHENS = ("-", "\u2010", "\u00ad")


@pytest.mark.parametrize("args", [
    ("--name", "Алёша", "--birth-date", "2026-10-20", "--lang", "ru", "--booklet"),
    ("--name", "Mateo", "--birth-date", "2026-05-02", "--lang", "es-ES"),
], ids=["ru-booklet", "es-a4"])
def test_display_text_keeps_its_words_whole(built, args: tuple[str, ...]) -> None:
    pdf: Path = built("build", *args, "--on", "2026-11-24")
    printed = runs(pdf)
    body = sorted(r.size for r in printed)[len(printed) // 2]  # the median run is body text
    display = [r for r in printed if r.size >= body * 1.15 and r.font.endswith("Bold")]
    assert len(display) > 20  # headings were found
    broken = [(r.page, r.text) for r in display if r.text.rstrip().endswith(HYPHENS)]
    assert broken == []
    hyphenated_body = [r for r in printed if r.size <= body and r.text.rstrip().endswith("-")]
    assert hyphenated_body, "body text still hyphenates"
