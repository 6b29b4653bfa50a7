"""US parents read the shared UK-English content in their own words; names are never touched."""

from __future__ import annotations

import re
from pathlib import Path

from handbook.content.models import Locale
from handbook.personalise.wording import localise
from tests.conftest import pdf_text, run_cli

US = Locale(code="en-US", language="en-US", default_paper="letter", weekdays=["d"] * 7,
            words={"nappy": "diaper", "doctor or health visitor": "baby's doctor", "ring": "call"})


def test_whole_words_only_longest_phrase_first_and_capitals_kept() -> None:
    assert localise("Nappy off. Ring your doctor or health visitor.", US) == "Diaper off. Call your baby's doctor."
    assert localise("Bring the nappy-bag; ringing, nappyish", US) == "Bring the diaper-bag; ringing, nappyish"


def test_a_locale_without_words_leaves_text_alone() -> None:
    assert localise("nappy", US.model_copy(update={"words": {}})) == "nappy"


def test_us_handbook_has_no_uk_words_and_keeps_the_name(tmp_path: Path) -> None:
    out = tmp_path / "us.pdf"
    result = run_cli("build", "--name", "Nappy Ring", "--birth-date", "2026-10-01", "--eczema", "--lang", "en-US",
                     "--on", "2026-11-24", "-o", out)
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(out).split())
    assert "Nappy Ring" in text  # the baby's name is data, not content
    without_name = text.replace("Nappy Ring", "")
    for uk in ("nappy", "nappies", "health visitor", "colour", r"\bcot\b", r"\bring\b"):
        assert not re.search(uk, without_name, re.IGNORECASE), uk
    assert "diaper" in text and "Ask your baby's doctor first" in text


def test_uk_handbook_keeps_uk_words(tmp_path: Path) -> None:
    out = tmp_path / "gb.pdf"
    result = run_cli("build", "--name", "Sam", "--birth-date", "2026-10-01", "--on", "2026-11-24", "-o", out)
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(out).split())
    assert "nappies" in text and "health visitor" in text


def test_a_capitalised_name_becomes_the_local_word_as_written() -> None:
    basket = US.model_copy(update={"words": {"Moses basket": "bassinet", "cot": "crib"}})
    assert localise("Use a cot or Moses basket. Cot first.", basket) == "Use a crib or bassinet. Crib first."
