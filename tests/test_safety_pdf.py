"""Brief §6, read from the built PDFs: the safety lines print, advice is filtered to this baby's age, claims
and citations are honest, and US parents get US advice.

Test babies, all on 24 November 2026: 10 days, 6 weeks, 4, 7 and 11 months, a preterm baby (born 1 August,
due 10 October), a baby still before the due date, eczema with nut allergy, en-US, and an opted-in clinic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, page_texts

ON = "2026-11-24"
BIRTH = {"10 days": "2026-11-14", "6 weeks": "2026-10-13", "4 months": "2026-07-20", "7 months": "2026-04-20",
         "11 months": "2025-12-20"}
CLINIC = REPO / "tests" / "fixtures" / "clinic_essential_oils.yaml"
# Every move that starts after birth, with the age it starts (corrected months).
LATER_MOVES = {"Small back circles": 1, "Knees to tummy": 1, "Arm crossing": 1, "Milking": 3, "Rolling": 3,
               "Thumb strokes": 3, "Fingertip tapping": 6}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def book(built: Callable[..., Path]) -> Callable[..., str]:
    def make(*args: str, name: str = "Robin") -> str:
        return flat("\n".join(page_texts(built("build", "--name", name, "--on", ON, *args))))

    return make


def section(text: str, start: str, end: str) -> str:
    """The printed pages from `start` to `end`, after the contents page (which lists the same headings)."""
    after_contents = text.index("This handbook is for") if "This handbook is for" in text else 0
    i = text.index(start, after_contents)
    return text[i:text.index(end, i + len(start))]


def before_references(text: str) -> str:
    """The handbook's own words: cited works' titles (e.g. 'Fever in babies under 3 months') come after."""
    return text[:text.rindex("References Each point")]


def when_to_call(text: str) -> str:
    """The back cover's help panel, from its heading to the numbers that close it (issue 13)."""
    return section(text, "When to get help Emergency", "Phone:")


# --- §6.5 ages and filtering ------------------------------------------------------------------------------


def test_a_10_day_old_is_10_days_old_and_a_newborn_is_never_newborn_old(book: Callable[..., str]) -> None:
    assert "Robin is 10 days old" in book("--birth-date", BIRTH["10 days"])
    newborn = book("--birth-date", ON)
    assert "Robin is newborn" in newborn and "newborn old" not in newborn


def test_a_10_day_old_is_offered_no_move_before_its_minimum_age_anywhere(book: Callable[..., str]) -> None:
    text = book("--birth-date", BIRTH["10 days"])
    for move, start in LATER_MOVES.items():
        for m in re.finditer(re.escape(move), text, re.IGNORECASE):
            around = text[m.start() - 80:m.end() + 40]
            assert text[m.end():].startswith(f": from {start} month"), f"'{move}' offered to a 10-day-old: {around}"
    assert "knees to tummy may comfort" not in text.lower()  # the Common worries line waits until 1 month
    assert "Knees to tummy: from 1 month." in text


def test_an_11_month_old_sees_no_young_baby_fever_or_jaundice_lines(book: Callable[..., str]) -> None:
    full = book("--birth-date", BIRTH["11 months"])
    text = before_references(full) + when_to_call(full)  # the help panel is the back cover, after references
    for line in ("Under 3 months", "under 3 months", "3 to 6 months old", "36 °C", "Yellow skin",
                 "2 days after vaccines", "cord stump still on"):
        assert line not in text, line
    assert "A fever that has lasted 5 days or more" in text


def test_the_3_to_6_months_39_degree_line_prints_only_from_3_to_6_months(book: Callable[..., str]) -> None:
    line = "3 to 6 months old with a temperature of 39 °C or more"
    assert line in book("--birth-date", BIRTH["4 months"])
    assert line not in book("--birth-date", BIRTH["6 weeks"])
    assert line not in book("--birth-date", BIRTH["7 months"])


def test_under_3_months_fever_lines_include_36_degrees_and_the_vaccine_exception_from_8_weeks(
        book: Callable[..., str]) -> None:
    six_weeks, ten_days = book("--birth-date", BIRTH["6 weeks"]), book("--birth-date", BIRTH["10 days"])
    for text in (six_weeks, ten_days):
        assert "Under 36 °C: this is a warning sign too." in when_to_call(text)
    assert "2 days after vaccines" not in six_weeks  # first vaccines at 8 weeks
    eight_weeks = book("--birth-date", "2026-09-25")
    assert "The one exception is a fever in the 2 days after vaccines, if your baby is otherwise well." in eight_weeks


