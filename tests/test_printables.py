"""The checklist and the chart as printables: one page, real dates, and form fields only when asked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from handbook.render import document
from tests.conftest import page_texts, pdf_text, run_cli
from tests.safety_lines import plain
from tests.test_back_cover import LONGEST_NAME, _letters
from tests.test_page_budget import BODY_PT, body_runs

BABY = ("--name", "Robin", "--birth-date", "2026-07-20", "--on", "2026-11-24")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_checklist_is_exactly_one_page(built: Callable[..., Path], paper: str) -> None:
    reader = PdfReader(built("checklist", *BABY, "--paper", paper))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Robin" in text and "4 months" in text
    assert "38" in text  # the fever rule
    assert "999" in text  # emergency number from the locale


# Everything that lengthens the checklist at once: a long name printed five times, a preterm newborn whose navel
# has not healed, eczema, nut allergy, and the longer US wording (°F beside °C).
WORST = ("--name", "Maximiliana Alexandrovna Konstantinopoulou-Smythe", "--birth-date", "2026-11-01",
         "--due-date", "2027-01-10", "--eczema", "--nut-allergy-in-family", "--navel-not-healed", "--lang", "en-US",
         "--on", "2026-11-24")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_longest_checklist_still_fits_one_page(tmp_path: Path, paper: str) -> None:
    """Issue 13: the boxes move between the columns and the emergency box joins them, headings and spacing give
    way, then the letters narrow; the body stays 11 pt, the page has no page number and its own Figure 1."""
    out = tmp_path / "c.pdf"
    result = run_cli("checklist", *WORST, "--paper", paper, "-o", out)
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Konstantinopoulou-Smythe" in text and "A navel that has not healed yet" in text and "911" in text
    assert "Call 911 now" in text and "Under 3 months old" in text  # the whole emergency box
    assert "Figure 1:" in text and "Page 1 of 1" not in text
    smallest = min(body_runs(out), key=lambda r: r.size)
    assert smallest.size >= BODY_PT, smallest


# Issue 13: every flag on (born early with the due date ahead, eczema, nut allergy, navel not healed) and a name
# as long as a profile allows, printed six times in Russian and Spanish, on Letter's shorter page.
LONGEST = ("--name", LONGEST_NAME, "--birth-date", "2026-11-01", "--due-date", "2027-01-10", "--eczema",
           "--nut-allergy-in-family", "--navel-not-healed", "--on", "2026-11-24")


@pytest.mark.parametrize(("lang", "paper"), [("ru", "letter"), ("es-US", "letter"), ("es-ES", "letter"),
                                             ("ru", "a4")])
def test_the_longest_name_with_every_flag_keeps_one_page_at_11_pt(tmp_path: Path, lang: str, paper: str) -> None:
    from handbook.cache import BuildCache
    from handbook.compose.text import fill
    from handbook.inputs.profile import NAME_MAX, Baby
    from handbook.pipeline import BuildRequest, _prepare

    assert len(LONGEST_NAME) == NAME_MAX
    out = tmp_path / "c.pdf"
    result = run_cli("checklist", *LONGEST, "--lang", lang, "--paper", paper, "-o", out)
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    page = _letters(reader.pages[0].extract_text())
    baby = Baby(name=LONGEST_NAME, birth_date=date(2026, 11, 1), due_date=date(2027, 1, 10), eczema=True,
                nut_allergy_in_family=True, navel_healed=False)
    ctx, _ = _prepare(BuildRequest(baby=baby, on=date(2026, 11, 24), edition="checklist", lang=lang), BuildCache())
    lines = [plain(fill(ctx, i.text)) for items in ctx.decisions.checklist.values() for i in items]
    assert len(lines) > 20 and not [line for line in lines if _letters(line) not in page]  # every line printed
    assert _letters(ctx.text_vars["phone"]["emergency"]) in page
    smallest = min(body_runs(out), key=lambda r: r.size)
    assert smallest.size >= BODY_PT, smallest


def test_a_checklist_that_cannot_fit_is_a_clear_error_not_a_crash(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document, "FIT_SCALES", (1.0,))  # no smaller headings allowed …
    monkeypatch.setattr(document, "NARROW_SCALES", ())  # … nor narrower letters
    out = tmp_path / "c.pdf"
    result = run_cli("checklist", *WORST, "--paper", "letter", "-o", out)
    assert result.exit_code == 2
    assert "does not fit on 1 page(s)" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_checklist_uses_the_clinic_free_us_numbers(built: Callable[..., Path]) -> None:
    text = pdf_text(built("checklist", *BABY, "--lang", "en-US"))
    assert "911" in text and "999" not in text


def test_chart_rows_carry_dates_across_a_month_end_and_a_year_end(built: Callable[..., Path]) -> None:
    path = built("chart", *BABY, "--course-start", "2026-12-28")
    text = pdf_text(path)
    # Mon/Wed/Fri sessions: the first week straddles the year end.
    for day in ("Mon 28 Dec", "Wed 30 Dec", "Fri 1 Jan", "Mon 4 Jan", "Fri 29 Jan"):
        assert day in text, day
    assert "Mon 1 Feb" not in text  # five weeks end before 1 February


def test_chart_default_starts_the_day_after_the_handbook_date(built: Callable[..., Path]) -> None:
    text = pdf_text(built("chart", *BABY))
    assert "Wed 25 Nov" in text and "Fri 27 Nov" in text and "Mon 30 Nov" in text and "Wed 2 Dec" in text
    assert "15 sessions on Mondays, Wednesdays and Fridays, from 25 November 2026 to" in text


def test_chart_has_the_brief_columns_and_no_break_field(built: Callable[..., Path]) -> None:
    texts = page_texts(built("chart", *BABY))
    first = " ".join(texts[0].split())  # a narrow column's heading wraps ("Skin / reaction")
    # the brief's fields, in the chart's few columns: headings and the prompts inside the cells
    for label in ("Date", "at", "Minutes", "Since feed:", "routine", "Oil:", "How baby was", "engaged", "mixed",
                  "disengaged", "Sleep after:", "Skin reaction", "yes", "no", "Stopped early? Why:", "Notes"):
        assert label in first, label
    chart = " ".join(texts)
    chart = chart[chart.index("week chart plans"):]  # the columns and rows, after the intro
    assert "break" not in chart.lower()


def field_names(path: Path) -> dict[str, str]:
    fields = PdfReader(path).get_fields() or {}
    return {name: str(f.get("/FT")) for name, f in fields.items()}


def test_without_fillable_there_are_no_form_fields(built: Callable[..., Path]) -> None:
    assert field_names(built("chart", *BABY)) == {}
    assert field_names(built("checklist", *BABY)) == {}


def test_fillable_chart_has_named_fields_for_every_cell(built: Callable[..., Path]) -> None:
    fields = field_names(built("chart", *BABY, "--fillable"))
    sessions = 15  # 5 weeks × 3 sessions
    assert fields["session_03_minutes"] == "/Tx"
    assert fields["session_15_notes"] == "/Tx"
    assert fields["session_01_cues"] == "/Btn"  # a radio group (see test_chart_form)
    assert fields["session_01_skin_reaction"] == "/Btn"
    assert "session_16_minutes" not in fields
    session_fields = [n for n in fields if n.startswith("session_")]
    # the time and 7 write-in fields + the cues group + the skin reaction group per row
    assert len(session_fields) == sessions * (8 + 1 + 1)
    assert len(set(fields)) == len(fields)


def test_fillable_checklist_has_a_check_box_per_before_session_item(built: Callable[..., Path]) -> None:
    fields = field_names(built("checklist", *BABY, "--fillable"))
    ticks = sorted(n for n in fields if n.startswith("check_before_session_"))
    assert ticks and all(fields[n] == "/Btn" for n in ticks)
    assert ticks[0] == "check_before_session_01"


def test_the_checklist_as_html_keeps_the_emergency_box_across_its_foot() -> None:
    """The emergency box is the checklist columns' foot: the HTML twin prints it after the columns, as the PDF."""
    from datetime import date

    from handbook.inputs.profile import Baby
    from handbook.pipeline import BuildRequest, build_html

    html = build_html(BuildRequest(baby=Baby(name="Robin", birth_date=date(2026, 7, 20)), on=date(2026, 11, 24),
                                   edition="checklist"))
    columns_end = html.index('<div class="columns">')
    assert "Call 999 now" in html[columns_end:] and "Skin or lips that look blue" in html
