"""The public API: `from handbook import build, check_content`, plain data in, PDF bytes out, no click."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import click
import pytest

import handbook
from handbook import ClinicError, HandbookError, ProfileError, build, check_content
from tests.conftest import CONTENT, REPO, pdf_text

ON = date(2026, 11, 24)
ROBIN = {"name": "Robin", "birth_date": "2026-07-20"}


@dataclasses.dataclass
class Profile:  # what a caller's own app might hold
    name: str
    birth_date: date
    due_date: date | None = None
    eczema: bool = False


def test_build_from_a_dict_gives_the_handbook() -> None:
    pdf = build(ROBIN, on=ON)
    text = pdf_text(pdf)
    assert pdf.startswith(b"%PDF") and "Robin" in text and "4 months" in text


def test_build_from_a_dataclass_equals_the_same_dict() -> None:
    baby = Profile("Robin", date(2026, 7, 20))
    assert build(baby, on=ON, edition="checklist") == build(ROBIN, on=ON, edition="checklist")


def test_options_reach_the_pdf() -> None:
    pdf = build(Profile("Sam", date(2026, 8, 1), due_date=date(2026, 10, 10)), on=ON, edition="chart",
                paper="Letter", lang="en-US", course_start=date(2026, 12, 1))
    text = pdf_text(pdf)
    assert "Sam" in text and "Dec" in text


def test_the_same_api_call_gives_the_cli_bytes(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    out = tmp_path / "c.pdf"
    assert run_cli("checklist", "--name", "Robin", "--birth-date", "2026-07-20", "--on", "2026-11-24",
                   "-o", out).exit_code == 0
    assert build(ROBIN, on=ON, edition="checklist") == out.read_bytes()


def test_a_clinic_from_a_dict_or_a_file_gives_the_same_pdf(tmp_path: Path) -> None:
    fields = {"name": "Riverside Family Clinic", "phone": "01632 960000", "website": "https://clinic.example.org"}
    clinic_file = tmp_path / "clinic.yaml"
    clinic_file.write_text("".join(f"{k}: {v}\n" for k, v in fields.items()))
    from_dict = build(ROBIN, on=ON, clinic=fields)
    assert "Riverside Family Clinic" in pdf_text(from_dict)
    assert from_dict == build(ROBIN, on=ON, clinic=clinic_file) == build(ROBIN, on=ON, clinic=str(clinic_file))


def test_the_date_is_required() -> None:
    with pytest.raises(TypeError):
        build(ROBIN)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"datetime\.date"):
        build(ROBIN, on="2026-11-24")  # type: ignore[arg-type]


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"baby": {"name": "Robin"}}, ProfileError, "birth_date: is required"),
    ({"baby": {**ROBIN, "colour": "red"}}, ProfileError, "unknown field 'colour'"),
    ({"baby": ROBIN, "clinic": {"phone": "01632 960000"}}, ClinicError, "clinic: name: is required but missing"),
    ({"baby": ROBIN, "paper": "a3"}, HandbookError, "paper size 'a3' is not supported"),
    ({"baby": ROBIN, "content_dir": "/nonexistent"}, HandbookError, "/nonexistent: content folder not found"),
])
def test_bad_input_raises_one_line_handbook_errors(kwargs: dict, error: type[HandbookError], message: str) -> None:
    with pytest.raises(error) as info:
        build(on=ON, **kwargs)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_the_error_family_does_not_depend_on_click() -> None:
    assert not issubclass(HandbookError, click.ClickException)
    code = "import sys, handbook.errors; print(sorted(m for m in sys.modules if m.split('.')[0] == 'click'))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_import_handbook_is_cheap() -> None:
    """Names load on first use: importing the package pulls in none of the heavy libraries."""
    code = ("import sys, handbook; heavy = {'click', 'pydantic', 'reportlab', 'jinja2', 'yaml', 'pypdf'}; "
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=REPO).stdout == "[]\n"


def test_check_content_reports_the_shipped_content_clean_and_a_broken_copy_not(tmp_path: Path) -> None:
    assert not check_content()
    broken = tmp_path / "content"
    broken.mkdir()
    (broken / "settings.yaml").write_text("nonsense: [\n")
    report = check_content(broken)
    assert report and any("settings.yaml" in e for e in report.errors)
    assert check_content(CONTENT).errors == []


def test_version_comes_from_the_metadata_written_once_in_pyproject() -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert handbook.__version__ == declared
    assert not re.search(r"__version__\s*=\s*['\"]", (REPO / "handbook" / "__init__.py").read_text())
    from tests.conftest import run_cli

    assert run_cli("--version").output.strip() == f"handbook, version {declared}"


def test_the_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text()
    api = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", api, re.S)
    assert code is not None, "the README's Python API section has no python code block"
    monkeypatch.chdir(tmp_path)
    exec(compile(code.group(1), "README.md", "exec"), {})
    assert "Robin" in pdf_text(tmp_path / "robin.pdf")