def test_one_fever_action_on_the_checklist_every_stage_box_and_the_doctor_page(book: Callable[..., str]) -> None:
    text = book("--birth-date", BIRTH["6 weeks"])
    action = "Get help now. Call 999 if there is any other warning sign. If not, call NHS 111 or your GP straight away."
    stage = section(text, "Your baby's stage:", "Techniques Each move")
    checklist = section(text, "Before every session Check these", "Oils You do not need oil")
    # The signs and the fever action print in full once, on the back cover; the stage page and the checklist
    # name the number and point there (issue 13, rule R12), and the checklist's own line keeps the action.
    pointer = "Call 999 now Turn to the back cover, When to get help."
    assert pointer in stage and pointer in checklist
    assert action not in stage
    assert checklist.count(action) == 1  # the "No massage today" line
    assert action in when_to_call(text)
    assert "digital thermometer under the arm, not the forehead or ear" in checklist


def test_jaundice_and_navel_signs_for_a_young_baby(book: Callable[..., str]) -> None:
    page = when_to_call(book("--birth-date", BIRTH["10 days"]))
    assert "Yellow skin in the first 24 hours: get help the same day." in page
    assert "Yellow skin that is still there at 2 weeks old, or at 3 weeks if born early" in page
    assert "Pale or chalky poo, or dark yellow wee" in page
    emergency = page[page.index("Call 999 now"):page.index("Under 3 months old")]
    assert "Yellow skin with poor feeding, floppiness, or a very sleepy baby" in emergency
    assert "A cord stump still on at 3 weeks" in page


def test_preterm_handbook_says_which_age_the_fever_rules_use_and_labels_corrected_age(
        book: Callable[..., str]) -> None:
    text = book("--birth-date", "2026-08-01", "--due-date", "2026-10-10", name="Sam")
    assert "Fever and warning-sign ages go by Sam's age from birth, not the corrected age." in text
    assert "The ages on this page are Sam's age from birth" in text
    # 3 months 3 weeks from birth (corrected 6 weeks): the fever lines follow the age from birth
    assert "Under 3 months old" not in text
    assert "3 to 6 months old with a temperature of 39 °C or more" in text
    chart = " ".join(section(text, "Sam's tracking chart", "When to get help").split())
    assert "Date (corrected age)" in chart


def test_a_term_handbook_says_babies_born_early_need_the_due_date(book: Callable[..., str]) -> None:
    text = book("--birth-date", BIRTH["4 months"])
    assert "Babies born more than 3 weeks early go by corrected age until age 2." in text
    assert "this handbook needs the due date" in text


def test_a_baby_before_the_due_date_gets_the_neonatal_team_not_a_home_routine(book: Callable[..., str]) -> None:
    text = book("--birth-date", "2026-10-01", "--due-date", "2026-12-20", name="Sam")
    assert "Due on 20 December 2026" in text
    assert "Sam has not reached the due date yet. Follow the neonatal team's advice on touch." in text
    assert "The routine, step by step" not in text
    assert "Figure 1: Resting hands" not in text
    assert "Long leg strokes" not in text


# --- §6.1 safety facts --------------------------------------------------------------------------------------


def test_safe_sleep_bath_bruise_swallowed_oil_and_tummy_time_print(book: Callable[..., str]) -> None:
    text = book("--birth-date", BIRTH["4 months"])
    for line in (
        "If Robin falls asleep, lay them on their back in their own cot or Moses basket.",
        "Never fall asleep with your baby on a sofa or in an armchair.",
        "Feeling sleepy yourself? Put your baby down in the cot first.",
        "Never leave Robin alone in the bath, not even for a moment.",
        "Asleep? Lay your baby on their back in their own cot.",
        "Swallowed essential oil, and drowsy, wobbly, floppy, fitting, choking or hard breathing: call 999 now.",
        "Swallowed essential oil, with no signs yet: call NHS 111 at once.",
        "Do not try to make your baby sick.",
    ):
        assert line in text, line
    stage = section(text, "Your baby's stage:", "Techniques Each move")
    assert "Tummy time, every day from birth:" in stage
    checklist = section(text, "Before every session Check these", "Oils You do not need oil")
    skip = section(checklist, "Skip just that part", "Ask your doctor")
    assert "bruise" not in skip.lower()
    bruise = "A bruise on a baby who cannot yet crawl, shuffle or cruise: show your GP or health visitor today."
    assert bruise in checklist
    assert "Jaundice being treated" in checklist


