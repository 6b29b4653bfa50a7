"""Issue 13, the printed page: the 4-month-old's A4 handbook keeps to 16 pages without losing a safety line, its
body text is at least 11 pt on every paper (and on the one-page checklist for every set of flags), and the
smaller things (citations, captions, footers, the reference list) stay at 8 pt or more.

Sizes are read from the PDFs' text operators (tests/font_sizes.py), so they are the sizes as printed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from handbook.inputs.profile import Baby
from tests.conftest import REPO, page_texts, pdf_text
from tests.font_sizes import Run, runs
from tests.safety_lines import missing_lines, safety_lines

ON = "2026-11-24"
SAMPLE = ("build", "--profile", str(REPO / "content" / "samples" / "sample-profile.yaml"), "--on", ON)
FIXTURE = REPO / "tests" / "fixtures" / "safety-lines-4-months.txt"
BABIES = {  # birth date, due date
    "4 months": ("2026-07-20", None),
    "10 days": ("2026-11-14", None),
    "11 months": ("2025-12-20", None),
    "preterm": ("2026-08-01", "2026-10-10"),
}
BODY_PT, SMALLEST_PT = 11.0, 8.0


def _args(baby: str) -> tuple[str, ...]:
    birth, due = BABIES[baby]
    return ("build", "--name", "Robin", "--birth-date", birth, "--on", ON, *(("--due-date", due) if due else ()))


def test_the_4_month_old_a4_handbook_keeps_to_16_pages(built: Callable[..., Path]) -> None:
    assert len(PdfReader(built(*SAMPLE)).pages) <= 16


def test_no_safety_line_the_handbook_printed_before_issue_13_is_lost(built: Callable[..., Path]) -> None:
    before = {line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"}
    assert len(before) > 50  # the fixture is the whole list, not a sample
    assert missing_lines(before, pdf_text(built(*SAMPLE))) == []


@pytest.mark.parametrize("baby", sorted(BABIES))
def test_every_safety_line_that_applies_to_the_baby_prints(built: Callable[..., Path], baby: str) -> None:
    birth, due = BABIES[baby]
    lines = safety_lines(Baby(name="Robin", birth_date=date.fromisoformat(birth),
                              due_date=date.fromisoformat(due) if due else None), date.fromisoformat(ON))
    assert missing_lines(lines, pdf_text(built(*_args(baby)))) == []


@pytest.mark.parametrize(("lang", "last_session"), [("en-GB", "Mon 28 Dec"), ("ru", "28 дек")])
def test_the_preterm_course_chart_is_one_landscape_page(built: Callable[..., Path], lang: str,
                                                        last_session: str) -> None:
    """A baby born early has "Date (corrected age)" as a heading: wrapped to three lines it pushed the last
    session onto a second landscape page."""
    reader = PdfReader(built(*_args("preterm"), "--lang", lang))
    landscape = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert len(landscape) == 1
    assert last_session in landscape[0].extract_text()


def body_runs(pdf: Path) -> list[Run]:
    """Text a parent reads as body: not the footer, not a citation or a figure's caption or key, not the
    reference list, not a drawing's own labels, not the landscape chart (the chart's own tests cover it)."""
    reader = PdfReader(pdf)
    portrait = {n for n, page in enumerate(reader.pages, 1) if page.mediabox.width < page.mediabox.height}
    texts = page_texts(pdf)
    references, inside = set(), False  # from the list's first page to the next section's
    for n, text in enumerate(texts, 1):
        inside = "Each point ends with a small tag" in text or (
            inside and "Tracking chart" not in text and "When to get help" not in text)
        if inside:
            references.add(n)
    out = []
    for run in runs(pdf):
        if run.page not in portrait or run.y < 40:  # the footer sits in the bottom margin
            continue
        if run.size <= SMALLEST_PT + 0.01 or "Oblique" in run.font:  # citations; captions
            continue
        if run.text.strip().isdigit() and run.size < SMALLEST_PT:  # numbers drawn inside a figure
            continue
        if run.page in references and run.size < BODY_PT:
            continue
        out.append(run)
    return out


def small_runs(pdf: Path) -> list[Run]:
    pages = PdfReader(pdf).pages
    return [r for r in runs(pdf) if not r.text.strip().isdigit() and r.size < SMALLEST_PT - 0.01
            and pages[r.page - 1].mediabox.width < pages[r.page - 1].mediabox.height]


@pytest.mark.parametrize("extra", [(), ("--lang", "en-US")], ids=["a4", "letter-en-us"])
def test_body_text_is_at_least_11_pt_and_nothing_is_below_8(built: Callable[..., Path], extra: tuple[str, ...]) -> None:
    pdf = built(*SAMPLE, *extra)
    body = body_runs(pdf)
    assert len(body) > 200
    smallest = min(body, key=lambda r: r.size)
    assert smallest.size >= BODY_PT, smallest
    assert small_runs(pdf) == []


FLAGS = ("--eczema", "--nut-allergy-in-family", "--navel-not-healed", "preterm")


@pytest.mark.parametrize("flags", [c for n in range(len(FLAGS) + 1) for c in itertools.combinations(FLAGS, n)],
                         ids=lambda c: "+".join(f.strip("-") for f in c) or "none")
def test_checklist_body_is_at_least_11_pt_on_one_page_for_every_set_of_flags(
        built: Callable[..., Path], flags: tuple[str, ...]) -> None:
    birth = ("--birth-date", "2026-08-01", "--due-date", "2026-10-10") if "preterm" in flags else (
        "--birth-date", "2026-07-20")
    pdf = built("checklist", "--name", "Robin", *birth, "--on", ON, *(f for f in flags if f != "preterm"))
    assert len(PdfReader(pdf).pages) == 1
    smallest = min(body_runs(pdf), key=lambda r: r.size)
    assert smallest.size >= BODY_PT, smallest
    assert "Page 1 of 1" not in pdf_text(pdf)  # a single sheet needs no page number


@pytest.mark.parametrize("lang", ["ru", "es"])
def test_the_longest_translations_fit_the_checklist_on_one_page_at_11_pt(
        built: Callable[..., Path], lang: str) -> None:
    """Russian and Spanish run a third longer than English: with every flag set (the most lines) the fridge sheet
    still fits one page, body at 11 pt, and keeps its emergency box."""
    pdf = built("checklist", "--lang", lang, "--name", "Robin", "--birth-date", "2026-08-01", "--due-date",
                "2026-10-10", "--on", ON, "--eczema", "--nut-allergy-in-family", "--navel-not-healed")
    assert len(PdfReader(pdf).pages) == 1
    smallest = min(body_runs(pdf), key=lambda r: r.size)
    assert smallest.size >= BODY_PT, smallest
    assert "112" in pdf_text(pdf)


def test_the_routine_cards_step_numbers_10_to_12_stay_on_one_line(built: Callable[..., Path]) -> None:
    """The 4-month-old's card has twelve steps; a number column too narrow set "10" as "1" over "0"."""
    card = page_texts(built(*SAMPLE))[1]
    assert "Today's routine" in card
    lines = [ln.strip() for ln in card.splitlines()]
    assert {"10", "11", "12"} <= set(lines), lines


def test_a_heading_is_never_left_alone_at_a_page_foot_above_its_box(built: Callable[..., Path]) -> None:
    """In Spanish "Recetas" fell at the foot of the oils page with its first recipe box on the next page."""
    pages = page_texts(built(*SAMPLE, "--lang", "es"))
    (page,) = [t for t in pages if "Recetas" in t.splitlines()]
    assert page.index("Recetas") < page.index("Aceite simple")
