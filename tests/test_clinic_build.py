"""A clinic-branded handbook: logo and name on the cover, name and phone in every footer, QR on the back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.conftest import page_texts, run_cli

BABY = ("--name", "Robin", "--birth-date", "2026-07-20", "--on", "2026-11-24")
WEBSITE = "https://clinic.example.org/baby-massage"


def write_clinic(folder: Path, **extra: str) -> Path:
    Image.new("RGB", (120, 60), (40, 110, 120)).save(folder / "logo.png")
    fields = {
        "name": "Riverside <Baby> & Family Clinic",
        "address": "1 River Road\nTownsville",
        "phone": "01632 960000",
        "website": WEBSITE,
        "logo": "logo.png",
        "emergency_number": "112",
        "intro": "Welcome! We print {{ baby.name }} literally.",
    } | extra
    text = "".join(f"{k}: {v!r}\n" if "\n" not in v else f"{k}: |\n  " + v.replace("\n", "\n  ") + "\n"
                   for k, v in fields.items())
    path = folder / "clinic.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def clinic_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clinic")
    out = folder / "h.pdf"
    result = run_cli("build", *BABY, "--clinic", write_clinic(folder), "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_cover_has_clinic_name_logo_and_literal_intro(clinic_pdf: Path) -> None:
    reader = PdfReader(clinic_pdf)
    cover = reader.pages[0]
    text = cover.extract_text()
    assert "Riverside <Baby> & Family Clinic" in text
    assert "{{ baby.name }}" in text  # clinic text is never evaluated as a template
    images = cover.images
    assert len(images) == 1  # the logo


def test_every_footer_names_the_clinic_and_its_phone(clinic_pdf: Path) -> None:
    for text in page_texts(clinic_pdf)[1:]:
        assert "Riverside <Baby> & Family Clinic · 01632 960000" in text


def test_clinic_numbers_win_over_the_locale(clinic_pdf: Path) -> None:
    text = "\n".join(page_texts(clinic_pdf))
    assert "Call 112" in text
    assert "Call 999" not in text


def test_back_page_has_contact_and_a_qr_code_of_the_website(clinic_pdf: Path) -> None:
    last = page_texts(clinic_pdf)[-1]
    assert WEBSITE in last and "1 River Road" in last


def test_qr_code_decodes_to_the_website() -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from handbook.render.flowables import qr_drawing

    widget = qr_drawing(WEBSITE).qr
    widget.draw()  # builds the module matrix the PDF draws
    qr = widget.qr
    n, scale, quiet = qr.getModuleCount(), 8, 4
    img = Image.new("L", ((n + 2 * quiet) * scale,) * 2, 255)
    for r in range(n):
        for c in range(n):
            if qr.isDark(r, c):
                x, y = (c + quiet) * scale, (r + quiet) * scale
                img.paste(0, (x, y, x + scale, y + scale))
    decoded = zxingcpp.read_barcodes(img)
    assert [d.text for d in decoded] == [WEBSITE]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"logo": "missing.png"}, "logo"),
        ({"website": "ftp://example.org"}, "website"),
        ({"vaccination_wait_hours": "12"}, "vaccination_wait_hours"),
    ],
)
def test_bad_clinic_is_exit_2_naming_the_field(tmp_path: Path, extra: dict[str, str], field: str) -> None:
    clinic = write_clinic(tmp_path, **extra)
    if field == "vaccination_wait_hours":
        clinic.write_text(clinic.read_text().replace("'12'", "12"))
    out = tmp_path / "h.pdf"
    result = run_cli("build", *BABY, "--clinic", clinic, "-o", out)
    assert result.exit_code == 2
    assert field in result.output and "clinic.yaml:" in result.output
    assert not out.exists()


def test_longest_clinic_texts_keep_the_cover_on_one_page_and_the_footer_clear(tmp_path: Path) -> None:
    name = "Riverside Community Paediatric Physiotherapy and Family Wellbeing Centre Limited"[:80]
    intro = ("Welcome to our baby massage classes. " * 20)[:600].strip()
    out = tmp_path / "h.pdf"
    result = run_cli("build", *BABY, "--paper", "letter", "--clinic", write_clinic(tmp_path, name=name, intro=intro),
                     "-o", out)
    assert result.exit_code == 0, result.output
    texts = page_texts(out)
    cover = " ".join(texts[0].split())
    assert "Baby massage" in cover and intro[-40:] in cover  # the whole intro stays on the cover
    # the contents follows below the cover when it fits there (issue 13: no half-empty pages), else on page 2
    assert "Contents" in texts[0] + texts[1] and "Welcome" not in texts[1]
    assert len(PdfReader(out).pages) == len(texts)
    for number, text in enumerate(texts[1:], start=2):
        assert f"Page {number} of {len(texts)}" in text
        footer = next(line for line in text.splitlines() if line.startswith("Robin's massage handbook · "))
        # the name is shortened (no short_name given) so the phone number always prints whole
        assert footer.endswith("Riverside Community Paediatric… · 01632 960000"), footer
