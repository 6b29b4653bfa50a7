"""Clinic profile: a good one loads; every bad field is one exit-2 line naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from handbook.clinic import Clinic, load_clinic
from handbook.errors import ClinicError
from handbook.pipeline import cannot_print

GOOD = """\
name: "Little Steps {{ baby.name }} <b>Clinic</b>"
address: |
  1 High Street
  Townsville
phone: "+44 (0)20 7946 0000"
website: https://clinic.example.org/massage
logo: art/logo.png
emergency_number: "999"
advice_line: NHS 111
intro: We run baby massage classes every Tuesday.
allow_essential_oils: false
vaccination_wait_hours: 48
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "art").mkdir()
    Image.new("RGB", (40, 20), "teal").save(tmp_path / "art" / "logo.png")
    return tmp_path


def write(folder: Path, text: str) -> Path:
    path = folder / "clinic.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ClinicError) as info:
        load_clinic(path, printable=cannot_print)  # the glyph check is the pipeline's, passed in
    assert info.value.exit_code == 2
    return info.value.format_message()


def replace_line(field: str, new: str) -> str:
    """GOOD with one field's line replaced (or removed when new is empty)."""
    lines = [(new if line.startswith(f"{field}:") else line) for line in GOOD.splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


def test_good_clinic_loads_with_logo_resolved_next_to_the_yaml(folder: Path) -> None:
    clinic = load_clinic(write(folder, GOOD))
    assert isinstance(clinic, Clinic)
    assert clinic.logo == (folder / "art" / "logo.png").resolve()
    assert clinic.address == "1 High Street\nTownsville"
    assert clinic.advice_line == "NHS 111"
    assert clinic.vaccination_wait_hours == 48
    assert clinic.allow_essential_oils is False


def test_clinic_text_stays_literal(folder: Path) -> None:
    clinic = load_clinic(write(folder, GOOD))
    assert clinic.name == "Little Steps {{ baby.name }} <b>Clinic</b>"  # data, never a template


def test_only_name_is_required(folder: Path) -> None:
    clinic = load_clinic(write(folder, "name: Bay Clinic\n"))
    assert clinic == Clinic(name="Bay Clinic")


def test_jpeg_logo_is_accepted(folder: Path) -> None:
    Image.new("RGB", (10, 10), "red").save(folder / "logo.jpg", format="JPEG")
    assert load_clinic(write(folder, "name: X\nlogo: logo.jpg\n")).logo == (folder / "logo.jpg").resolve()


def test_missing_logo(folder: Path) -> None:
    msg = error_of(write(folder, replace_line("logo", "logo: art/missing.png")))
    assert msg.startswith(f"{folder / 'clinic.yaml'}:7: logo: cannot find the image file")
    assert "missing.png" in msg


def test_logo_that_is_not_an_image(folder: Path) -> None:
    (folder / "art" / "fake.png").write_text("not a picture")
    msg = error_of(write(folder, replace_line("logo", "logo: art/fake.png")))
    assert ":7: logo: fake.png is not a readable PNG or JPEG image" in msg


def test_logo_of_another_format(folder: Path) -> None:
    Image.new("RGB", (10, 10)).save(folder / "art" / "logo.gif")
    msg = error_of(write(folder, replace_line("logo", "logo: art/logo.gif")))
    assert msg.endswith(":7: logo: must be a PNG or JPEG image, got GIF")


def test_truncated_png_is_rejected(folder: Path) -> None:
    data = (folder / "art" / "logo.png").read_bytes()
    (folder / "art" / "cut.png").write_bytes(data[: len(data) // 2])
    msg = error_of(write(folder, replace_line("logo", "logo: art/cut.png")))
    assert ":7: logo: cut.png is not a readable PNG or JPEG image" in msg


def test_bad_website(folder: Path) -> None:
    path = write(folder, replace_line("website", "website: ftp://x"))
    assert error_of(path) == f"{path}:6: website: must be an http(s) address, got 'ftp://x'"


@pytest.mark.parametrize("url", ["clinic.example.org", "https://", "http://exa mple.org", "javascript:alert(1)"])
def test_website_needs_scheme_and_host(folder: Path, url: str) -> None:
    assert ":6: website: must be an http(s) address" in error_of(write(folder, replace_line("website",
                                                                                          f"website: '{url}'")))


def test_wait_hours_out_of_range(folder: Path) -> None:
    path = write(folder, replace_line("vaccination_wait_hours", "vaccination_wait_hours: 12"))
    assert error_of(path) == f"{path}:12: vaccination_wait_hours: must be between 24 and 72 hours, got 12"


def test_name_too_long_and_intro_too_long(folder: Path) -> None:
    text = replace_line("name", "name: " + "N" * 81).replace("intro: We run", "intro: " + "w" * 601 + " We run")
    msg = error_of(write(folder, text))
    assert ":1: name: must be at most 80 characters, got 81" in msg
    assert ":10: intro: must be at most 600 characters, got 644" in msg


def test_clinic_text_the_fonts_cannot_print_names_the_field(folder: Path) -> None:
    path = write(folder, replace_line("name", "name: 北京诊所"))
    assert error_of(path) == (f"{path}:1: name: has characters the handbook cannot print yet: '北京诊所' "
                              "(it prints Latin, Greek and Cyrillic letters)")


def test_missing_name(folder: Path) -> None:
    path = write(folder, replace_line("name", ""))
    assert error_of(path) == f"{path}:1: name: is required but missing"


@pytest.mark.parametrize(("line", "expected"), [
    ('phone: "call us"', ":5: phone: is not a plausible phone number"),
    ('phone: "0" ', ":5: phone: is not a plausible phone number"),
    ("phone: 0123456", ":5: phone: write the number in quotes"),
    ('phone: "+44 20 7946 0000 0000 0000 0000 0000"', ":5: phone: is not a plausible phone number"),
])
def test_implausible_phone_numbers(folder: Path, line: str, expected: str) -> None:
    assert expected in error_of(write(folder, replace_line("phone", line)))


def test_unknown_field_and_every_problem_reported(folder: Path) -> None:
    text = GOOD.replace("website: https://clinic.example.org/massage", "website: ftp://x") + "colour: teal\n"
    lines = error_of(write(folder, text)).splitlines()
    assert len(lines) == 2
    assert any(":6: website:" in line for line in lines)
    assert any(":13: colour: unknown field" in line for line in lines)


def test_unreadable_inputs(folder: Path) -> None:
    assert error_of(folder / "nope.yaml").endswith("nope.yaml: clinic file not found")
    assert "not valid YAML" in error_of(write(folder, "name: [\n"))
    assert "must be a mapping" in error_of(write(folder, "- a\n- b\n"))
