"""The baby profile: from a YAML file, CLI options or a roster row to one validated `Baby`.

The same fields come as real dates and booleans (YAML) or as strings (CSV, command line), so every field
accepts both and every problem becomes one line naming the file, line and field.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from handbook.errors import ProfileError
from handbook.personalise.age import add_months, age_on
from handbook.personalise.age import born_early as _born_early
from handbook.yamlsource import Located, load_user_yaml

FIELDS = ("name", "birth_date", "due_date", "navel_healed", "eczema", "nut_allergy_in_family", "lang", "paper")
NAME_MAX = 80
MAX_AGE_MONTHS = 24
DUE_AFTER_BIRTH_MAX_DAYS = 20 * 7  # born more than 20 weeks early is not a date a parent means
DUE_BEFORE_BIRTH_MAX_DAYS = 4 * 7  # born more than 4 weeks late does not happen; likely swapped dates

_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Bidirectional overrides can make a printed name read differently from what was typed.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


@dataclass(frozen=True)
class Baby:
    name: str
    birth_date: date
    due_date: date | None = None
    navel_healed: bool | None = None
    eczema: bool = False
    nut_allergy_in_family: bool = False
    lang: str | None = None
    paper: str | None = None

    @property
    def born_early(self) -> bool:
        """Born before 37 weeks, so advice follows the corrected age."""
        return _born_early(self.birth_date, self.due_date)


def _printable(text: str) -> str:
    from handbook.render.fonts import cannot_print  # the fonts load only when a name is checked

    problem = cannot_print(text)
    if problem:
        raise _fail(problem)
    return text


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("profile", message)


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _ISO.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise _fail(f"'{text}' is not a real date (YYYY-MM-DD)") from None
        raise _fail(f"'{text}' is not a date in the form YYYY-MM-DD")
    raise _fail(f"must be a date in the form YYYY-MM-DD, got {_show(value)}")


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise _fail(f"{_show(value)} is not yes or no")


class ProfileModel(BaseModel):
    """The fields a profile may hold; anything else is a typo worth reporting."""

    model_config = ConfigDict(extra="forbid")

    name: str
    birth_date: date
    due_date: date | None = None
    navel_healed: bool | None = None
    eczema: bool = False
    nut_allergy_in_family: bool = False
    lang: str | None = None
    paper: str | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        if not isinstance(value, str):
            raise _fail(f"must be text, got {_show(value)} (put it in quotes)")
        name = unicodedata.normalize("NFC", value).strip()  # "e" + combining diaeresis prints as one "ë"
        if not name:
            raise _fail("is empty")
        if len(name) > NAME_MAX:
            raise _fail(f"is {len(name)} characters long; the most is {NAME_MAX}")
        if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI for ch in name):
            raise _fail("contains control characters (line breaks, tabs or similar)")
        if not any(unicodedata.category(ch).startswith("L") for ch in name):
            raise _fail(f"has no letters, got {_show(name)}")
        return _printable(name)

    @field_validator("birth_date", mode="before")
    @classmethod
    def _birth(cls, value: Any) -> date:
        return parse_date(value)

    @field_validator("due_date", mode="before")
    @classmethod
    def _due(cls, value: Any) -> date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return parse_date(value)

    @field_validator("navel_healed", mode="before")
    @classmethod
    def _navel(cls, value: Any) -> bool | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return parse_bool(value)

    @field_validator("eczema", "nut_allergy_in_family", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> bool:
        if value is None or (isinstance(value, str) and not value.strip()):
            return False
        return parse_bool(value)

    @field_validator("lang", mode="before")
    @classmethod
    def _lang(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str) or not _LANG.match(value.strip()):
            raise _fail(f"{_show(value)} is not a language code like en, en-GB or en-US")
        return value.strip()

    @field_validator("paper", mode="before")
    @classmethod
    def _paper(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str) or value.strip().lower() not in ("a4", "letter"):
            raise _fail(f"{_show(value)} is not a paper size (a4 or letter)")
        return value.strip().lower()


def _unknown_field(key: str) -> str:
    close = difflib.get_close_matches(key, FIELDS, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown field '{key}' ({hint}allowed: {', '.join(FIELDS)})"


def _problems(exc: ValidationError, src: Located | None) -> list[str]:
    out = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else ""
        if err["type"] == "extra_forbidden":
            text = _unknown_field(field)
        elif err["type"] == "missing":
            text = f"{field}: is required"
        elif err["type"] == "profile":
            text = f"{field}: {err['msg']}"
        else:  # a type pydantic checked itself, e.g. a list where a value belongs
            text = f"{field}: {err['msg'][0].lower()}{err['msg'][1:]}, got {_show(err.get('input'))}"
        out.append(f"{src.where((field,))}: {text}" if src is not None else text)
    return out


def baby_from(fields: dict[str, Any], src: Located | None = None) -> Baby:
    """Validate profile fields (from YAML, CLI or CSV) into a Baby; every problem names its field."""
    clean = {str(k): v for k, v in fields.items()}
    try:
        model = ProfileModel.model_validate(clean)
    except ValidationError as exc:
        raise ProfileError("; ".join(_problems(exc, src))) from None
    return Baby(**model.model_dump())


def load_profile(path: Path) -> tuple[dict[str, Any], Located]:
    """Read a profile YAML (safe load, line numbers kept) into raw fields for baby_from."""
    shown = str(path)
    src = load_user_yaml(Path(path), ProfileError, "profile")
    if src.data is None:
        raise ProfileError(f"{shown}: the profile is empty (expected fields like 'name: Robin')")
    if not isinstance(src.data, dict):
        kind = type(src.data).__name__
        raise ProfileError(f"{shown}:{src.line_of(())}: the profile must be fields like 'name: Robin', got a {kind}")
    return dict(src.data), src


def check_dates(baby: Baby, on: date) -> None:
    """Dates that parse but cannot be right for this handbook: future births, toddlers, swapped due dates."""
    birth = baby.birth_date
    if birth > on:
        raise ProfileError(f"birth_date: {birth.isoformat()} is after the handbook date {on.isoformat()}")
    if add_months(birth, MAX_AGE_MONTHS) < on:
        age = age_on(birth, on)
        raise ProfileError(
            f"birth_date: {birth.isoformat()} makes the baby {age.text} old on {on.isoformat()}; "
            "this handbook is for babies up to 2 years (24 months)"
        )
    due = baby.due_date
    if due is None:
        return
    if (due - birth).days > DUE_AFTER_BIRTH_MAX_DAYS:
        raise ProfileError(
            f"due_date: {due.isoformat()} is more than 20 weeks after the birth date {birth.isoformat()}; "
            "check both dates"
        )
    if (birth - due).days > DUE_BEFORE_BIRTH_MAX_DAYS:
        raise ProfileError(
            f"due_date: {due.isoformat()} is more than 4 weeks before the birth date {birth.isoformat()}; "
            "check both dates"
        )
