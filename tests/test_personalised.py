"""What this baby's handbook says about oils and ages, read from the built PDF (issue: rules engine)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import pdf_text

ON = "2026-11-24"


def handbook(built: Callable[..., Path], *args: str) -> str:
    return re.sub(r"\s+", " ", pdf_text(built("build", "--name", "Robin", "--on", ON, *args)))


def test_six_week_old_sees_no_essential_oil_recipe_as_suitable_and_learns_when(built: Callable[..., Path]) -> None:
    text = handbook(built, "--birth-date", "2026-10-13")
    assert "Not yet for Robin (from 12 months: 13 October 2027)" in text
    assert "Suitable for Robin now" in text  # the plain oil, from 1 month
    blend = text[text.index("Weak lavender blend"):]
    assert not blend.startswith("Weak lavender blend Suitable")
    table = text[text.index("Lavender essential oil"):]
    assert table.startswith("Lavender essential oil Not used before 12 months")  # agrees with the recipe


def test_fourteen_month_old_sees_the_blend_with_its_dilution(built: Callable[..., Path]) -> None:
    text = handbook(built, "--birth-date", "2025-09-20")
    blend = text[text.index("Weak lavender blend"):]
    assert blend.split("Mix:")[0].strip().endswith("Suitable for Robin now.")
    assert "No study shows that it calms babies or helps colic." in blend
    assert "Never use it on eczema or broken skin." in blend
    assert "Strength: 0.10 % essential oil" in blend


def test_eczema_blocks_nut_oils_with_the_reason_and_asks_before_any_oil(built: Callable[..., Path]) -> None:
    text = handbook(built, "--birth-date", "2026-07-20", "--eczema")
    assert "skin contact may make a nut allergy more likely in babies with eczema" in text
    assert "Ask your doctor or health visitor first: Robin has eczema" in text
    assert "Suitable for Robin now" not in text


def test_preterm_profile_shows_both_ages_and_uses_the_corrected_one(built: Callable[..., Path]) -> None:
    text = handbook(built, "--birth-date", "2026-08-01", "--due-date", "2026-10-10")
    assert "Robin is 3 months, 3 weeks old" in text
    assert "Corrected age: 6 weeks" in text
    assert "Your baby's stage: 1 to 3 months" in text  # by corrected age; by birth date it would be 3 to 6


def test_a_toddler_gets_the_last_stage_with_a_first_year_note(built: Callable[..., Path]) -> None:
    text = handbook(built, "--birth-date", "2025-09-20")
    assert "Your baby's stage: 9 to 12 months" in text
    assert "Written for the first year" in text


def test_a_clinic_opt_in_allows_the_blend_from_3_months_and_says_so(built: Callable[..., Path],
                                                                    tmp_path_factory) -> None:
    clinic = tmp_path_factory.mktemp("eo") / "clinic.yaml"
    clinic.write_text("name: Test Clinic\nallow_essential_oils: true\n", encoding="utf-8")
    text = handbook(built, "--birth-date", "2026-07-20", "--clinic", str(clinic))
    assert "Your clinic has chosen to offer the weak lavender blend to younger babies" in text
    blend = text[text.index("Weak lavender blend ✓ Suitable"):]
    assert "Strength: 0.10 % essential oil" in blend
    table = text[text.index("Lavender essential oil"):]
    assert table.startswith("Lavender essential oil Very weak only, from 3 months")  # the clinic's age, not 12


def test_navel_flag_from_the_command_line_holds_back_tummy_strokes(built: Callable[..., Path]) -> None:
    healed = handbook(built, "--birth-date", "2026-10-20")
    not_healed = handbook(built, "--birth-date", "2026-10-20", "--navel-not-healed")
    assert "Figure" in healed and "Tummy circles —" in healed
    assert "Tummy circles —" not in not_healed
    assert "Tummy circles: once the navel has healed" in not_healed
