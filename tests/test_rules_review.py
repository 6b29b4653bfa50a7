"""Rules from the second clinical review (brief §6): each fixture breaks one rule, which names itself and the
line, at check time (content) or, for what only a built handbook prints, at build time (exit 2, no PDF).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from handbook.content.loader import load_located
from handbook.errors import SafetyError
from handbook.personalise.context import personalise
from handbook.personalise.profile import Baby
from handbook.pipeline import BuildRequest, build_pdf
from handbook.safety.printed import printed_age_problems
from tests.conftest import CONTENT
from tests.test_rules import assert_flags, findings, line_of, make


def assert_clean(root: Path, rule_id: str) -> None:
    assert not [f for f in findings(root) if f.rule_id == rule_id]


def test_r18_a_bruise_listed_as_skip_that_area(tmp_path: Path) -> None:
    root = make(tmp_path, ("checklist.yaml", "Skip the navel until it has healed.",
                           "Skip the navel until it has healed, and any bruise."))
    assert_flags(root, "R18_bruise_not_skip", "checklist.yaml", "and any bruise")


def test_r19_an_essential_oil_recipe_whose_name_claims_an_effect(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "title: Lavender blend", "title: Calming lavender blend"))
    assert_flags(root, "R19_eo_recipe_claims", "oils.yaml", "title: Calming lavender blend")


def test_r19_an_essential_oil_recipe_whose_text_claims_an_effect(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "text: Keep it off the face and hands.",
                           "text: Keep it off the face and hands. It soothes colic."))
    assert_flags(root, "R19_eo_recipe_claims", "oils.yaml", "It soothes colic.")


def test_r19_saying_there_is_no_effect_is_not_a_claim(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "text: Keep it off the face and hands.",
                           "text: Keep it off the face and hands. No study shows it calms babies."))
    assert_clean(root, "R19_eo_recipe_claims")


def test_r20_an_emergency_red_flag_whose_action_is_only_the_advice_line(tmp_path: Path) -> None:
    root = make(tmp_path, ("red_flags.yaml", "heading: Call {{ phone.emergency }} now",
                           "heading: Call {{ phone.advice }} now"))
    assert_flags(root, "R20_emergency_action", "red_flags.yaml", "heading: Call {{ phone.advice }} now")


def test_r20_an_emergency_sign_anywhere_sent_only_to_the_poison_line(tmp_path: Path) -> None:
    root = make(tmp_path, ("red_flags.yaml", "text: Blue, grey or blotchy skin.",
                           "text: Swallowed oil and floppy? Call {{ phone.poison }}."))
    assert_flags(root, "R20_emergency_action", "red_flags.yaml", "Swallowed oil and floppy?")


def test_r17_a_red_flag_line_about_an_age_without_that_age_range(tmp_path: Path) -> None:
    root = make(tmp_path, ("red_flags.yaml", "text: Blue, grey or blotchy skin.",
                           "text: 3 to 6 months old with 39 °C or more."))
    assert_flags(root, "R17_age_ranges", "red_flags.yaml", "3 to 6 months old")


def test_r17_a_range_that_differs_from_the_words(tmp_path: Path) -> None:
    root = make(tmp_path, ("checklist.yaml", "        below_months: 3\n", "        below_months: 6\n"))
    assert_flags(root, "R17_age_ranges", "checklist.yaml", "Under 3 months with a fever?")


def test_r17_an_age_range_must_count_from_birth(tmp_path: Path) -> None:
    root = make(tmp_path, ("checklist.yaml", "        age_from: birth\n", ""))
    assert_flags(root, "R17_age_ranges", "checklist.yaml", "Under 3 months with a fever?")


def test_r09b_common_worries_naming_a_move_before_its_minimum_age(tmp_path: Path) -> None:
    root = make(tmp_path, ("conditions.yaml", "text: Tummy circles may comfort your baby.",
                           "text: Knees to tummy may comfort your baby."))
    assert_flags(root, "R09b_technique_mentions", "conditions.yaml", "Knees to tummy may comfort")


def test_r09b_a_move_named_for_babies_old_enough_is_fine(tmp_path: Path) -> None:
    root = make(tmp_path, ("conditions.yaml", "        sources: [S19]\n",
                           "        from_months: 1\n        sources: [S19]\n"),
                ("conditions.yaml", "text: Tummy circles may comfort your baby.",
                 "text: Knees to tummy may comfort your baby."))
    assert_clean(root, "R09b_technique_mentions")


# --- build time: what only a built handbook shows ------------------------------------------------------


def real_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def test_a_text_saying_knees_to_tummy_to_a_10_day_old_fails_the_build(tmp_path: Path) -> None:
    """The techniques page intro is not an age-limited item, so only the build for this baby can see it."""
    root = real_copy(tmp_path)
    path = root / "techniques.yaml"
    path.write_text(path.read_text().replace("Each move has a drawing and a few short steps.",
                                             "Each move has a drawing. Try knees to tummy."), encoding="utf-8")
    on = date(2026, 11, 24)
    assert load_located(root) and not [f for f in findings(root) if f.severity == "error"]  # the YAML check passes
    with pytest.raises(SafetyError) as caught:
        build_pdf(BuildRequest(Baby(name="Robin", birth_date=date(2026, 11, 14)), on, content_dir=root))
    assert ("R09b_technique_mentions: printed in Para: 'Knees to tummy' starts at 1 month, but this baby is "
            "10 days: 'Try knees to tummy.'") in str(caught.value)
    two_months = BuildRequest(Baby(name="Robin", birth_date=date(2026, 9, 20)), on, content_dir=root)
    assert build_pdf(two_months).startswith(b"%PDF")


def test_a_printed_red_flag_line_for_an_age_the_baby_is_outside_of_is_named_with_its_line(tmp_path: Path) -> None:
    """The build-time R17 check, on content whose range is missing (the content check also refuses it)."""
    root = real_copy(tmp_path)
    path = root / "red_flags.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - text: 3 to 6 months old with a temperature of 39 °C or more\n        from_months: 3\n" \
          "        below_months: 6\n"
    assert old in text
    path.write_text(text.replace(old, "      - text: 3 to 6 months old with a temperature of 39 °C or more\n"),
                    encoding="utf-8")
    loaded = load_located(root)
    eleven_months = Baby(name="Robin", birth_date=date(2025, 12, 20))
    ctx = personalise(loaded.content, eleven_months, date(2026, 11, 24))
    line = line_of(root, "red_flags.yaml", "3 to 6 months old with a temperature")
    assert printed_age_problems(ctx, loaded) == [
        f"content/red_flags.yaml:{line}: R17_age_ranges: prints '3 to 6 months' for a baby aged 11 months from birth"
    ]
    four_months = Baby(name="Robin", birth_date=date(2026, 7, 20))
    assert printed_age_problems(personalise(loaded.content, four_months, date(2026, 11, 24)), loaded) == []
