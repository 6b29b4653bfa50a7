"""The plain value classes and their pydantic twins agree: a build that takes the fast path (no pydantic) gets
exactly the value the validator would give, and anything the validator refuses or reads differently (a datetime,
a "2" for a number, text it would strip) goes to the validator, so its messages are the ones people see."""

from __future__ import annotations

import inspect
from datetime import date, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from handbook.compose import edition as ed
from handbook.content import models as m
from handbook.content import schema
from handbook.content.loader import load_located
from handbook.inputs import profile
from handbook.resources import templates_root
from handbook.values import Model
from handbook.yamlsource import load_yaml

D = date(2026, 7, 20)


def _no_snowman(text: str) -> str | None:
    """A stand-in for the fonts' check: refuses one character."""
    return "cannot print ☃" if "☃" in text else None


GOOD_BABIES: list[dict[str, Any]] = [
    {"name": "Robin", "birth_date": D},
    {"name": "Robin", "birth_date": "2026-07-20"},
    {"name": "  Robin  ", "birth_date": " 2026-07-20 "},
    {"name": "Robin\n", "birth_date": "2026-07-20\n"},
    {"name": "Zoe\u0308", "birth_date": D},  # combining diaeresis: one "ë" after NFC
    {"name": "Zoë <b>&amp;", "birth_date": D, "due_date": date(2026, 9, 1), "navel_healed": True, "eczema": False,
     "nut_allergy_in_family": True, "lang": "en-US", "paper": "letter"},
    {"name": "Robin", "birth_date": "2026-07-20", "due_date": "2026-09-01", "navel_healed": "yes",
     "eczema": " NO ", "nut_allergy_in_family": "True", "lang": " ru ", "paper": "A4"},
    {"name": "Robin", "birth_date": D, "navel_healed": 1, "eczema": 0, "nut_allergy_in_family": "n"},
    {"name": "Robin", "birth_date": D, "due_date": None, "navel_healed": None, "eczema": None,
     "nut_allergy_in_family": None, "lang": None, "paper": None},
    {"name": "Robin", "birth_date": D, "due_date": "", "navel_healed": " ", "eczema": "", "lang": "", "paper": "  "},
    {"name": "R" * profile.NAME_MAX, "birth_date": date(1900, 1, 1)},
    {"name": "Робин", "birth_date": date(2999, 12, 31), "lang": "es-419"},
]

DOUBTFUL_BABIES: list[dict[str, Any]] = [
    {},
    {"name": "Robin"},  # missing birth date
    {"birth_date": D},  # missing name
    {"name": "Robin", "birth_date": D, "nmae": "x"},  # unknown field
    {"name": "Robin", "birth_date": D, "1": "x"},
    {"name": None, "birth_date": D},
    {"name": 42, "birth_date": D},
    {"name": ["Robin"], "birth_date": D},
    {"name": "", "birth_date": D},
    {"name": "   ", "birth_date": D},
    {"name": "R" * (profile.NAME_MAX + 1), "birth_date": D},
    {"name": "Rob\tin", "birth_date": D},
    {"name": "Rob\nin", "birth_date": D},
    {"name": "\u202eRobin", "birth_date": D},
    {"name": "123", "birth_date": D},
    {"name": "Robin ☃", "birth_date": D},  # the fonts refuse it
    {"name": "Robin", "birth_date": None},
    {"name": "Robin", "birth_date": ""},
    {"name": "Robin", "birth_date": "2026-13-01"},
    {"name": "Robin", "birth_date": "2026-02-30"},
    {"name": "Robin", "birth_date": "20-07-2026"},
    {"name": "Robin", "birth_date": "2026-7-20"},
    {"name": "Robin", "birth_date": "\u0662\u0660\u0662\u0666-\u0660\u0667-\u0662\u0660"},  # Arabic-Indic digits
    {"name": "Robin", "birth_date": 20260720},
    {"name": "Robin", "birth_date": True},
    {"name": "Robin", "birth_date": datetime(2026, 7, 20, 10, 30)},  # the validator takes its date: not plain
    {"name": "Robin", "birth_date": date(1899, 12, 31)},
    {"name": "Robin", "birth_date": date(3000, 1, 1)},
    {"name": "Robin", "birth_date": "3000-01-01"},
    {"name": "Robin", "birth_date": D, "due_date": "soon"},
    {"name": "Robin", "birth_date": D, "due_date": 5},
    {"name": "Robin", "birth_date": D, "due_date": datetime(2026, 9, 1)},
    {"name": "Robin", "birth_date": D, "navel_healed": 2},
    {"name": "Robin", "birth_date": D, "navel_healed": 1.0},
    {"name": "Robin", "birth_date": D, "eczema": "maybe"},
    {"name": "Robin", "birth_date": D, "eczema": [True]},
    {"name": "Robin", "birth_date": D, "nut_allergy_in_family": "oui"},
    {"name": "Robin", "birth_date": D, "lang": "english!"},
    {"name": "Robin", "birth_date": D, "lang": 5},
    {"name": "Robin", "birth_date": D, "lang": "e"},
    {"name": "Robin", "birth_date": D, "paper": "A5"},
    {"name": "Robin", "birth_date": D, "paper": 4},
    {"name": "Robin", "birth_date": D, "paper": ["a4"]},
]


