"""Issue 13: no number split from its unit ("30 minutes", "38 °C", "48 ч.") in any language. The unit words are
each locale's own (content/locales/<code>.yaml `units`), so translated text keeps its units on the line too."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

from handbook.compose.text import NBSP, keep_units
from handbook.content.loader import load_content
from handbook.content.models import Locale
from tests.conftest import page_texts
from tests.test_page_budget import SAMPLE

LOCALES = load_content().locales


@pytest.mark.parametrize(("code", "text", "kept"), [
    ("en-GB", "Wait 30 minutes, then 5 to 15 days at 38 °C.", ["30 minutes", "5 to 15 days", "38 °C"]),
    ("en-US", "Up to 100.4 °F for 2 hours.", ["100.4 °F", "2 hours"]),
    ("ru-RU", "Прививка за последние 48 ч. Температура 38,0 °C, от 10 до 15 минут, 4 месяца, 3 капли.",
     ["48 ч.", "38,0 °C", "10 до 15 минут", "4 месяца", "3 капли"]),
    ("es-ES", "Durante 48 horas, de 10 a 15 minutos, 6 meses, 5 días, 2 semanas, 38 °C.",
     ["48 horas", "10 a 15 minutos", "6 meses", "5 días", "2 semanas", "38 °C"]),
    ("es-US", "A los 6 meses, 3 gotas, 100,4 °F.", ["6 meses", "3 gotas", "100,4 °F"]),
])
def test_each_locale_keeps_its_numbers_with_their_units(code: str, text: str, kept: list[str]) -> None:
    out = keep_units(text, LOCALES[code])
    for phrase in kept:
        assert phrase.replace(" ", NBSP) in out, (phrase, out)
    assert out.replace(NBSP, " ") == text  # nothing else changes


def test_a_number_before_an_ordinary_word_may_still_break() -> None:
    """Only the locale's units join: "10 slow strokes" joins, "in 2026 the" does not, nor Russian words in
    English text (each locale its own list)."""
    assert keep_units("In 2026 the guide", LOCALES["en-GB"]) == "In 2026 the guide"
    assert keep_units("5 минут", LOCALES["en-GB"]) == "5 минут"
    assert keep_units("5 minutes", LOCALES["ru-RU"]) == "5 minutes"
    assert keep_units("5 gramos", LOCALES["es-ES"]) == "5 gramos"  # "g" is a unit, "gramos" is not listed


def test_a_locale_without_units_changes_nothing() -> None:
    bare = Locale(code="xx-XX", language="xx-XX", default_paper="a4")
    assert keep_units("30 minutes", bare) == "30 minutes"


# A line that ends on a number after some words, and a next line that starts with a small letter or a sign: a
# number split from what it counts. Lines that are only a number (table cells, a figure's labels) are left out.
BARE_NUMBER_AT_END = re.compile(r"(?<![\w.,:/])\d+(?:[.,]\d+)?$")


def split_numbers(pdf: Path, locale: Locale) -> list[str]:
    phones = {p for p in (locale.emergency_number, locale.advice_line) if p}  # "call 112 / now" may break
    split = []
    for n, text in enumerate(page_texts(pdf), 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for line, after in pairwise(lines):
            number = BARE_NUMBER_AT_END.search(line)
            if (len(line.split()) > 1 and number and number[0] not in phones
                    and (after[0].islower() or after[0] in "°%")):
                split.append(f"page {n}: {line[-30:]!r} / {after[:30]!r}")
    return split


@pytest.mark.parametrize("lang", ["ru-RU", "es-ES"])
def test_no_printed_line_ends_on_a_number_whose_unit_starts_the_next(
        built: Callable[..., Path], lang: str) -> None:
    """The Russian handbook broke "5–15 / дней", "100 / мл", "12 / мес." and its checklist "48 / ч." when only
    English units were known."""
    locale = LOCALES[lang]
    assert split_numbers(built(*SAMPLE, "--lang", lang), locale) == []
    assert split_numbers(built("checklist", "--name", "Robin", "--birth-date", "2026-07-20", "--on", "2026-11-24",
                               "--lang", lang), locale) == []
