"""The clinic edition: a short name in footers so the phone number always fits, the clinic block (logo, phone,
website code, address) and leaflet details on the back cover, and a contents page listing every section."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from handbook.inputs.clinic import SHORT_NAME_MAX, shorten
from tests.conftest import page_texts, run_cli
from tests.test_clinic_build import write_clinic

BABY = ("build", "--name", "Robin", "--birth-date", "2026-08-01", "--on", "2026-12-01")
LONG_NAME = "The Royal Borough of Riverside Community Children's Health and Family Centre"
LEAFLET = {"leaflet_code": "RFC-HV-017", "leaflet_version": "2.1", "review_date": "2027-12-01"}


def _build(folder: Path, *args: str, **fields: str) -> Path:
    out = folder / "h.pdf"
    result = run_cli(*BABY, *args, "--clinic", write_clinic(folder, **fields), "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def long_named(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("long"), "--paper", "letter", name=LONG_NAME, phone="+44 1632 960000")


@pytest.fixture(scope="module")
def short_named(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("short"), short_name="Riverside Clinic", **LEAFLET)


def _footer_boxes(path: Path, needle: str) -> list[tuple[float, float, float]]:
    """(right edge of `needle`, left edge of "Page", page width) on each page that has a footer."""
    doc = pdfium.PdfDocument(str(path))
    out = []
    for page in doc:
        width = page.get_width()
        text = page.get_textpage()
        found = text.search(needle, match_case=True)
        hit = found.get_next()
        page_hit = text.search("Page ", match_case=True).get_next()
        if hit is None or page_hit is None:
            continue
        first, count = hit
        right = max(text.get_charbox(i)[2] for i in range(first, first + count))
        page_left = text.get_charbox(page_hit[0])[0]
        out.append((right, page_left, width))
    return out


def test_a_long_clinic_name_is_shortened_and_the_phone_fits_every_footer(long_named: Path) -> None:
    texts = page_texts(long_named)
    footed = [t for t in texts[1:]]  # the cover has no footer
    short = shorten(LONG_NAME, SHORT_NAME_MAX)
    assert short.endswith("…") and len(short) <= SHORT_NAME_MAX
    for text in footed:
        assert f"{short} · +44 1632 960000" in text
    boxes = _footer_boxes(long_named, "+44 1632 960000")
    assert len(boxes) == len(footed)
    for right, page_left, width in boxes:
        assert right < page_left - 3  # the number ends before "Page 3 of 20" starts
        assert right < width


def test_the_short_name_is_used_in_footers(short_named: Path) -> None:
    texts = page_texts(short_named)
    assert all("Riverside Clinic · 01632 960000" in t for t in texts[1:])
    assert texts[0].count("Riverside <Baby> & Family Clinic")  # the cover keeps the full name
    assert "Riverside <Baby> & Family Clinic" in texts[-1]  # and so does the back cover


def test_back_cover_has_the_clinic_block_and_leaflet_details(short_named: Path) -> None:
    last = " ".join(page_texts(short_named)[-1].split())
    block = last[: last.index("When to get help")]  # above the help panel
    for part in ("Riverside <Baby> & Family Clinic", "1 River Road", "Phone: 01632 960000", "clinic.example.org",
                 "Leaflet RFC-HV-017", "Version 2.1", "Review by 1 December 2027",
                 "Other languages and formats: ask at the desk."):
        assert part in block, part
    page = PdfReader(short_named).pages[-1]
    names = [str(n) for n in page["/Resources"]["/XObject"]]
    assert names  # the logo is drawn on the back cover


def test_without_leaflet_details_only_the_formats_line_prints(long_named: Path) -> None:
    last = " ".join(page_texts(long_named)[-1].split())  # the back cover: block and panel on one page
    assert "When to get help" in last and "Phone:" in last
    assert "Other languages and formats: ask at the desk." in last
    assert "Leaflet" not in last and "Review by" not in last


@pytest.mark.parametrize(("value", "line"), [("2027-02-30", 2), ("next spring", 2), ("2027-13-01", 2)])
def test_a_review_date_that_is_not_a_real_date_is_one_clear_line(tmp_path: Path, value: str, line: int) -> None:
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(f"name: Riverside Clinic\nreview_date: {value}\nphone: '01632 960000'\n", encoding="utf-8")
    result = run_cli(*BABY, "--clinic", clinic, "-o", tmp_path / "h.pdf")
    assert result.exit_code == 2
    message = result.output.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert f"clinic.yaml:{line}: review_date:" in message and "real date" in message


def test_the_contents_lists_every_section(short_named: Path) -> None:
    reader = PdfReader(short_named)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    contents = " ".join(" ".join(t.split()) for t in page_texts(short_named)[0:3])  # under the cover, or after it
    assert "When to get help" in outline
    for title in outline:
        assert title in contents, title


def test_the_back_cover_qr_code_is_at_least_2_cm_with_its_quiet_zone() -> None:
    from reportlab.lib.units import mm

    from handbook.render.flowables import QR_COMPACT, QR_QUIET_MODULES, qr_drawing

    url = "https://clinic.example.org/baby-massage/" + "x" * 60  # a long address: more, smaller modules
    drawing = qr_drawing(url, QR_COMPACT)
    widget = drawing.contents[0]
    modules = widget.qr.getModuleCount()
    scale = drawing.transform[0]
    side = (modules + 2 * QR_QUIET_MODULES) * (widget.barWidth / (modules + 2 * widget.barBorder)) * scale
    assert widget.barBorder >= 4
    assert side == pytest.approx(QR_COMPACT, rel=0.02)
    code = modules * (widget.barWidth / (modules + 2 * widget.barBorder)) * scale  # the dark part
    assert code >= 20 * mm
