"""Issue 14 infrastructure: CLDR formatting through Babel, the draft locales, and the stale-translation rule.

The stale rule is proved on copies of the real content in which ru-RU is made "ready" with a catalogue whose
every msgstr is filled (with the English, since the real translation does not exist yet): then one English
string is changed, and `check` and `build --lang ru` must react as the rule says.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from pypdf import PdfReader

from handbook import i18n
from handbook.content.loader import load_located
from handbook.personalise.age import age_on
from tests.conftest import CONTENT, pdf_text, run_cli
from tests.po_edit import edit_po

PROFILE = CONTENT / "samples" / "sample-profile.yaml"


def _locales() -> dict:
    return load_located(None).content.locales


def test_babel_formats_dates_numbers_and_lists_per_locale() -> None:
    d = date(2026, 11, 24)
    assert i18n.format_date(d, "en-GB") == "24 November 2026"
    assert i18n.format_date(d, "en-US") == "November 24, 2026"
    assert i18n.format_date(d, "ru-RU") == "24 ноября 2026\u202fг."
    assert i18n.format_date(d, "es-ES") == "24 de noviembre de 2026"
    assert i18n.format_short_date(date(2027, 2, 3), "en-GB") == "Wed 3 Feb"
    assert i18n.format_number(38.5, "ru-RU") == "38,5"
    assert i18n.format_number(38.5, "es-ES") == "38,5"
    assert i18n.format_number(38.5, "en-US") == "38.5"
    ru = _locales()["ru-RU"]
    assert i18n.format_list(i18n.weekday_names([0, 2, 4], ru), ru.code) == "понедельник, среда и пятница"


def test_russian_plural_forms_come_from_cldr_and_the_locale_file() -> None:
    ru = _locales()["ru-RU"]
    assert [i18n.plural_phrase(ru, "age_weeks", n) for n in (21, 22, 25)] == ["21 неделя", "22 недели", "25 недель"]
    assert i18n.age_text(age_on(date(2026, 7, 20), date(2026, 11, 24)), ru) == "4 месяца"
    es = _locales()["es-ES"]
    assert i18n.age_text(age_on(date(2026, 11, 23), date(2026, 11, 24)), es) == "1 día"
    en = _locales()["en-GB"]
    assert i18n.age_old(age_on(date(2026, 11, 14), date(2026, 11, 24)), en) == "10 days old"


def test_a_missing_plural_key_is_an_error_not_an_english_fallback() -> None:
    ru = _locales()["ru-RU"].model_copy(update={"plurals": {}})
    with pytest.raises(i18n.MissingPhrase, match=r"ru-RU: plurals\.age_weeks is missing"):
        i18n.plural_phrase(ru, "age_weeks", 3)


@pytest.mark.parametrize(("lang", "message"), [
    ("ru", "the Russian handbook is not translated yet (locale ru-RU is a draft)"),
    ("es", "the Spanish (Spain) handbook is not translated yet (locale es-ES is a draft)"),
    ("es-US", "the Spanish (United States) handbook is not translated yet (locale es-US is a draft)"),
])
def test_draft_locales_are_refused_with_one_line(lang: str, message: str, tmp_path: Path) -> None:
    root = tmp_path / "content"  # every shipped locale is ready: a copy puts them back to draft
    shutil.copytree(CONTENT, root)
    for loc in (root / "locales").glob("*.yaml"):
        loc.write_text(loc.read_text(encoding="utf-8").replace("status: ready", "status: draft")
                       if not loc.name.startswith("en-") else loc.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("build", "--content", root, "--profile", PROFILE, "--lang", lang, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"handbook: {message}"]
    assert not (tmp_path / "x.pdf").exists()


# --- a ready ru-RU on a copy of the content --------------------------------------------------------------

def _translate_everything(po: Path) -> None:
    """Fill every msgstr with its msgid: a stand-in translation that keeps placeholders and markup."""
    edit_po(po, "ru-RU", lambda m: str(m.id))


@pytest.fixture(scope="module")
def ready_ru(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ru") / "content"
    shutil.copytree(CONTENT, root)
    loc = root / "locales" / "ru-RU.yaml"
    loc.write_text(loc.read_text(encoding="utf-8").replace("status: draft", "status: ready"), encoding="utf-8")
    _stand_in_strings(loc)
    result = run_cli("translations", "update", root, "--lang", "ru-RU")
    assert result.exit_code == 0, result.output
    _translate_everything(root / "locales" / "ru-RU.po")
    return root


def _stand_in_strings(loc: Path) -> None:
    """The English locale strings as ru-RU's own (a stand-in, like the catalogue's): a ready locale has every
    string the code prints, or the build stops naming the key (issue 14, no English fallback)."""
    import yaml

    english = yaml.safe_load((loc.parent / "en-GB.yaml").read_text(encoding="utf-8"))["strings"]
    data = yaml.safe_load(loc.read_text(encoding="utf-8"))
    data["strings"] = {**english, **(data.get("strings") or {})}
    loc.write_text(yaml.safe_dump(data, allow_unicode=True, width=1000), encoding="utf-8")


def _copy(ready: Path, tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(ready, root)
    return root


def _change_line(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_a_ready_russian_build_prints_cldr_dates_the_locale_numbers_and_lang(ready_ru: Path, tmp_path: Path) -> None:
    out = tmp_path / "ru.pdf"
    result = run_cli("build", "--content", ready_ru, "--profile", PROFILE, "--on", "2026-11-24", "--lang", "ru",
                     "-o", out)
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert re.search("Made on 24 ноября 2026[ \u202f]г\\.", text), text[:300]  # CLDR's narrow no-break space
    assert "Call 112" in text  # the emergency number from ru-RU.yaml (the words are still the English stand-in)
    assert "999" not in text
    assert PdfReader(out).trailer["/Root"]["/Lang"] == "ru-RU"


def test_a_stale_safety_translation_stops_check_and_the_russian_build(ready_ru: Path, tmp_path: Path) -> None:
    root = _copy(ready_ru, tmp_path)
    red = root / "red_flags.yaml"
    first = re.search(r"- text: (.+)", red.read_text(encoding="utf-8"))
    assert first is not None
    line = _change_line(red, first.group(1), first.group(1).rstrip('"') + " Now.")
    expected = re.compile(rf"content/red_flags\.yaml:{line}: red_flags:\S+: the ru-RU translation of this safety "
                          r"string is stale")
    check = run_cli("check", root)
    assert check.exit_code == 2
    assert expected.search(check.output), check.output
    build = run_cli("build", "--content", root, "--profile", PROFILE, "--lang", "ru", "-o", tmp_path / "ru.pdf")
    assert build.exit_code == 2
    assert expected.search(build.output), build.output
    assert not (tmp_path / "ru.pdf").exists()
    # The English edition does not depend on the Russian catalogue.
    en = run_cli("build", "--content", root, "--profile", PROFILE, "--lang", "en-GB", "-o", tmp_path / "en.pdf")
    assert en.exit_code == 0, en.output


def test_a_stale_ordinary_translation_is_only_a_warning(ready_ru: Path, tmp_path: Path) -> None:
    root = _copy(ready_ru, tmp_path)
    line = _change_line(root / "before_you_start.yaml", "title: Before you start", "title: Before you begin")
    check = run_cli("check", root)
    assert check.exit_code == 0, check.output
    assert (f"warning: content/before_you_start.yaml:{line}: before_you_start:title: the ru-RU translation of "
            f"this string is stale") in check.output


def test_update_marks_a_changed_string_fuzzy_and_keeps_the_old_english(ready_ru: Path, tmp_path: Path) -> None:
    root = _copy(ready_ru, tmp_path)
    _change_line(root / "before_you_start.yaml", "title: Before you start", "title: Before you begin")
    assert run_cli("translations", "update", root, "--lang", "ru-RU").exit_code == 0
    with (root / "locales" / "ru-RU.po").open("rb") as f:
        entry = next(m for m in read_po(f) if m.context == "before_you_start:title")
    assert entry.fuzzy and entry.id == "Before you begin" and entry.string == "Before you start"
    po = (root / "locales" / "ru-RU.po").read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "Before you start"\nmsgctxt "before_you_start:title"' in po  # editors see the old
    check = run_cli("check", root)
    assert "before_you_start:title: the ru-RU translation of this string is stale" in check.output


def test_placeholders_must_survive_translation(ready_ru: Path, tmp_path: Path) -> None:
    root = _copy(ready_ru, tmp_path)
    po = root / "locales" / "ru-RU.po"
    with po.open("rb") as f:
        entry = next(m for m in read_po(f) if m.id and "{{ baby.name }}" in str(m.id))
    broken = str(entry.id).replace("{{ baby.name }}", "малыш")
    edit_po(po, "ru-RU", lambda m: broken if m.context == entry.context else None)
    check = run_cli("check", root)
    assert check.exit_code == 2
    assert f"{entry.context}: the ru-RU translation" in check.output
    assert "does not keep the same placeholders and markup as the English" in check.output


# --- reading ease and claims in the translation's own language ---------------------------------------------

def test_oborneva_and_szigriszt_inflesz_use_the_published_constants() -> None:
    from handbook.check.readability import oborneva, syllables_es, szigriszt_inflesz

    # 5 words, 2 sentences, 10 vowel letters: 206.835 − 1.3 × 2.5 − 60.1 × 2.
    assert oborneva("Мама гладит малыша. Малыш спит.") == pytest.approx(83.385)
    # 8 words, 2 sentences, 13 syllables: 206.835 − 62.3 × 13/8 − 8/2.
    assert szigriszt_inflesz("La madre toca al bebé. El bebé duerme.") == pytest.approx(101.5975)
    assert [syllables_es(w) for w in ("aceite", "día", "cuidado", "leer", "quiero")] == [3, 2, 3, 2, 2]


def _set_translations(root: Path, change: dict[str, str] | None = None, prefix: str | None = None,
                      text: str = "") -> None:
    def new_text(message: Message) -> str | None:
        context = str(message.context or "")
        if change and context in change:
            return change[context]
        if prefix and context.startswith(prefix) and "{" not in str(message.id):
            return text
        return None

    edit_po(root / "locales" / "ru-RU.po", "ru-RU", new_text)


def test_a_russian_medical_claim_is_an_error(ready_ru: Path, tmp_path: Path) -> None:
    root = _copy(ready_ru, tmp_path)
    _set_translations(root, {"before_you_start:title": "Массаж лечит колики"})
    check = run_cli("check", root)
    assert check.exit_code == 2
    assert "before_you_start:title: 'лечит' in the ru-RU translation" in check.output
    assert "sounds like a medical claim" in check.output


def test_hard_russian_fails_the_reading_ease_threshold(ready_ru: Path, tmp_path: Path) -> None:
    root = _copy(ready_ru, tmp_path)
    hard = ("Использование минерального масла категорически противопоказано вследствие "
            "потенциальной аллергической реакции новорождённого.")
    _set_translations(root, prefix="cues:", text=hard)
    check = run_cli("check", root)
    assert check.exit_code == 2
    assert re.search(r"content/cues\.yaml: the ru-RU translation's reading ease \(oborneva\) is -?\d+\.\d, "
                     r"below 70", check.output), check.output


def test_hyphenation_is_set_from_the_locale_dictionary_and_english_is_unchanged() -> None:
    from reportlab.platypus import Paragraph

    from handbook.render.styles import styles

    assert styles("a4")["body"].hyphenationLang in ("", None)
    ru = styles("a4", hyphenation=_locales()["ru-RU"].hyphenation)
    assert ru["body"].hyphenationLang == "ru_RU" and ru["h1"].hyphenationLang in ("", None)
    word = "достопримечательность"
    para = Paragraph(f"{word} {word} {word}", ru["body"])
    para.wrap(60, 1000)
    lines = [" ".join(w if isinstance(w, str) else w.text for w in line[1]) for line in para.blPara.lines]
    assert any(line.rstrip().endswith("-") for line in lines), lines  # broken inside the word


def test_temperatures_use_the_locale_units_and_decimal_comma() -> None:
    locales = _locales()
    assert i18n.temperature(38.5, locales["ru-RU"]) == "38,5 °C"
    assert i18n.temperature(38.5, locales["es-ES"]) == "38,5 °C"
    assert i18n.temperature(38.5, locales["es-US"]) == "38.5 °C (101.3 °F)"


def test_a_missing_plural_form_is_a_check_error_naming_the_file(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    _change_line(root / "locales" / "ru-RU.yaml", '"{n} недели", many: "{n} недель", ', '"{n} недели", ')
    check = run_cli("check", root)
    assert check.exit_code == 2
    assert "content/locales/ru-RU.yaml: plurals.age_weeks.many: missing" in check.output