def test_tummy_time_from_birth_is_on_the_newborn_stage_page_too(book: Callable[..., str]) -> None:
    stage = section(book("--birth-date", BIRTH["10 days"]), "Your baby's stage:", "Techniques Each move")
    assert "Tummy time, every day from birth:" in stage
    assert "Stay awake. If your baby falls asleep there, move them to the cot, on their back." in stage


def test_en_us_says_us_advice_in_us_words(book: Callable[..., str]) -> None:
    text = book("--birth-date", BIRTH["6 weeks"], "--lang", "en-US")
    body = before_references(text) + when_to_call(text)  # cited works may name the NHS; the panel is after them
    for word in ("NHS", "UK advice", "health visitor", " GP", "a fit", "fitting", "111", "nappy"):
        assert word not in body, word
    assert "a stiff neck, or a seizure" in body
    assert "Call your baby's doctor right away. Call 911 if there is any other warning sign." in body
    assert "call Poison Control 1-800-222-1222 at once" in body


# --- §6.2, §6.3, §6.6 ----------------------------------------------------------------------------------------


def test_online_recipe_is_not_a_recipe_and_says_there_is_no_evidence(book: Callable[..., str]) -> None:
    online = section(book("--birth-date", BIRTH["4 months"]), "Recipes you may see online", "Patch test first")
    assert "Mix:" not in online
    assert "There is no evidence that it calms babies or helps colic." in online


def test_references_name_primary_works_with_a_legend_and_no_working_notes(book: Callable[..., str]) -> None:
    text = book("--birth-date", BIRTH["4 months"])
    refs = text[text.rindex("References Each point"):]
    assert "Guideline means official health advice. Study means research. Common practice means" in refs
    for note in ("hosted copy", "Web page", "copies shared", "was not seen", "read in"):
        assert note not in refs, note
    for ident in ("doi:10.3109/15563659409011050", "Sargent B, Kaplan SL, Coulter C, Baker C", "PMID 3754633",
                  "doi:10.1177/0956797614527114", "e2022057990", "CG89", "CG98", "Lack G", "348: 977–985",
                  "Tisserand R, Young R. Essential Oil Safety"):
        assert ident in refs, ident


def test_evidence_kinds_are_told_apart_in_words(book: Callable[..., str]) -> None:
    text = book("--birth-date", BIRTH["4 months"])
    assert "Wait at least 30 minutes after a feed. [common practice]" in text
    assert "had injections in the last 48 hours. [common practice 24]" in text
    assert "[guideline 9]" in text and "[study 20]" in text


def test_extra_parent_items_print(book: Callable[..., str]) -> None:
    text = book("--birth-date", BIRTH["4 months"])
    for line in ("Twins? Massage one baby at a time.", "Never put oil in your baby's nose or ears.",
                 "Oil in the eye: rinse it gently with plenty of clean water.",
                 "Never heat oil in a pan or a microwave.", "Babies often wee, poo or pass wind during massage.",
                 "a trained baby massage teacher", "Low tone, a hip harness, a feeding tube or a stoma?",
                 'Several "disengaged" marks, or a skin reaction?'):
        assert line in text, line


def test_eczema_and_nut_allergy_get_the_emollient_and_nut_lines(book: Callable[..., str]) -> None:
    text = book("--birth-date", BIRTH["4 months"], "--eczema", "--nut-allergy-in-family")
    assert "The cream or emollient prescribed for the eczema may be fine for massage." in text
    assert "Nut allergy runs in your family. Never use almond, peanut or any other nut oil." in text


def test_the_clinic_fixture_opts_in_and_the_oil_table_agrees_with_the_recipe(book: Callable[..., str]) -> None:
    text = book("--birth-date", BIRTH["4 months"], "--clinic", str(CLINIC))
    assert "Lavender essential oil Very weak only, from 3 months" in text
    assert "Weak lavender blend ✓ Suitable for Robin now." in text  # the verdict carries its symbol (issue 13)
    assert "No study shows that it calms babies or helps colic." in text
    without = book("--birth-date", BIRTH["4 months"])
    assert "Lavender essential oil Not used before 12 months" in without
