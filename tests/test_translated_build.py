"""Issue 14: a ready translated locale prints its catalogue's text, with the facts of the one YAML tree.

The fixture is a copy of the content in which ru-RU and es-US are "ready": every msgstr is its English (a
stand-in that keeps placeholders and markup) except a few filled with real Russian or Spanish, so the tests can
see which text a build printed. The real catalogues are never touched.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from handbook.cache import BuildCache
from handbook.inputs.profile import Baby
from handbook.pipeline import BuildRequest, build_html
from tests.conftest import CONTENT, pdf_text, run_cli
from tests.po_edit import edit_po

NAME = "Алёна Núñez"  # Cyrillic and Latin with diacritics, in one name
LONG = "достопримечательность"  # a word no line can hold whole in a narrow column: ru_RU hyphenation breaks it
RU = {
    "before_you_start:title": "Перед началом",
    "locale:strings.cover_help": "Когда звать на помощь: см. последнюю страницу.",
    "cues:intro.0.text": "Малыш спит. " + " ".join([LONG] * 14) + ".",
}
ES = {"locale:strings.cover_help": "Cuándo pedir ayuda: vea la última página."}


def _fill(po: Path, code: str, own: dict[str, str]) -> None:
    edit_po(po, code, lambda m: own.get(str(m.context), str(m.id)))


def _set(po: Path, code: str, context: str, text: str) -> None:
    with po.open("rb") as f:
        assert any(m.context == context for m in read_po(f)), context
    edit_po(po, code, lambda m: text if m.context == context else None)


@pytest.fixture(scope="module")
def ready(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("translated") / "content"
    shutil.copytree(CONTENT, root)
    for code, own in (("ru-RU", RU), ("es-US", ES), ("es-ES", ES)):
        loc = root / "locales" / f"{code}.yaml"
        loc.write_text(loc.read_text(encoding="utf-8").replace("status: draft", "status: ready"), encoding="utf-8")
        result = run_cli("translations", "update", root, "--lang", code)
        assert result.exit_code == 0, result.output
        _fill(root / "locales" / f"{code}.po", code, own)
    return root


def _own_string(locale_file: Path, key: str, text: str) -> None:
    """Give the locale file its own `strings:` entry (which wins over the catalogue)."""
    src = locale_file.read_text(encoding="utf-8")
    assert re.search(r"^strings:\n", src, re.M)
    locale_file.write_text(re.sub(r"^strings:\n", f"strings:\n  {key}: {text}\n", src, count=1, flags=re.M),
                           encoding="utf-8")


def _copy(ready: Path, tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(ready, root)
    return root


@pytest.fixture(scope="module")
def ru_pdf(ready: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ru") / "ru.pdf"
    result = run_cli("build", "--content", ready, "--name", NAME, "--birth-date", "2026-07-20",
                     "--on", "2026-11-24", "--lang", "ru", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_the_russian_build_prints_the_catalogue_for_content_and_locale_strings(ru_pdf: Path) -> None:
    text = pdf_text(ru_pdf)
    assert "Перед началом" in text and "Before you start" not in text  # a content file's msgstr
    assert RU["locale:strings.cover_help"] in text and "see the back page" not in text  # a locale string's
    assert "Перевод ещё не проверен врачом" in text  # the colophon line (ru-RU.yaml's own, which wins)
    assert re.search("Made on 24 ноября 2026[ \u202f]г\\.", text)  # CLDR date
    assert f"{NAME} (4 месяца)" in text  # CLDR plural category "few", the word from ru-RU.yaml
    assert "Call 112" in text and "call 103" in text and "999" not in text  # ru-RU.yaml's numbers


def test_the_russian_pdf_has_its_lang_and_the_name_in_metadata_and_cyrillic_bookmarks(ru_pdf: Path) -> None:
    reader = PdfReader(ru_pdf)
    assert reader.trailer["/Root"]["/Lang"] == "ru-RU"
    assert reader.metadata is not None and NAME in str(reader.metadata.title)
    xmp = reader.xmp_metadata
    assert xmp is not None and NAME in xmp.dc_title["x-default"]
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Перед началом" in titles  # the bookmark prints the translated heading


def test_russian_body_text_is_hyphenated_by_the_locale_dictionary(ru_pdf: Path) -> None:
    lines = pdf_text(ru_pdf).splitlines()
    broken = [line for line in lines if re.search(r"достоп\w*-$", line.strip())]
    assert broken, [line for line in lines if "достоп" in line][:3]  # pyphen's ru_RU split it at a line end


def test_es_us_prints_on_letter_with_911_and_its_own_catalogue(ready: Path, tmp_path: Path) -> None:
    out = tmp_path / "es.pdf"
    result = run_cli("build", "--content", ready, "--name", NAME, "--birth-date", "2026-07-20",
                     "--on", "2026-11-24", "--lang", "es-US", "-o", out)
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter
    assert reader.trailer["/Root"]["/Lang"] == "es-US"
    text = pdf_text(out)
    assert "911" in text and "1-800-222-1222" in text and "999" not in text
    assert ES["locale:strings.cover_help"] in text and "see the back page" not in text
    assert re.search(r"24 de noviembre de 2026", text)
    words = " ".join(re.sub(r"-\n", "", text).split())  # the note may be hyphenated at a line end
    assert "cuya lengua materna sea el español" in words and "Перевод" not in text  # es-US's own note


def test_an_untranslated_safety_string_stops_the_build_naming_file_and_line(ready: Path, tmp_path: Path) -> None:
    root = _copy(ready, tmp_path)
    red = (root / "red_flags.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(red, 1) if text.strip().startswith("- text:"))
    with (root / "locales" / "ru-RU.po").open("rb") as f:
        context = next(str(m.context) for m in read_po(f, locale="ru_RU")
                       if m.locations and m.locations[0][1] == line and str(m.context).startswith("red_flags:"))
    _set(root / "locales" / "ru-RU.po", "ru-RU", context, "")
    out = tmp_path / "x.pdf"
    result = run_cli("build", "--content", root, "--profile", CONTENT / "samples" / "sample-profile.yaml",
                     "--lang", "ru", "-o", out)
    assert result.exit_code == 2
    assert (f"content/red_flags.yaml:{line}: {context}: the ru-RU translation of this safety string is missing"
            in result.output), result.output
    assert "Traceback" not in result.output and not out.exists()
    assert run_cli("check", root).exit_code == 2  # check refuses the same content


def test_a_missing_ordinary_string_is_an_error_too_never_english(ready: Path, tmp_path: Path) -> None:
    root = _copy(ready, tmp_path)
    _set(root / "locales" / "ru-RU.po", "ru-RU", "cues:title", " ")  # blank counts as missing, not as text
    check = run_cli("check", root)
    assert check.exit_code == 2
    assert "cues:title: the ru-RU translation of this string is missing" in check.output
    build = run_cli("build", "--content", root, "--profile", CONTENT / "samples" / "sample-profile.yaml",
                    "--lang", "ru", "--format", "html", "-o", tmp_path / "x.html")
    assert build.exit_code == 2 and "cues:title: the ru-RU translation of this string is missing" in build.output


def _html(root: Path, cache: BuildCache | None = None, lang: str = "ru") -> str:
    baby = Baby(name=NAME, birth_date=date(2026, 7, 20))
    return build_html(BuildRequest(baby=baby, on=date(2026, 11, 24), lang=lang, content_dir=root), cache)


def test_es_es_html_twin_has_its_lang_date_number_and_catalogue(ready: Path) -> None:
    page = _html(ready, lang="es")
    assert '<html lang="es-ES">' in page
    assert ES["locale:strings.cover_help"] in page and "see the back page" not in page
    assert "24 de noviembre de 2026" in page and "Call 112" in page and "Call 999" not in page


def test_a_stale_ordinary_string_warns_and_prints_the_older_translation(ready: Path, tmp_path: Path) -> None:
    root = _copy(ready, tmp_path)
    path = root / "before_you_start.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Before you start", "title: Before you begin"),
                    encoding="utf-8")
    assert run_cli("translations", "update", root, "--lang", "ru-RU").exit_code == 0
    check = run_cli("check", root)
    assert check.exit_code == 0, check.output
    assert "before_you_start:title: the ru-RU translation of this string is stale" in check.output
    page = _html(root)
    assert '<html lang="ru-RU">' in page and "Перед началом" in page and "Before you begin" not in page


def test_the_cache_sees_an_edited_catalogue_and_the_locale_file_wins(ready: Path, tmp_path: Path) -> None:
    root = _copy(ready, tmp_path)
    cache = BuildCache()
    assert "Перед началом" in _html(root, cache)
    _set(root / "locales" / "ru-RU.po", "ru-RU", "before_you_start:title", "Прежде всего")
    assert "Прежде всего" in _html(root, cache)  # the .po is part of the content's fingerprint
    loc = root / "locales" / "ru-RU.yaml"
    _own_string(loc, "cover_help", "Помощь — на последней странице.")
    page = _html(root, cache)
    assert "Помощь — на последней странице." in page and RU["locale:strings.cover_help"] not in page


def test_a_claim_in_the_locale_files_own_strings_stops_check_and_build(ready: Path, tmp_path: Path) -> None:
    root = _copy(ready, tmp_path)
    loc = root / "locales" / "ru-RU.yaml"
    _own_string(loc, "cover_help", "Массаж лечит колики.")
    check = run_cli("check", root)
    assert check.exit_code == 2
    assert re.search(r"content/locales/ru-RU\.yaml:\d+: strings\.cover_help: 'лечит' sounds like a medical claim",
                     check.output), check.output
    build = run_cli("build", "--content", root, "--profile", CONTENT / "samples" / "sample-profile.yaml",
                    "--lang", "ru", "--format", "html", "-o", tmp_path / "x.html")
    assert build.exit_code == 2 and "'лечит' sounds like a medical claim" in build.output


def test_the_printed_russian_text_is_read_for_russian_claim_words(ready: Path) -> None:
    from handbook.compose import blocks as b
    from handbook.content.loader import load_located
    from handbook.pipeline import prepare
    from handbook.safety.printed import printed_problems

    baby = Baby(name=NAME, birth_date=date(2026, 7, 20))
    ctx = prepare(BuildRequest(baby=baby, on=date(2026, 11, 24), lang="ru", content_dir=ready), BuildCache())
    doc = b.Document("t", "s", "a", "ru-RU", "f", blocks=(b.Para(f"Массаж {NAME} лечит колики."),))
    problems = printed_problems(doc, ctx, load_located(ready))
    assert any("printed in Para: 'лечит' sounds like a medical claim" in p for p in problems), problems
    english = prepare(BuildRequest(baby=baby, on=date(2026, 11, 24), lang="en-GB", content_dir=ready), BuildCache())
    assert not printed_problems(doc, english, load_located(ready))  # English editions keep R13's own words


def test_a_string_the_locale_file_gives_needs_no_catalogue_message(ready: Path, tmp_path: Path) -> None:
    root = _copy(ready, tmp_path)
    _set(root / "locales" / "ru-RU.po", "ru-RU", "locale:strings.cover_help", "")
    assert run_cli("check", root).exit_code == 2  # missing in the catalogue…
    _own_string(root / "locales" / "ru-RU.yaml", "cover_help", "Помощь — на последней странице.")
    check = run_cli("check", root)
    assert check.exit_code == 0, check.output  # …but ru-RU.yaml gives it, and that is what prints
