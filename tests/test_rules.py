"""The safety rules (brief §4): each rule catches its own kind of broken content at the right file:line,
and decide() gives each baby the right techniques, recipe verdicts and visible items.

Each content test copies the small valid fixture, breaks one thing by editing the YAML text, and checks
that the rule names itself and the line. The shipped content/rules.yaml is always the one under test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.content.loader import load_located
from handbook.content.models import Content
from handbook.errors import ContentError
from handbook.personalise.rules import Decisions, decide
from handbook.safety.engine import Finding, content_problems, evaluate_content

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "fixtures" / "minimal_content"
CONTENT = TESTS.parent / "content"

Edit = tuple[str, str, str]  # (file, old text, new text)


def make(tmp_path: Path, *edits: Edit) -> Path:
    """A copy of the fixture (with the shipped rules.yaml), each old text replaced exactly once."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    shutil.copy(CONTENT / "rules.yaml", root / "rules.yaml")
    for file, old, new in edits:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur exactly once in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return root


def line_of(root: Path, file: str, needle: str) -> int:
    lines = (root / file).read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, 1) if needle in line]
    assert len(found) == 1, f"{needle!r} must be on exactly one line of {file}, found {found}"
    return found[0]


def findings(root: Path, allow_essential_oils: bool | None = None) -> list[Finding]:
    return evaluate_content(load_located(root), allow_essential_oils)


def assert_flags(
    root: Path, rule_id: str, file: str, needle: str, severity: str = "error", allow: bool | None = None
) -> None:
    loaded = load_located(root)
    found = evaluate_content(loaded, allow)
    where = f"content/{file}:{line_of(root, file, needle)}"
    hits = [f for f in found if f.rule_id == rule_id and f.where == where and f.severity == severity]
    assert hits, f"expected {rule_id} at {where}; got:\n" + "\n".join(f"{f.severity} {f}" for f in found)
    problems = content_problems(loaded, allow)
    if severity == "error":
        assert any(p.startswith(f"{where}: {rule_id}: ") for p in problems)
    else:
        assert not any(rule_id in p for p in problems)


# --- the clean fixture ------------------------------------------------------------------------------


def test_the_clean_fixture_breaks_no_rule(tmp_path: Path) -> None:
    root = make(tmp_path)
    assert findings(root) == []
    assert findings(root, allow_essential_oils=True) == []


def test_the_fixture_keeps_its_own_copy_of_the_shipped_rules() -> None:
    """Other tests copy the fixture alone; its rules.yaml must not drift from the shipped one."""
    assert (FIXTURE / "rules.yaml").read_text(encoding="utf-8") == (CONTENT / "rules.yaml").read_text(encoding="utf-8")


def test_problems_are_one_line_each_with_file_line_rule_and_message(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "        drops: 2\n    warnings:", "        drops: 3\n    warnings:"))
    line = line_of(root, "oils.yaml", "drops: 3")
    assert content_problems(load_located(root)) == [
        f"content/oils.yaml:{line}: R03_eo_dilution: recipes[1].essential_oils[0].drops: recipe 'calming_blend' "
        "has 0.15 % essential oil; the most for babies under 2 years is 0.1 % v/v"
    ]


# --- rules 1–8: oils -----------------------------------------------------------------------------------

LAVENDER = "kind: essential, verdict: allowed_not_preferred, from_months: 12"
PLAIN = "carrier: sunflower\n    carrier_ml: 10\n"  # the plain_oil recipe's carrier


def test_r01_no_essential_oil_under_3_months_even_with_opt_in(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", LAVENDER, LAVENDER.replace("12", "2")))
    assert_flags(root, "R01_eo_under_3m", "oils.yaml", "id: lavender", allow=True)


def test_r02_essential_oil_under_12_months_needs_the_opt_in(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", LAVENDER, LAVENDER.replace("12", "6")))
    assert_flags(root, "R02_eo_under_12m_opt_in", "oils.yaml", "id: lavender")
    assert [f for f in findings(root, allow_essential_oils=True)] == []


def test_r03_dilution_over_0_1_percent(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "        drops: 2\n    warnings:", "        drops: 3\n    warnings:"))
    assert_flags(root, "R03_eo_dilution", "oils.yaml", "drops: 3")


def test_r03_a_drop_cannot_be_made_smaller_to_pass(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "drop_ml: 0.05", "drop_ml: 0.03"))
    assert_flags(root, "R03_eo_dilution", "oils.yaml", "drop_ml: 0.03")


