"""--content / --templates (and HANDBOOK_CONTENT / HANDBOOK_TEMPLATES): an editor builds from a copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from handbook import resources
from handbook.cli import cli
from tests.conftest import CONTENT, REPO, pdf_text, run_cli

BABY = ("--name", "Robin", "--birth-date", "2026-07-20", "--on", "2026-11-24")
CHECKLIST_HEADING = "Tick each one before you start"


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def content_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of content/ with one checklist heading reworded, as an editor would."""
    copy = tmp_path_factory.mktemp("edited") / "content"
    shutil.copytree(CONTENT, copy)
    path = copy / "checklist.yaml"
    path.write_text(path.read_text().replace(CHECKLIST_HEADING, "Check each one before you begin"))
    return copy


@pytest.fixture(scope="module")
def templates_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of templates/ whose A4 theme is 6 mm wider and whose checklist has another title."""
    copy = tmp_path_factory.mktemp("edited") / "templates"
    shutil.copytree(REPO / "templates", copy)
    a4 = copy / "themes" / "a4.yaml"
    assert "210, 297" in a4.read_text()
    a4.write_text(a4.read_text().replace("210, 297", "216, 297"))
    edition = copy / "editions" / "checklist.yaml"
    assert "title_key: edition_title_checklist" in edition.read_text()  # an editor's literal title wins over it
    own_title = edition.read_text().replace("title_key: edition_title_checklist", "title: Clinic copy checklist")
    edition.write_text(own_title)
    return copy


def test_build_reads_the_content_folder_given(content_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    result = run_cli("checklist", *BABY, "--content", content_copy, "-o", out)
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "Check each one before you begin" in text and CHECKLIST_HEADING not in text


def words(pdf: Path) -> str:
    """The PDF's text with its lines joined: a box title wraps in a column of the handbook's running text."""
    return " ".join(pdf_text(pdf).split())


@pytest.mark.parametrize("command", ["build", "checklist", "chart"])
def test_every_building_command_reads_HANDBOOK_CONTENT(content_copy: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / "x.pdf"
    result = invoke(command, *BABY, "-o", out, env={"HANDBOOK_CONTENT": str(content_copy)})
    assert result.exit_code == 0, result.output
    if command != "chart":  # the chart prints no checklist
        assert "Check each one before you begin" in words(out)


def test_batch_builds_from_the_content_folder_given(content_copy: Path, tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("name,birth_date\nRobin,2026-07-20\n")
    result = run_cli("batch", roster, "--on", "2026-11-24", "--jobs", "1", "--out-dir", tmp_path / "out",
                     "--content", content_copy)
    assert result.exit_code == 0, result.output
    [pdf] = (tmp_path / "out").glob("*.pdf")
    assert "Check each one before you begin" in words(pdf)


def test_templates_folder_gives_themes_and_editions(templates_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    result = run_cli("checklist", *BABY, "--paper", "a4", "--templates", templates_copy, "-o", out)
    assert result.exit_code == 0, result.output
    page = PdfReader(out).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 216  # the copy's wider "a4" theme
    assert "Clinic copy checklist" in pdf_text(out)
    again = tmp_path / "d.pdf"  # the shipped templates are untouched by the copy's (nothing cached across)
    assert run_cli("checklist", *BABY, "--paper", "a4", "-o", again).exit_code == 0
    assert round(float(PdfReader(again).pages[0].mediabox.width) / 72 * 25.4) == 210


def test_HANDBOOK_TEMPLATES_is_read(templates_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    result = invoke("checklist", *BABY, "-o", out, env={"HANDBOOK_TEMPLATES": str(templates_copy)})
    assert result.exit_code == 0, result.output
    assert "Clinic copy checklist" in pdf_text(out)


@pytest.mark.parametrize(("args", "env", "message"), [
    (("--content", "missing"), None, "handbook: --content missing: content folder not found"),
    (("--templates", "missing"), None, "handbook: --templates missing: templates folder not found"),
    ((), {"HANDBOOK_CONTENT": "missing"}, "handbook: HANDBOOK_CONTENT missing: content folder not found"),
    (("--content", "pyproject.toml"), None, "handbook: --content pyproject.toml: not a folder"),
])
def test_a_bad_folder_is_one_line_and_exit_2(args: tuple[str, ...], env: dict[str, str] | None, message: str,
                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = invoke("build", *BABY, *args, "-o", tmp_path / "x.pdf", env=env)
    assert result.exit_code == 2
    assert result.output.strip() == message
    assert not (tmp_path / "x.pdf").exists()


def test_a_folder_that_is_not_content_is_one_line(tmp_path: Path) -> None:
    result = run_cli("build", *BABY, "--content", REPO / "templates", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert result.output.strip() == (f"handbook: {REPO / 'templates'}: not a content folder "
                                     "(none of its files, such as settings.yaml, is there)")


def test_a_templates_folder_without_the_edition_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    result = run_cli("checklist", *BABY, "--templates", tmp_path / "templates", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    missing = tmp_path / "templates" / "editions" / "checklist.yaml"
    assert result.output.strip() == f"handbook: {missing}: edition 'checklist' not found"


def test_check_reads_HANDBOOK_CONTENT(tmp_path: Path) -> None:
    result = invoke("check", env={"HANDBOOK_CONTENT": str(tmp_path / "nothing")})
    assert result.exit_code == 2
    assert "content folder not found" in result.output


def test_a_checkout_reads_its_top_level_folders() -> None:
    """From source (and editable installs) the repository's content/ and templates/ are the ones read; a wheel
    carries copies inside the package (checked on a real wheel by .ci/package.sh)."""
    assert not (REPO / "handbook" / "_data").exists()
    assert resources.content_root() == CONTENT
    assert resources.templates_root() == REPO / "templates"
    assert resources.content_root("elsewhere") == Path("elsewhere")