def _shown(value: Model) -> list[tuple[str, type, Any]]:
    """Every field with its exact type: 1 and True, a date and a datetime, compare equal but are not the same."""
    return [(n, type(getattr(value, n)), getattr(value, n)) for n in type(value)._fields]


def _validated(model: type[Model], data: Any, **kw: Any) -> Model | None:
    try:
        return model.model_validate(data, **kw)
    except ValidationError:
        return None


@pytest.mark.parametrize("fields", GOOD_BABIES + DOUBTFUL_BABIES, ids=repr)
def test_the_fast_profile_path_gives_the_validators_baby_or_declines(fields: dict[str, Any]) -> None:
    fast = profile.well_formed(fields, _no_snowman)
    checked = _validated(profile.Baby, fields, context={"printable": _no_snowman})
    if checked is None:
        assert fast is None  # refused: the validator words the problem
    if fast is not None:
        assert checked is not None and _shown(fast) == _shown(checked)
    assert (fast is not None) == (fields in GOOD_BABIES)  # the table says which ones are plainly right


def test_a_doubtful_profile_still_gets_the_validators_messages() -> None:
    with pytest.raises(profile.ProfileError) as info:
        profile.baby_from({"name": "Robin", "birth_date": "2026-02-30", "eczema": "maybe"})
    assert str(info.value) == ("birth_date: '2026-02-30' is not a real date (YYYY-MM-DD); "
                               "eczema: 'maybe' is not yes or no")


S = ["cover", "contents"]
GOOD_EDITIONS: list[Any] = [
    {"title_key": "edition_title_handbook", "sections": S},
    {"title": "Our own handbook", "sections": ["checklist_page"], "max_pages": 1},
    {"title": "", "title_key": "edition_title_chart", "sections": ["chart"], "max_pages": None},
    {"title": "Ours", "title_key": "edition_title_chart", "sections": ["chart", "chart"], "max_pages": 40},
    {"title": None, "title_key": "k", "sections": ["not_a_section"]},  # the loader reports unknown sections
]
DOUBTFUL_EDITIONS: list[Any] = [
    None,
    [],
    "sections: [cover]",
    {},
    {"title_key": "k"},  # no sections
    {"title_key": "k", "sections": []},
    {"title_key": "k", "sections": None},
    {"title_key": "k", "sections": "cover"},
    {"title_key": "k", "sections": [1]},
    {"title_key": "k", "sections": [None]},
    {"title_key": "k", "sections": [" cover "]},  # the validator strips it
    {"title_key": "k", "sections": ["cover\n"]},
    {"sections": S},  # neither title nor key
    {"title": "", "title_key": None, "sections": S},
    {"title": " Ours ", "sections": S},
    {"title": "Ours\u00a0", "sections": S},
    {"title": 5, "sections": S},
    {"title_key": ["k"], "sections": S},
    {"title_key": "k", "sections": S, "max_pages": 0},
    {"title_key": "k", "sections": S, "max_pages": -1},
    {"title_key": "k", "sections": S, "max_pages": "2"},  # the validator reads it as 2: not plain
    {"title_key": "k", "sections": S, "max_pages": 2.0},
    {"title_key": "k", "sections": S, "max_pages": True},
    {"title_key": "k", "sections": S, "titel": "x"},  # unknown field
    {"title_key": "k", "sections": S, 1: "x"},
]