def test_r04_only_lavender_or_roman_chamomile_in_a_recipe(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "      - oil: lavender\n        drops: 2\n    warnings:\n      - id: not_face",
                           "      - oil: tea_tree\n        drops: 2\n    warnings:\n      - id: not_face"))
    assert_flags(root, "R04_eo_choice", "oils.yaml", "oil: tea_tree")


def test_r04_spike_lavender_is_not_true_lavender(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "latin: Lavandula angustifolia", "latin: Lavandula latifolia"))
    assert_flags(root, "R04_eo_choice", "oils.yaml", "id: lavender")


def test_r04_tea_tree_must_stay_never(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "name: Tea tree, kind: essential, verdict: never",
                           "name: Tea tree, kind: essential, verdict: allowed_not_preferred, from_months: 12"))
    assert_flags(root, "R04_eo_choice", "oils.yaml", "id: tea_tree")


def test_r05_essential_oil_recipe_needs_its_three_warnings(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "id: patch_test", "id: patch_first"))
    assert_flags(root, "R05_eo_recipe_warnings", "oils.yaml", "id: not_face_hands")
    assert "patch_test" in "\n".join(content_problems(load_located(root)))


def test_r06a_nut_carrier_without_allergy_warning_is_a_warning(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "id: nut_allergy\n        text: Almond is a nut. It may cause an allergy.",
                           "id: nut_note\n        text: Almond comes from a tree."))
    assert_flags(root, "R06a_nut_carrier_warning", "oils.yaml", "carrier: almond", severity="warning")


def test_r06b_peanut_oil_is_never(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "nut: true, verdict: never", "nut: true, verdict: not_recommended"))
    assert_flags(root, "R06b_nut_oil", "oils.yaml", "id: peanut")


def test_r06b_no_recipe_with_peanut_oil(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", PLAIN, PLAIN.replace("sunflower", "peanut")))
    assert_flags(root, "R06b_nut_oil", "oils.yaml", "carrier: peanut")


def test_r07_olive_oil_on_the_use_list(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "kind: carrier, verdict: not_recommended, reason: Can harm",
                           "kind: carrier, verdict: acceptable, reason: Can harm"))
    assert_flags(root, "R07_olive_mustard_powder", "oils.yaml", "id: olive")


def test_r07_powder_on_the_use_list(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "kind: powder, verdict: never", "kind: powder, verdict: allowed_not_preferred"))
    assert_flags(root, "R07_olive_mustard_powder", "oils.yaml", "id: powder")


def test_r07_recipe_with_olive_oil(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", PLAIN, PLAIN.replace("sunflower", "olive")))
    assert_flags(root, "R07_olive_mustard_powder", "oils.yaml", "carrier: olive")


def test_r08_no_oil_in_the_first_month_stage(tmp_path: Path) -> None:
    root = make(tmp_path, ("stages.yaml", "oil_ok: false", "oil_ok: true"))
    assert_flags(root, "R08_first_month_and_navel", "stages.yaml", "oil_ok: true")


def test_r08_no_carrier_oil_before_1_month(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "verdict: acceptable, from_months: 1", "verdict: acceptable, from_months: 0.5"))
    assert_flags(root, "R08_first_month_and_navel", "oils.yaml", "id: sunflower")


def test_r08_tummy_techniques_wait_for_the_navel(tmp_path: Path) -> None:
    root = make(tmp_path, ("techniques.yaml", "needs_navel_healed: true", "needs_navel_healed: false"))
    assert_flags(root, "R08_first_month_and_navel", "techniques.yaml", "needs_navel_healed: false")


def test_r08_a_routine_step_cannot_start_before_its_technique(tmp_path: Path) -> None:
    root = make(tmp_path, ("stages.yaml", "{technique: resting_hands, body_part: Legs",
                           "{technique: knees_to_tummy, body_part: Legs, amount: 2 times}\n"
                           "      - {technique: resting_hands, body_part: Legs"))
    assert_flags(root, "R08_first_month_and_navel", "stages.yaml", "amount: 2 times")


# --- rules 9–16 -----------------------------------------------------------------------------------------


