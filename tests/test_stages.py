"""Each age gets its own stage: the right routine, a preview of what comes next, and the safety boxes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import page_texts

ON = "2026-11-24"
# birth date → (stage title shown, next stage title or None)
AGES = {
    "2 weeks": ("2026-11-10", "0 to 1 month", "1 to 3 months"),
    "2 months": ("2026-09-20", "1 to 3 months", "3 to 6 months"),
    "4 months": ("2026-07-20", "3 to 6 months", "6 to 9 months"),
    "7 months": ("2026-04-20", "6 to 9 months", "9 to 12 months"),
    "10 months": ("2026-01-20", "9 to 12 months", None),
}


def stage_page(texts: list[str]) -> str:
    """The text from the stage heading up to the techniques section, its lines joined by single spaces: the
    heading and the box titles wrap in the columns of running text."""
    joined = " ".join(" ".join(texts[2:]).split())  # after the cover and the contents
    start = joined.index("Your baby's stage:")
    end = joined.index("Techniques", start)
    return joined[start:end]


@pytest.mark.parametrize("age", list(AGES))
def test_each_age_gets_its_stage_routine_preview_and_boxes(built: Callable[..., Path], age: str) -> None:
    birth, title, nxt = AGES[age]
    path = built("build", "--name", "Robin", "--birth-date", birth, "--on", ON)
    assert len(PdfReader(path).pages) >= 12
    texts = page_texts(path)
    stage = stage_page(texts)
    assert f"Your baby's stage: {title}" in stage
    assert age in "\n".join(texts[:3])  # the cover and the first page say the age
    assert "The routine, step by step" in stage
    assert "Watch your baby's cues" in stage
    assert "Call 999" in stage  # the red-flag box with the locale's number
    if nxt:
        assert re.search(rf"Coming next: {nxt}, from \d+ \w+ 20\d\d", stage), stage[-600:]


def test_a_newborn_handbook_hides_tummy_circles_until_the_navel_heals(built: Callable[..., Path]) -> None:
    """A 7-day-old: no tummy-circles card or routine step, only a 'Coming later' line with its condition.

    The caption and step looked for are in a 4-month-old's handbook (so their absence here can fail); the
    Context and Document side of the same rule is in test_stage_outputs."""
    four_months = built("build", "--name", "Robin", "--birth-date", AGES["4 months"][0], "--on", ON)
    older = re.sub(r"\s+", " ", "\n".join(page_texts(four_months)))
    assert "Tummy circles — always clockwise" in older and "Tummy circles" in page_texts(four_months)[1]
    texts = page_texts(built("build", "--name", "Robin", "--birth-date", "2026-11-17", "--on", ON))
    text = re.sub(r"\s+", " ", "\n".join(texts))
    assert "Figure 1: Resting hands" in text  # the cards are there …
    assert "Tummy circles — always clockwise" not in text  # … but not this one's figure caption
    assert "Tummy circles" not in texts[1]  # nor a step on the Today's routine card (page 2)
    assert "Tummy circles: once the navel has healed." in text  # it waits in "Coming later"
    assert "Knees to tummy: from 1 month." in text


@pytest.mark.parametrize("age", list(AGES))
def test_every_technique_shown_has_a_numbered_figure_caption(built: Callable[..., Path], age: str) -> None:
    birth = AGES[age][0]
    text = "\n".join(page_texts(built("build", "--name", "Robin", "--birth-date", birth, "--on", ON)))
    captions = re.findall(r"Figure (\d+):", text)
    numbers = [int(n) for n in captions]
    assert numbers, "no figure captions"
    assert len(set(numbers)) == len(numbers), "a caption is printed twice"
    assert sorted(numbers) == list(range(1, len(numbers) + 1)), "figure numbers have gaps"
    routine_refs = {int(n) for n in re.findall(r"\(Figure (\d+)\)", text)}
    assert routine_refs <= set(numbers), "a routine step points at a figure that is not printed"


def test_body_map_is_in_the_handbook_and_on_the_checklist(built: Callable[..., Path]) -> None:
    args = ("--name", "Robin", "--birth-date", "2026-07-20", "--on", ON)
    assert "Body map" in "\n".join(page_texts(built("build", *args)))
    assert "Body map" in " ".join(page_texts(built("checklist", *args))[0].split())  # the caption may wrap
