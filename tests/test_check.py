"""`handbook check` on a small fixture built per test: clean content passes, each kind of mistake is named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from handbook.check import CheckReport, check_content
from handbook.check.readability import grade, sentences, syllables
from handbook.cli import cli
from tests.check_fixture import fixture_data, item, line_of, write_content

HARD = (
    "Notwithstanding considerable methodological heterogeneity, systematic reviews consistently demonstrate "
    "insufficient evidence regarding physiological improvements attributable to therapeutic interventions "
    "administered by caregivers during the neonatal period, particularly concerning gastrointestinal discomfort."
)


def run_check(folder: Path) -> Result:
    return CliRunner().invoke(cli, ["check", str(folder)], catch_exceptions=False)


def build(tmp_path: Path, change: Any = None) -> Path:
    data = fixture_data()
    if change:
        change(data)
    return write_content(tmp_path, data)


def test_clean_fixture_passes(tmp_path: Path) -> None:
    result = run_check(build(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Content OK: every check passed" in result.output


def test_unknown_source_names_file_line_and_id(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["oils"]["oils"][0]["sources"] = ["S2", "S99"]

    folder = build(tmp_path, change)
    result = run_check(folder)
    assert result.exit_code == 2
    line = line_of(folder / "oils.yaml", "S99")
    assert f"content/oils.yaml:{line}: oils[0].sources: unknown source 'S99'" in result.output


def test_reference_never_cited(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["references"]["references"].append({"id": "S17", "citation": "Never used. 2019."})

    folder = build(tmp_path, change)
    report = check_content(folder)
    line = line_of(folder / "references.yaml", "S17")
    assert report.errors == [f"content/references.yaml:{line}: S17 is never cited; remove it or cite it"]


def test_unknown_field_is_a_schema_problem_and_stops_there(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["cues"]["blocks"][0]["colour"] = "red"
        d["oils"]["oils"][0]["sources"] = ["S99"]  # not reported: later checks need valid content

    folder = build(tmp_path, change)
    result = run_check(folder)
    assert result.exit_code == 2
    line = line_of(folder / "cues.yaml", "colour")
    assert f"content/cues.yaml:{line}: blocks[0].colour: unknown field 'colour'" in result.output
    assert "S99" not in result.output


def test_hard_paragraph_fails_the_reading_grade_for_its_file(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["conditions"]["blocks"][0]["items"].append(item(HARD, "S1"))

    folder = build(tmp_path, change)
    report = check_content(folder)
    graded = [e for e in report.errors if "reading grade" in e]
    assert len(graded) == 1
    message = graded[0]
    assert message.startswith("content/conditions.yaml: reading grade ")
    assert "is above 7 (hardest sentences: line " in message
    assert f"line {line_of(folder / 'conditions.yaml', 'Notwithstanding')} 'Notwithstanding" in message


def test_references_are_not_graded(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["references"]["intro"] = [item(HARD, "S1")]

    assert check_content(build(tmp_path, change)).errors == []


def test_unknown_placeholder_is_named(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["cues"]["blocks"][0]["items"][1]["text"] = "Smile at {{ babby_name }}."

    folder = build(tmp_path, change)
    result = run_check(folder)
    assert result.exit_code == 2
    line = line_of(folder / "cues.yaml", "babby_name")
    assert f"content/cues.yaml:{line}: blocks[0].items[1].text: unknown placeholder 'babby_name'" in result.output


def test_placeholders_in_headings_and_single_braces(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["red_flags"]["blocks"][0]["heading"] = "Call {{ phone.emergncy }}"
        d["stages"]["stages"][0]["summary"] = "Keep it short for {baby.name}."

    errors = check_content(build(tmp_path, change)).errors
    assert any("blocks[0].heading: unknown placeholder 'phone.emergncy'" in e for e in errors), errors
    assert any("stages[0].summary: placeholder '{baby.name}' needs two braces" in e for e in errors), errors


def test_unknown_figure_and_routine_technique(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["techniques"]["techniques"][0]["figure"] = "leg_strokez"
        d["stages"]["stages"][0]["routine"][0]["technique"] = "leg_stroke"

    folder = build(tmp_path, change)
    result = run_check(folder)
    assert result.exit_code == 2
    fig_line = line_of(folder / "techniques.yaml", "leg_strokez")
    assert (f"content/techniques.yaml:{fig_line}: techniques[0].figure: unknown figure 'leg_strokez' "
            "(did you mean 'leg_strokes'?)") in result.output
    assert "stages[0].routine[0].technique: unknown technique 'leg_stroke'" in result.output


def test_problems_come_in_check_order_then_file_and_line(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["techniques"]["techniques"][0]["figure"] = "nope"
        d["oils"]["oils"][0]["sources"] = ["S98"]
        d["cues"]["blocks"][0]["items"][0]["sources"] = ["S97"]
        d["cues"]["blocks"][0]["items"][1]["text"] = "{{ nobody }}"

    errors = check_content(build(tmp_path, change)).errors
    assert [e.split(": ", 1)[0].split(":")[0] for e in errors] == [
        "content/cues.yaml", "content/oils.yaml", "content/techniques.yaml", "content/cues.yaml"]
    assert "S97" in errors[0] and "S98" in errors[1] and "figure" in errors[2] and "nobody" in errors[3]


def test_missing_folder_is_one_clear_problem(tmp_path: Path) -> None:
    result = run_check(tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "content folder not found" in result.output


def test_report_is_falsy_when_clean_and_iterates_errors() -> None:
    assert not CheckReport(warnings=["w"])
    report = CheckReport(errors=["a", "b"], warnings=["w"])
    assert report and list(report) == ["a", "b"] and len(report) == 2


def test_forbidden_wording_is_a_safety_error(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["conditions"]["blocks"][0]["items"].append(item("Massage cures colic.", "S1"))

    folder = build(tmp_path, change)
    result = run_check(folder)
    assert result.exit_code == 2
    line = line_of(folder / "conditions.yaml", "cures colic")
    assert f"content/conditions.yaml:{line}: R13_forbidden_wording: 'cures'" in result.output


def test_safety_warnings_are_shown_but_pass(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["stages"]["stages"][0]["session_minutes_max"] = 30  # over the 10-minute newborn limit: a warning

    folder = build(tmp_path, change)
    report = check_content(folder)
    assert report.errors == [] and len(report.warnings) == 1
    result = run_check(folder)
    assert result.exit_code == 0
    line = line_of(folder / "stages.yaml", "session_minutes_max")
    assert f"warning: content/stages.yaml:{line}: R10_session_length:" in result.output
    assert "Content OK: every check passed (1 warning)." in result.output


# --- readability ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "count"),
    [("the", 1), ("baby", 2), ("massage", 2), ("your", 1), ("hands", 1), ("sunflower", 3),
     ("temperature", 4), ("eczema", 3), ("strokes", 1), ("calm-alert", 3), ("38.0", 1), ("ml", 1), ("%", 1)],
)
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


def test_grade_of_simple_and_complex_text() -> None:
    simple = "Warm your hands. Hold your baby close. Stop if your baby cries."
    assert -3 < grade(simple) < 3
    assert grade(HARD) > 16


def test_each_item_is_at_least_one_sentence() -> None:
    bullets = ["Wash your hands", "Warm the room", "Lay a towel on the floor"]
    assert grade(bullets) < grade(" ".join(bullets))


def test_markup_and_placeholders_are_read_as_the_parent_sees_them() -> None:
    assert sentences("Hold <b>{{ baby.name }}</b> close. Use 0.1 % oil, e.g. sunflower.") == [
        "Hold Robin close.", "Use 0.1 % oil, e.g. sunflower."]


def test_a_sentence_over_20_words_fails_with_its_file_and_line(tmp_path: Path) -> None:
    long = ("Lay your baby on a towel on the floor and then stroke the legs and the feet and the arms and the hands "
            "and the back.")

    def change(d: dict) -> None:
        d["cues"]["blocks"][0]["items"].append(item(long, "S1"))

    folder = build(tmp_path, change)
    line = line_of(folder / "cues.yaml", "Lay your baby on a towel")
    errors = check_content(folder).errors
    assert f"content/cues.yaml:{line}: sentence of 26 words is over 20 (split it): 'Lay your baby" in "\n".join(errors)