def test_r09_kneading_starts_at_3_months(tmp_path: Path) -> None:
    root = make(tmp_path, ("techniques.yaml", "min_age_months: 3", "min_age_months: 2"))
    assert_flags(root, "R09_techniques", "techniques.yaml", "min_age_months: 2")


def test_r09_tapping_starts_at_6_months(tmp_path: Path) -> None:
    root = make(tmp_path, ("techniques.yaml", "min_age_months: 6", "min_age_months: 4"))
    assert_flags(root, "R09_techniques", "techniques.yaml", "min_age_months: 4")


@pytest.mark.parametrize("name", ["Pinching the legs", "Leg vibration", "Fist rolls", "Pull-to-sit", "Neck stretches"])
def test_r09_banned_techniques_by_name(tmp_path: Path, name: str) -> None:
    root = make(tmp_path, ("techniques.yaml", "name: Milking the legs", f"name: {name}"))
    assert_flags(root, "R09_techniques", "techniques.yaml", f"name: {name}")


def test_r09_banned_technique_in_a_routine_step(tmp_path: Path) -> None:
    root = make(tmp_path, ("stages.yaml", "{technique: knees_to_tummy, body_part: Legs",
                           "{technique: knees_to_tummy, body_part: Fitball bounce"))
    assert_flags(root, "R09_techniques", "stages.yaml", "Fitball bounce")


def test_r09_the_never_list_may_name_banned_techniques(tmp_path: Path) -> None:
    root = make(tmp_path, ("techniques.yaml", "  - name: Pinching\n", "  - name: Pinching, fists or fitball\n"))
    assert findings(root) == []


def test_r10_long_sessions_are_a_warning(tmp_path: Path) -> None:
    root = make(tmp_path, ("stages.yaml", "session_minutes_max: 15", "session_minutes_max: 18"))
    assert_flags(root, "R10_session_length", "stages.yaml", "session_minutes_max: 18", severity="warning")


@pytest.mark.parametrize("item", ["fever_38", "under_3_months_fever", "recent_injections", "recent_feed",
                                  "asleep_crying_hungry"])
def test_r11_required_checklist_items(tmp_path: Path, item: str) -> None:
    root = make(tmp_path, ("checklist.yaml", f"id: {item}\n", "id: something_else\n"))
    assert_flags(root, "R11_checklist_required", "checklist.yaml", "- id: before_session")
    assert item in "\n".join(content_problems(load_located(root)))


def test_r11_a_needs_source_item_does_not_count(tmp_path: Path) -> None:
    root = make(tmp_path, ("checklist.yaml", "text: Your baby fed less than 30 minutes ago.\n        sources: [S21]\n"
                           "        evidence: guideline",
                           "text: Your baby fed less than 30 minutes ago.\n        sources: [S21]\n"
                           "        evidence: needs-source"))
    assert_flags(root, "R11_checklist_required", "checklist.yaml", "- id: before_session")


def test_r11_the_injection_wait_comes_from_settings(tmp_path: Path) -> None:
    root = make(tmp_path, ("checklist.yaml", "in the last {{ wait_hours }} hours", "in the last 48 hours"))
    assert_flags(root, "R11_checklist_required", "checklist.yaml", "in the last 48 hours")


def test_r12_every_stage_shows_cues_and_red_flags(tmp_path: Path) -> None:
    root = make(tmp_path, ("stages.yaml", "new_this_stage: Knees to tummy.\n    boxes: [cues, red_flags]",
                           "new_this_stage: Knees to tummy.\n    boxes: [cues]"))
    assert_flags(root, "R12_stage_boxes", "stages.yaml", "boxes: [cues]")


def test_r12_the_red_flag_box_needs_a_danger_block(tmp_path: Path) -> None:
    root = make(tmp_path, ("red_flags.yaml", "tone: danger", "tone: warning"))
    assert_flags(root, "R12_stage_boxes", "red_flags.yaml", "- heading: Call")


SAFE_SENTENCE = "Tummy circles may comfort your baby."


@pytest.mark.parametrize(
    "sentence",
    [
        "Massage cures colic.",
        "Massage is not a treatment for colic.",
        "It treats wind.",
        "Massage can replace surgery for a blocked tear duct.",
        "It boosts your baby's immunity.",
        "Massage prevents a hernia.",
        "Massage helps babies gain weight.",
        "Babies who are massaged put on weight.",
    ],
)
def test_r13_forbidden_wording(tmp_path: Path, sentence: str) -> None:
    root = make(tmp_path, ("conditions.yaml", SAFE_SENTENCE, sentence))
    assert_flags(root, "R13_forbidden_wording", "conditions.yaml", sentence)


