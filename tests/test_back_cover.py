"""The back cover is "When to get help" for this baby's age (issue 13): three levels with symbols, the
emergency number of the locale or clinic, lines to write the family's own doctor; the front points to it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import page_texts, run_cli
from tests.safety_lines import plain
from tests.test_clinic_build import write_clinic

BABY = ("build", "--name", "Robin", "--birth-date", "2026-08-01", "--on", "2026-12-01")
NEWBORN = ("build", "--name", "Sam", "--birth-date", "2026-11-20", "--on", "2026-12-01")
LEVELS = ("⚠ Get help now", "! Same day", "ℹ Watch")  # the box level's symbol, then its words


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("args", "number", "write_in"),
    [
        ((*BABY,), "999", "My GP / health visitor / clinic:"),
        ((*BABY, "--lang", "en-US"), "911", "My baby's doctor / clinic:"),
        ((*NEWBORN, "--lang", "en-US", "--paper", "letter"), "911", "My baby's doctor / clinic:"),
    ],
)
def test_last_page_is_the_help_panel_with_the_emergency_number(
    built: Callable[..., Path], args: tuple[str, ...], number: str, write_in: str
) -> None:
    pages = page_texts(built(*args))
    last = _flat(pages[-1])
    assert f"Emergency: {number}" in last
    assert write_in in last and "Phone:" in last
    panel = _flat(" ".join(pages[-2:]))
    assert "When to get help" in panel and f"Call {number} now" in panel
    assert all(level in panel for level in LEVELS)  # a symbol and words for every level, not colour alone


def test_the_panel_is_printed_once_and_the_front_points_to_it(built: Callable[..., Path]) -> None:
    pages = [_flat(p) for p in page_texts(built(*BABY))]
    assert "see the back page" in pages[0]
    assert " ".join(pages).count("When to get help Emergency: 999") == 1  # one panel, on the back cover
    assert sum("A rash that does not fade when you press a glass" in p for p in pages) >= 1
    assert "When to call a doctor" not in " ".join(pages)  # the old middle section is gone


def test_clinic_back_cover_has_its_block_above_the_panel_and_its_own_number(tmp_path: Path,
                                                                           built: Callable[..., Path]) -> None:
    clinic = write_clinic(tmp_path)
    last = _flat(page_texts(built(*BABY, "--clinic", str(clinic)))[-1])
    assert "Riverside <Baby> & Family Clinic" in last and "1 River Road" in last
    assert last.index("1 River Road") < last.index("When to get help")
    assert "Emergency: 112" in last and "Call 112 now" in last
    assert "999" not in last


@pytest.mark.parametrize(("lang", "title", "phone"), [("ru", "Когда нужна помощь", "Телефон:"),
                                                      ("es", "Cuándo pedir ayuda", "Teléfono:")])
def test_a_translated_clinic_back_cover_keeps_its_block_and_panel_on_one_page(
        tmp_path: Path, built: Callable[..., Path], lang: str, title: str, phone: str) -> None:
    """Russian and Spanish run a third longer: the clinic's block (with its leaflet details), the emergency
    panel and every level still share the back cover."""
    clinic = write_clinic(tmp_path, short_name="Riverside Clinic", leaflet_code="RFC-HV-017",
                          leaflet_version="2.1", review_date="2027-12-01")
    pages = [_flat(p) for p in page_texts(built(*BABY, "--lang", lang, "--clinic", str(clinic)))]
    last = pages[-1]
    assert "1 River Road" in last and "RFC-HV-017" in last  # the clinic's block
    assert last.index("1 River Road") < last.index(title) < last.rindex(phone)  # block above the panel, write-in last
    assert "112" in last and "⚠" in last and "ℹ" in last
    assert title not in pages[-2]


# The tightest back covers (issue 13): a newborn's longer levels ("Under 3 months old", jaundice, the cord), the
# clinic's block with its logo, code and leaflet details, the longest translations, Letter's shorter page and a
# name as long as a profile allows; a preterm newborn adds the line on ages from birth.
SAMPLE_CLINIC = Path(__file__).parents[1] / "content" / "samples" / "sample-clinic.yaml"
LONGEST_NAME = "Maximiliana Alexandrovna Konstantinopoulou Smythe Fernandez de la Cruz Ivanovich"  # NAME_MAX long
TIGHT = [  # (language, paper, birth date, due date or "")
    ("ru", "letter", "2026-11-10", ""),
    ("es-ES", "letter", "2026-11-10", "2026-12-20"),
    ("es-US", "letter", "2026-11-10", ""),
    ("en-GB", "letter", "2026-11-10", "2026-12-20"),
    ("ru", "a4", "2026-11-10", "2026-12-20"),
]


def _letters(text: str) -> str:
    """Letters and digits only: a line is found however the page broke or hyphenated it."""
    return re.sub(r"[\W_]", "", text.replace("\u00ad", "")).lower()


@pytest.mark.parametrize(("lang", "paper", "born", "due"), TIGHT)
def test_the_whole_help_panel_is_on_the_last_page_in_the_tightest_editions(
        tmp_path: Path, lang: str, paper: str, born: str, due: str) -> None:
    from handbook.cache import BuildCache
    from handbook.compose.text import fill, visible
    from handbook.inputs.clinic import load_clinic
    from handbook.inputs.profile import NAME_MAX, Baby
    from handbook.pipeline import BuildRequest, _prepare, cannot_print

    assert len(LONGEST_NAME) == NAME_MAX
    out = tmp_path / "h.pdf"
    due_args = ("--due-date", due) if due else ()
    result = run_cli("build", "--name", LONGEST_NAME, "--birth-date", born, *due_args, "--on", "2026-11-24",
                     "--lang", lang, "--paper", paper, "--clinic", str(SAMPLE_CLINIC), "-o", out)
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    heads = [o for o in reader.outline if not isinstance(o, list)]
    assert reader.get_destination_page_number(heads[-1]) == len(reader.pages) - 1  # the panel starts the last page
    last = _letters(reader.pages[-1].extract_text())
    baby = Baby(name=LONGEST_NAME, birth_date=date.fromisoformat(born),
                due_date=date.fromisoformat(due) if due else None)
    clinic = load_clinic(SAMPLE_CLINIC, printable=cannot_print)
    ctx, content = _prepare(BuildRequest(baby=baby, on=date(2026, 11, 24), lang=lang, clinic=clinic), BuildCache())
    lines = [plain(fill(ctx, i.text)) for blk in content.red_flags.blocks for i in visible(ctx, blk.items)]
    assert len(lines) > 15  # a newborn's levels, fever lines and all
    missing = [line for line in lines if _letters(line) not in last]
    assert not missing  # every line of every level on the back cover, none run on past it
    assert _letters(str(ctx.locale.strings["help_write_in"])) in last  # the lines to write in, which close it
    assert _letters(ctx.text_vars["phone"]["emergency"]) in last
    assert _letters(heads[-1].title) in last