@pytest.mark.parametrize("data", GOOD_EDITIONS + DOUBTFUL_EDITIONS, ids=repr)
def test_the_fast_edition_path_gives_the_validators_edition_or_declines(data: Any) -> None:
    fast = ed.well_formed(data)
    checked = _validated(ed.Edition, data)
    if checked is None:
        assert fast is None
    if fast is not None:
        assert checked is not None and _shown(fast) == _shown(checked)
    assert (fast is not None) == (data in GOOD_EDITIONS)


@pytest.mark.parametrize("name", ed.EDITIONS)
def test_the_shipped_editions_take_the_fast_path(name: str) -> None:
    src = load_yaml(templates_root() / "editions" / f"{name}.yaml", name)
    fast = ed.well_formed(src.data)
    assert fast is not None and fast == ed.Edition.model_validate(src.data)


def _pairs() -> list[tuple[type[Model], Any]]:
    plain = [c for _, c in inspect.getmembers(m, inspect.isclass) if issubclass(c, m.Model) and c is not m.Model]
    return [(c, getattr(schema, c.__name__)) for c in plain] + [(profile.Baby, profile.Baby.schema()),
                                                                (ed.Edition, ed.Edition.schema())]


@pytest.mark.parametrize(("plain", "twin"), _pairs(), ids=lambda c: getattr(c, "__name__", ""))
def test_each_plain_class_has_its_twins_fields_in_its_order(plain: type[Model], twin: Any) -> None:
    assert plain._fields == tuple(twin.model_fields)


def test_loaded_content_is_plain_and_survives_a_round_trip_through_its_schema() -> None:
    content = load_located().content
    for key in content._fields:
        part = getattr(content, key)
        values = part.values() if isinstance(part, dict) else [part]
        assert all(type(v).__module__ == "handbook.content.models" for v in values)
    again = m.Content.model_validate(content.model_dump())
    assert again == content  # (a default the validator never saw, such as an oil's from_months 1, is not a float)
    assert content.model_copy(update={"locales": {}}).locales == {} and content.locales  # a copy, not a change


@pytest.mark.parametrize("code", ["ru-RU", "es-ES"])
def test_a_translation_puts_its_texts_in_place_as_validating_the_files_again_would(code: str) -> None:
    from handbook.i18n import translate

    loaded = load_located()
    texts, _ = translate._texts(loaded, code)
    assert texts
    fast = translate._replaced(loaded.content, texts)
    assert fast is not None and fast == translate._validated(loaded.content, texts)
    assert fast["oils"] != loaded.content.oils and loaded.content == load_located().content  # English untouched


def test_any_plain_text_in_any_printable_place_gives_the_validators_file() -> None:
    """Every place a catalogue can fill (each printable string of the shipped content) is text the schema only
    keeps: a translation there needs no second validation."""
    from handbook.i18n import translate
    from handbook.i18n.catalog import source_messages

    loaded = load_located()
    texts: translate.Texts = {}
    for n, msg in enumerate(source_messages(loaded)):
        if msg.key in translate.FILES:
            texts.setdefault(msg.key, []).append((msg.loc, f"Текст {n} «{msg.text[:3]}»"))
    assert set(texts) == set(translate.FILES) - {"settings"}  # settings print nothing
    fast = translate._replaced(loaded.content, texts)
    assert fast is not None and fast == translate._validated(loaded.content, texts)


@pytest.mark.parametrize("text", [" padded", "padded\n", "\u00a0padded", "padded\u3000"])
def test_a_translation_the_schema_would_strip_is_validated_again(text: str) -> None:
    from handbook.i18n import translate

    loaded = load_located()
    texts: translate.Texts = {"cues": [(("title",), text)]}
    assert translate._replaced(loaded.content, texts) is None
    assert translate._validated(loaded.content, texts)["cues"].title == "padded"