@pytest.mark.parametrize("sentence", ["Take a retreat from the noise.", "There is no threat here.",
                                      "Babies born early gained weight in one small study."])
def test_r13_whole_words_only_and_preterm_weight_gain_is_allowed(tmp_path: Path, sentence: str) -> None:
    root = make(tmp_path, ("conditions.yaml", SAFE_SENTENCE, sentence))
    assert [f for f in findings(root) if f.rule_id == "R13_forbidden_wording"] == []


def test_r13_scans_locale_strings_too(tmp_path: Path) -> None:
    root = make(tmp_path, ("locales/en-GB.yaml", "strings: {}", "strings:\n  cue_box: Massage to treat colic"))
    assert_flags(root, "R13_forbidden_wording", "locales/en-GB.yaml", "cue_box:")


def test_r13_scans_the_recipe_reasons_in_rules_yaml(tmp_path: Path) -> None:
    root = make(tmp_path, ("rules.yaml", "This handbook keeps essential oils",
                           "Essential oils cure colic, but this handbook keeps them"))
    assert_flags(root, "R13_forbidden_wording", "rules.yaml", "Essential oils cure colic")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Never take your baby into a steam room or a sauna.", "A steam room after massage is lovely."),
        ("Warm the room to about 22 to 26 °C.", "Warm the room to about 28 °C."),
        ("Put your baby to sleep in a room at 16 to 20 °C.", "Put your baby to sleep in a room at 22 °C."),
        ("Make the bath warm, not hot.", "Make the bath warm, about 40 °C."),
    ],
)
def test_r14_temperatures_and_steam(tmp_path: Path, old: str, new: str) -> None:
    root = make(tmp_path, ("before_you_start.yaml", old, new))
    assert_flags(root, "R14_temperatures_steam", "before_you_start.yaml", new)


def test_r14_the_babys_own_temperature_is_not_a_room(tmp_path: Path) -> None:
    root = make(tmp_path, ("before_you_start.yaml", "Make the bath warm, not hot.",
                           "With a fever of 39 °C, skip the bath and the massage."))
    assert findings(root) == []


def test_r15_tracker_needs_every_column(tmp_path: Path) -> None:
    root = make(tmp_path, ("tracker.yaml", "  - {id: sleep_after, label: Sleep after, kind: text}\n", ""))
    assert_flags(root, "R15_tracker_columns", "tracker.yaml", "{id: date_time")


def test_r15_tracker_has_no_break_fields(tmp_path: Path) -> None:
    root = make(tmp_path, ("tracker.yaml", "label: Notes", "label: Break days"))
    assert_flags(root, "R15_tracker_columns", "tracker.yaml", "label: Break days")


def test_r16_an_item_without_sources_must_say_needs_source(tmp_path: Path) -> None:
    root = make(tmp_path, ("cues.yaml", "sources: [S12]", "sources: []"))
    assert_flags(root, "R16_unsourced", "cues.yaml", "sources: []")


def test_r16_needs_source_items_may_have_no_sources(tmp_path: Path) -> None:
    root = make(tmp_path, ("cues.yaml", "sources: [S12]\n        evidence: guideline",
                           "sources: []\n        evidence: needs-source"))
    assert findings(root) == []


# --- the rules file itself ------------------------------------------------------------------------------


def test_an_unknown_check_is_reported_at_its_line(tmp_path: Path) -> None:
    root = make(tmp_path, ("rules.yaml", "check: eo_min_age", "check: eo_min_ages"))
    found = findings(root)
    where = f"content/rules.yaml:{line_of(root, 'rules.yaml', 'check: eo_min_ages')}"
    assert any(f.where == where and "unknown check 'eo_min_ages'" in f.message for f in found)
    assert any("no rule runs the 'eo_min_age' safety check" in f.message for f in found)


def test_a_missing_param_is_reported_not_crashed_on(tmp_path: Path) -> None:
    root = make(tmp_path, ("rules.yaml", "max_percent: 0.1 ", "max_percentage: 0.1 "))
    problems = content_problems(load_located(root))
    assert any("R03_eo_dilution: params.max_percent must be a number (it is missing)" in p for p in problems)


