"""Baby profiles from YAML, CLI options and roster rows: good values pass, bad ones name the field and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handbook.errors import ProfileError
from handbook.personalise.profile import Baby, baby_from, check_dates, load_profile
from handbook.pipeline import cannot_print

ON = date(2026, 11, 24)


def write(tmp_path: Path, text: str, name: str = "profile.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def profile_error(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as info:
        fields, src = load_profile(path)
        baby_from(fields, src)
    return info.value.format_message()


def test_a_full_yaml_profile_loads() -> None:
    baby = baby_from(
        {
            "name": "  Zoë <b>&amp; \"Kit\"  ",
            "birth_date": date(2026, 7, 20),
            "due_date": date(2026, 9, 1),
            "navel_healed": True,
            "eczema": False,
            "nut_allergy_in_family": True,
            "lang": "en-US",
            "paper": "Letter",
        }
    )
    assert baby == Baby(
        name='Zoë <b>&amp; "Kit"',  # kept as typed (escaped later); only trimmed
        birth_date=date(2026, 7, 20),
        due_date=date(2026, 9, 1),
        navel_healed=True,
        eczema=False,
        nut_allergy_in_family=True,
        lang="en-US",
        paper="letter",
    )
    assert baby.born_early


def test_csv_style_strings_are_parsed() -> None:
    baby = baby_from({"name": "Робин", "birth_date": "2026-07-20", "due_date": "", "eczema": "Yes",
                      "navel_healed": "n", "nut_allergy_in_family": "0", "paper": "A4"})
    assert (baby.birth_date, baby.due_date, baby.eczema, baby.navel_healed, baby.nut_allergy_in_family) == (
        date(2026, 7, 20), None, True, False, False)
    assert baby.paper == "a4"
    assert not baby.born_early


@pytest.mark.parametrize("word", ["yes", "Y", "TRUE", "1", "no", "N", "False", "0"])
def test_boolean_words(word: str) -> None:
    expected = word.lower() in ("yes", "y", "true", "1")
    assert baby_from({"name": "Robin", "birth_date": "2026-07-20", "eczema": word}).eczema is expected


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "Robin", "birth_date": "2026-02-30"}, "birth_date: '2026-02-30' is not a real date (YYYY-MM-DD)"),
        ({"name": "Robin", "birth_date": "20/07/2026"}, "birth_date: '20/07/2026' is not a date in the form"),
        ({"name": "Robin", "birth_date": 2026}, "birth_date: must be a date in the form YYYY-MM-DD, got 2026"),
        ({"name": "Robin", "birth_date": "2026-07-20", "due_date": "soon"}, "due_date: 'soon' is not a date"),
        ({"name": "Robin", "birth_date": "2026-07-20", "eczema": "maybe"}, "eczema: 'maybe' is not yes or no"),
        ({"name": "Robin", "birth_date": "2026-07-20", "paper": "a5"}, "paper: 'a5' is not a paper size"),
        ({"name": "Robin", "birth_date": "2026-07-20", "lang": "english!"}, "lang: 'english!' is not a language"),
        ({"name": "   ", "birth_date": "2026-07-20"}, "name: is empty"),
        ({"name": "R" * 81, "birth_date": "2026-07-20"}, "name: is 81 characters long; the most is 80"),
        ({"name": "Rob\nin", "birth_date": "2026-07-20"}, "name: contains control characters"),
        ({"name": "Rob\u202ein", "birth_date": "2026-07-20"}, "name: contains control characters"),
        ({"name": True, "birth_date": "2026-07-20"}, "name: must be text, got True"),
        ({"name": "\u200b", "birth_date": "2026-07-20"}, "name: has no letters, got '\\u200b'"),
        ({"name": "小明", "birth_date": "2026-07-20"}, "name: has characters the handbook cannot print yet: '小明'"),
        ({"name": "שירה", "birth_date": "2026-07-20"}, "name: has characters the handbook cannot print yet: 'שירה'"),
        ({"birth_date": "2026-07-20"}, "name: is required"),
        ({"name": "Robin", "birth_date": "2026-07-20", "eczma": "yes"},
         "eczma: unknown field (did you mean 'eczema'? allowed: name, birth_date"),
    ],
)
def test_bad_fields_name_the_field(fields: dict, message: str) -> None:
    with pytest.raises(ProfileError) as info:
        baby_from(fields, printable=cannot_print)  # the glyph check is the pipeline's, passed in
    assert message in info.value.format_message()


def test_an_impossible_date_in_yaml_names_file_line_and_field(tmp_path: Path) -> None:
    message = profile_error(tmp_path, "# baby\nname: Robin\nbirth_date: 2026-02-30\n")
    assert message == f"{tmp_path / 'profile.yaml'}:3: birth_date: '2026-02-30' is not a real date (YYYY-MM-DD)"


def test_a_quoted_impossible_date_names_the_line(tmp_path: Path) -> None:
    message = profile_error(tmp_path, "name: Robin\nbirth_date: '2026-04-31'\n")
    assert message.endswith("profile.yaml:2: birth_date: '2026-04-31' is not a real date (YYYY-MM-DD)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: Robin\nbirth_date: 2026-07-20\neczma: yes\n", ":3: eczma: unknown field (did you mean 'eczema'?"),
        ("name: Robin\nbirth_date: 2026-07-20\neczema: [yes]\n", ":3: eczema: [True] is not yes or no"),
        ("name: Robin\nbirth_date: 2026-07-20\ndue_date: 12\n", ":3: due_date: must be a date"),
        ("name: 12345\nbirth_date: 2026-07-20\n", ":1: name: must be text, got 12345"),
        ("name: Robin\n", ":1: birth_date: is required"),
        ("name: Robin\nbirth_date: [2026-07-20\n", ": not valid YAML"),
        ("- name: Robin\n", "the profile must be fields like 'name: Robin', got a list"),
        ("", "the profile is empty"),
    ],
)
def test_yaml_problems_name_the_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    message = profile_error(tmp_path, text)
    assert message.startswith(str(tmp_path / "profile.yaml"))
    assert expected in message


def test_a_missing_profile_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"nope\.yaml: profile file not found"):
        load_profile(tmp_path / "nope.yaml")


def test_a_profile_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Zoë\n".encode("latin-1"))
    with pytest.raises(ProfileError, match="not UTF-8"):
        load_profile(path)


def test_a_profile_yaml_loads_with_line_numbers(tmp_path: Path) -> None:
    fields, src = load_profile(write(tmp_path, "name: Robin\nbirth_date: 2026-07-20\neczema: yes\n"))
    assert fields == {"name": "Robin", "birth_date": date(2026, 7, 20), "eczema": True}
    assert src.where(("eczema",)).endswith(":3")


def baby(birth: str, due: str | None = None) -> Baby:
    return Baby(name="Robin", birth_date=date.fromisoformat(birth),
                due_date=date.fromisoformat(due) if due else None)


@pytest.mark.parametrize(
    ("birth", "due", "message"),
    [
        ("2027-01-02", None, "birth_date: 2027-01-02 is after the handbook date 2026-11-24"),
        ("2024-11-23", None, "this handbook is for babies up to 2 years"),
        ("2026-01-01", "2026-05-22", "due_date: 2026-05-22 is more than 20 weeks after the birth date"),
        ("2026-06-01", "2026-05-03", "due_date: 2026-05-03 is more than 4 weeks before the birth date"),
    ],
)
def test_check_dates_refuses_dates_that_cannot_be_right(birth: str, due: str | None, message: str) -> None:
    with pytest.raises(ProfileError) as info:
        check_dates(baby(birth, due), ON)
    assert message in info.value.format_message()


@pytest.mark.parametrize(
    ("birth", "due"),
    [("2026-11-24", None), ("2024-11-24", None), ("2026-01-01", "2026-05-21"), ("2026-06-01", "2026-05-04")],
)
def test_check_dates_accepts_the_edges(birth: str, due: str | None) -> None:
    check_dates(baby(birth, due), ON)


def test_names_in_latin_greek_and_cyrillic_pass_and_are_normalised() -> None:
    for name in ("Zoë-Ann O'Brien", "Łukasz Ñúñez", "Nguyễn", "Αλέξης", "Алёша", "Ali 😀"):
        assert baby_from({"name": name, "birth_date": "2026-07-20"}).name == name
    assert baby_from({"name": "Zoe\u0308", "birth_date": "2026-07-20"}).name == "Zoë"  # one character, as typed
