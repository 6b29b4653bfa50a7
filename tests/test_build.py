"""`handbook build` end to end: the PDF's text, structure, metadata, fonts, and every bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import page_texts, pdf_text, run_cli

BASE = ("build", "--name", "Robin", "--birth-date", "2026-07-20", "--on", "2026-11-24")
SECTIONS = [
    "Before you start",
    "Your baby's stage",
    "Techniques",
    "Before every session",  # the cues are one box on the stage page (issue 13: each fact once)
    "Oils",
    "References",
    "Robin's tracking chart",  # the chart carries the baby's name and sits before the back cover (issue 13)
    "When to get help",  # the back cover (issue 13)
]


def outline_titles(reader: PdfReader) -> list[str]:
    out: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append(item.title)

    walk(reader.outline)
    return out


def test_sample_handbook_has_cover_contents_and_sections_in_order(built: Callable[..., Path]) -> None:
    reader = PdfReader(built(*BASE))
    first, second = page_texts(built(*BASE))[:2]
    assert "Robin" in first and "4 months" in first and "24 November 2026" in first
    assert "Contents" in first  # under the cover (issue 13: no half-empty pages); the routine card is page 2
    assert "Today's routine" in second
    titles = outline_titles(reader)
    positions = [next(i for i, t in enumerate(titles) if t.startswith(s)) for s in SECTIONS]
    assert positions == sorted(positions), titles
    assert len(reader.pages) >= 12


def test_footer_says_page_x_of_y_on_every_page_after_the_cover(built: Callable[..., Path]) -> None:
    texts = page_texts(built(*BASE))
    total = len(texts)
    for number, text in enumerate(texts[1:], start=2):
        assert f"Page {number} of {total}" in text
    assert "Page 1 of" not in texts[0]


def test_contents_lists_sections_with_their_page_numbers(built: Callable[..., Path]) -> None:
    reader = PdfReader(built(*BASE))
    toc = reader.pages[0].extract_text(extraction_mode="layout")  # keeps each title on the line of its number
    for dest in reader.outline:
        if isinstance(dest, list):
            continue
        page = reader.get_destination_page_number(dest) + 1
        assert dest.title in toc
        line = next(line for line in toc.splitlines() if dest.title in line and line.rstrip()[-1:].isdigit())
        assert line.rstrip().endswith(str(page)), line


def test_metadata(built: Callable[..., Path]) -> None:
    reader = PdfReader(built(*BASE))
    meta = reader.metadata
    assert "Robin" in meta.title
    assert meta.author and meta.subject and "4 months" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.3, 841.9)), ("letter", (612.0, 792.0))])
def test_paper_sizes(built: Callable[..., Path], paper: str, size: tuple[float, float]) -> None:
    reader = PdfReader(built(*BASE, "--paper", paper))
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == size


def test_us_locale_defaults_to_letter_and_us_numbers(built: Callable[..., Path]) -> None:
    path = built(*BASE, "--lang", "en-US")
    box = PdfReader(path).pages[0].mediabox
    assert round(float(box.width)) == 612
    text = pdf_text(path)
    assert "911" in text and "November 24, 2026" in text


def fonts_in(path: Path) -> dict[str, bool]:
    """BaseFont name → embedded? for every font any page uses."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            embedded = bool(desc) and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def test_every_font_is_embedded_and_no_base14_font_is_used(built: Callable[..., Path]) -> None:
    fonts = fonts_in(built(*BASE))
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
    assert all("DejaVu" in name for name in fonts), fonts


@pytest.mark.parametrize("name", ["Zoë-Łucja Šťastná", "Алёша", "Ελένη", "Siân O'Brien"])
def test_names_in_other_scripts_print_exactly(built: Callable[..., Path], name: str) -> None:
    path = built("build", "--name", name, "--birth-date", "2026-07-20", "--on", "2026-11-24")
    assert name in PdfReader(path).pages[0].extract_text()


def test_markup_in_a_name_prints_as_typed(built: Callable[..., Path]) -> None:
    name = 'Bo <b>&amp; "Al" </para>'
    path = built("build", "--name", name, "--birth-date", "2026-07-20", "--on", "2026-11-24")
    assert name in PdfReader(path).pages[0].extract_text()


def test_same_inputs_give_identical_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run_cli(*BASE, "-o", a).exit_code == 0
    assert run_cli(*BASE, "-o", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_source_date_epoch_sets_the_default_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    out = tmp_path / "h.pdf"
    result = run_cli("checklist", "--name", "Robin", "--birth-date", "2026-07-20", "-o", out)
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert reader.metadata.creation_date.date().isoformat() == "2026-11-23"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--name", "Robin", "--birth-date", "2026-13-01"), "2026-13-01"),
        (("--name", "Robin", "--birth-date", "2026-02-30"), "not a real date"),
        (("--name", "Robin", "--birth-date", "20/07/2026"), "YYYY-MM-DD"),
        (("--name", "Robin", "--birth-date", "2026-12-01", "--on", "2026-11-24"), "after the handbook date"),
        (("--name", "Robin", "--birth-date", "2026-07-20", "--paper", "a5"), "a5"),
        (("--name", "Robin", "--birth-date", "2026-07-20", "--lang", "xx"), "language 'xx'"),
        (("--name", "Robin", "--birth-date", "2023-01-01", "--on", "2026-11-24"), "up to 2 years"),
        (("--birth-date", "2026-07-20"), "name"),
        (("--name", "Robin"), "birth"),
    ],
)
def test_bad_input_is_exit_2_with_one_clear_line_and_no_file(tmp_path: Path, args: tuple, message: str) -> None:
    out = tmp_path / "h.pdf"
    result = run_cli("build", *args, "-o", out)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_unreadable_profile_is_exit_2(tmp_path: Path) -> None:
    result = run_cli("build", "--profile", tmp_path / "missing.yaml", "-o", tmp_path / "h.pdf")
    assert result.exit_code == 2
    assert "missing.yaml" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [Robin\n", encoding="utf-8")
    result = run_cli("build", "--profile", bad, "-o", tmp_path / "h.pdf")
    assert result.exit_code == 2
    assert "bad.yaml:" in result.output


def test_unwritable_output_path_is_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli(*BASE, "-o", blocker / "h.pdf")
    assert result.exit_code == 2
    assert "cannot write" in result.output


def test_failed_build_leaves_an_existing_file_intact(tmp_path: Path) -> None:
    out = tmp_path / "h.pdf"
    out.write_bytes(b"old handbook")
    result = run_cli("build", "--name", "Robin", "--birth-date", "2027-01-01", "--on", "2026-11-24", "-o", out)
    assert result.exit_code == 2
    assert out.read_bytes() == b"old handbook"
    assert [p.name for p in tmp_path.iterdir()] == ["h.pdf"]


def test_help_lists_commands_and_examples() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    for command in ("build", "checklist", "chart", "batch", "check"):
        assert command in result.output
    assert "Examples" in result.output