def test_unquoted_yes_no_words_are_reported(tmp_path: Path) -> None:
    root = make(tmp_path, ('rules.yaml', 'negation_words: ["no", ', 'negation_words: [no, '))
    problems = content_problems(load_located(root))
    line = line_of(root, "rules.yaml", "negation_words:")
    assert any(p.startswith(f"content/rules.yaml:{line}: R14_temperatures_steam: params.negation_words") for p in
               problems)


# --- decide(): what applies to one baby ---------------------------------------------------------------


@pytest.fixture(scope="module")
def content() -> Content:
    return load_located(FIXTURE).content


def decided(content: Content, months: float, **flags: bool) -> Decisions:
    options = {"navel_healed": True, "eczema": False, "nut_allergy": False, "allow_essential_oils": False,
               "allow_unsourced": False, **flags}
    return decide(content, age_months=months, **options)


def recipe(d: Decisions, recipe_id: str):
    return next(r for r in d.recipes if r.recipe_id == recipe_id)


def test_a_6_week_old_waits_for_the_calming_blend_until_12_months(content: Content) -> None:
    blend = recipe(decided(content, 1.4), "calming_blend")
    assert (blend.status, blend.from_months) == ("not_yet", 12)
    assert blend.reasons == ["It has 0.10 % essential oil. This handbook keeps essential oils for babies of "
                             "12 months and over."]


def test_a_14_month_old_may_use_the_calming_blend(content: Content) -> None:
    blend = recipe(decided(content, 14.1), "calming_blend")
    assert blend.status == "suitable"
    assert blend.dilution == pytest.approx(0.0999, abs=5e-5)
    assert blend.reasons == [] and blend.allergens == []


def test_with_the_clinic_opt_in_essential_oils_start_at_3_months(content: Content) -> None:
    at_2 = recipe(decided(content, 2.0, allow_essential_oils=True), "calming_blend")
    at_4 = recipe(decided(content, 4.0, allow_essential_oils=True), "calming_blend")
    assert (at_2.status, at_2.from_months) == ("not_yet", 3)
    assert "3 months and over" in at_2.reasons[0]
    assert (at_4.status, at_4.from_months) == ("suitable", 3)


def test_no_oil_recipe_in_the_first_month(content: Content) -> None:
    plain = recipe(decided(content, 0.5), "plain_oil")
    assert (plain.status, plain.from_months) == ("not_yet", 1)
    assert plain.reasons == ["No oil before 1 month: plain water is kindest to new skin."]
    assert recipe(decided(content, 1.0), "plain_oil").status == "suitable"


def test_one_age_reason_is_enough(content: Content) -> None:
    blend = recipe(decided(content, 0.5), "calming_blend")
    assert (blend.status, blend.from_months) == ("not_yet", 12)
    assert len(blend.reasons) == 1 and "12 months and over" in blend.reasons[0]


def test_decide_refuses_rules_with_a_missing_param(tmp_path: Path) -> None:
    root = make(tmp_path, ("rules.yaml", "max_percent: 0.1 ", "max_percentage: 0.1 "))
    with pytest.raises(ContentError, match=r"R03_eo_dilution: params\.max_percent must be a number"):
        decided(load_located(root).content, 14.0)


def test_the_online_example_is_never_recommended_and_says_why(content: Content) -> None:
    young = recipe(decided(content, 1.4), "online_almond")
    older = recipe(decided(content, 14.1), "online_almond")
    assert young.status == older.status == "not_recommended"
    assert young.allergens == ["tree nut (almond)"]
    assert any("nut oil" in r for r in older.reasons)
    assert any("0.10 % essential oil" in r for r in young.reasons)
    assert not any("essential oil" in r for r in older.reasons)


def test_eczema_rules_out_a_nut_oil(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "nut: true, verdict: not_recommended, reason: A nut oil.",
                           "nut: true, verdict: allowed_not_preferred, reason: A nut oil."),
                ("oils.yaml", PLAIN, PLAIN.replace("sunflower", "almond")))
    almond = load_located(root).content
    plain = recipe(decided(almond, 4.0), "plain_oil")
    assert (plain.status, plain.allergens) == ("suitable", ["tree nut (almond)"])
    eczema = recipe(decided(almond, 4.0, eczema=True), "plain_oil")
    assert eczema.status == "not_recommended"
    assert eczema.reasons == ["Almond oil is a nut oil: skin contact may make a nut allergy more likely in babies "
                              "with eczema."]
    family = recipe(decided(almond, 4.0, nut_allergy=True), "plain_oil")
    assert family.status == "not_recommended"
    assert "runs in the family" in family.reasons[0]
    online = recipe(decided(almond, 4.0, eczema=True), "online_almond")
    assert "eczema" in online.reasons[0]


def test_a_banned_essential_oil_gets_a_plain_reason(tmp_path: Path) -> None:
    root = make(tmp_path, ("oils.yaml", "      - oil: lavender\n        drops: 2\n    warnings:\n      - id: not_face",
                           "      - oil: tea_tree\n        drops: 2\n    warnings:\n      - id: not_face"))
    blend = recipe(decided(load_located(root).content, 14.0), "calming_blend")
    assert blend.status == "not_recommended"
    assert blend.reasons == ["Tea tree can harm babies. Never use it on or near a baby."]


def test_techniques_follow_age_and_the_navel(content: Content) -> None:
    newborn = decided(content, 0.3, navel_healed=False)
    assert [t.id for t in newborn.techniques] == ["resting_hands"]
    assert [t.id for t in newborn.upcoming_techniques] == [
        "tummy_circles", "knees_to_tummy", "limb_milking", "fingertip_tapping"]
    healed = decided(content, 0.3)
    assert [t.id for t in healed.techniques] == ["resting_hands", "tummy_circles"]
    assert [t.id for t in decided(content, 6.0).techniques] == [
        "resting_hands", "tummy_circles", "knees_to_tummy", "limb_milking", "fingertip_tapping"]


def test_kind_minimums_hold_at_build_time_even_if_content_says_younger(tmp_path: Path) -> None:
    root = make(tmp_path, ("techniques.yaml", "min_age_months: 6", "min_age_months: 1"))
    d = decided(load_located(root).content, 2.0)
    assert "fingertip_tapping" in [t.id for t in d.upcoming_techniques]


def test_checklist_and_printable_follow_when_and_evidence(content: Content) -> None:
    unhealed = decided(content, 0.3, navel_healed=False)
    healed = decided(content, 0.3)
    assert [i.text for i in unhealed.checklist["skip_area"]] == ["Skip the navel until it has healed."]
    assert healed.checklist["skip_area"] == []
    assert len(healed.checklist["no_massage_today"]) == 5
    steam = content.before_you_start.blocks[0].items[3]
    assert steam.evidence == "needs-source"
    assert not healed.printable(steam)
    assert decided(content, 0.3, allow_unsourced=True).printable(steam)


@pytest.mark.parametrize(
    ("when", "months", "flags", "shown"),
    [
        ("under_3_months", 2.9, {}, True),
        ("under_3_months", 3.0, {}, False),
        ("over_12_months", 12.0, {}, True),
        ("over_12_months", 11.9, {}, False),
        ("eczema", 4.0, {"eczema": True}, True),
        ("eczema", 4.0, {}, False),
        ("nut_allergy_in_family", 4.0, {"nut_allergy": True}, True),
        ("born_early", 4.0, {"born_early": True}, True),
        ("born_early", 4.0, {}, False),
        ("navel_healed", 4.0, {"navel_healed": False}, False),
    ],
)
def test_when_conditions(content: Content, when: str, months: float, flags: dict, shown: bool) -> None:
    item = content.cues.blocks[0].items[0].model_copy(update={"when": when})
    assert decided(content, months, **flags).printable(item) is shown


# --- the real content ------------------------------------------------------------------------------------


def test_shipped_content_passes() -> None:
    if not (CONTENT / "techniques.yaml").exists():
        pytest.skip("content/techniques.yaml is not written yet")
    problems = content_problems(load_located(CONTENT))
    assert problems == [], "\n".join(problems)


def test_a_nut_oil_without_its_printed_allergen_name_is_a_content_error(tmp_path: Path) -> None:
    """The allergen line's words come from content/oils.yaml (so they translate), never from code."""
    root = make(tmp_path, ("oils.yaml", ", allergen: tree nut (almond)}", "}"))
    with pytest.raises(ContentError, match=r"oils\.almond\.allergen: missing"):
        decided(load_located(root).content, 14.0)
