"""The baby profile: from a YAML file, CLI options or a roster row to one validated `Baby`.

The same fields come as real dates and booleans (YAML) or as strings (CSV, command line), so every field
accepts both and every problem becomes one line naming the file, line and field.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from handbook.errors import ProfileError
from handbook.inputs.problems import fail, joined, pydantic_problems
from handbook.inputs.text import Printable, check_printable, has_controls
from handbook.inputs.years import YEARS
from handbook.personalise.age import add_months, age_on
from handbook.personalise.age import born_early as _born_early
from handbook.yamlsource import Located, load_user_yaml

NAME_MAX = 80
MAX_AGE_MONTHS = 24
DUE_AFTER_BIRTH_MAX_DAYS = 20 * 7  # born more than 20 weeks early is not a date a parent means
DUE_BEFORE_BIRTH_MAX_DAYS = 4 * 7  # born more than 4 weeks late does not happen; likely swapped dates

_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def in_range(day: date) -> date:
    """A date the handbook can count with (see YEARS); also used for --on and --course-start."""
    low, high = YEARS
    if not low <= day.year <= high:
        raise fail("{got} is outside the years {low} to {high}", got=day.isoformat(), low=low, high=high)
    return day


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return in_range(value.date())
    if isinstance(value, date):
        return in_range(value)
    if isinstance(value, str):
        text = value.strip()
        if _ISO.match(text):
            try:
                return in_range(date.fromisoformat(text))
            except ValueError:
                raise fail("{got} is not a real date (YYYY-MM-DD)", got=repr(text)) from None
        raise fail("{got} is not a date in the form YYYY-MM-DD", got=_show(text))
    raise fail("must be a date in the form YYYY-MM-DD, got {got}", got=_show(value))


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
    raise fail("{got} is not yes or no", got=_show(value))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Baby(BaseModel):
    """The fields a profile may hold (anything else is a typo worth reporting), validated; the pipeline's value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

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

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any, info: ValidationInfo) -> str:
        if not isinstance(value, str):
            raise fail("must be text, got {got} (put it in quotes)", got=_show(value))
        name = unicodedata.normalize("NFC", value).strip()  # "e" + combining diaeresis prints as one "ë"
        if not name:
            raise fail("is empty")
        if len(name) > NAME_MAX:
            raise fail("is {n} characters long; the most is {max}", n=len(name), max=NAME_MAX)
        if has_controls(name, newlines=False):
            raise fail("contains control characters (line breaks, tabs or similar)")
        if not any(unicodedata.category(ch).startswith("L") for ch in name):
            raise fail("has no letters, got {got}", got=_show(name))
        return check_printable(name, info)

    @field_validator("birth_date", mode="before")
    @classmethod
    def _birth(cls, value: Any) -> date:
        return parse_date(value)

    @field_validator("due_date", mode="before")
    @classmethod
    def _due(cls, value: Any) -> date | None:
        return None if _blank(value) else parse_date(value)

    @field_validator("navel_healed", mode="before")
    @classmethod
    def _navel(cls, value: Any) -> bool | None:
        return None if _blank(value) else parse_bool(value)

    @field_validator("eczema", "nut_allergy_in_family", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> bool:
        return False if _blank(value) else parse_bool(value)

    @field_validator("lang", mode="before")
    @classmethod
    def _lang(cls, value: Any) -> str | None:
        if _blank(value):
            return None
        if not isinstance(value, str) or not _LANG.match(value.strip()):
            raise fail("{got} is not a language code like en, en-GB or en-US", got=_show(value))
        return value.strip()

    @field_validator("paper", mode="before")
    @classmethod
    def _paper(cls, value: Any) -> str | None:
        if _blank(value):
            return None
        if not isinstance(value, str) or value.strip().lower() not in ("a4", "letter"):
            raise fail("{got} is not a paper size (a4 or letter)", got=_show(value))
        return value.strip().lower()


FIELDS = tuple(Baby.model_fields)


def baby_from(fields: dict[str, Any], src: Located | None = None, *, printable: Printable | None = None) -> Baby:
    """Validate profile fields (from YAML, CLI or CSV) into a Baby; every problem names its field.

    `printable` is the pipeline's glyph check (inputs never import the renderer).
    """
    clean = {str(k): v for k, v in fields.items()}
    try:
        return Baby.model_validate(clean, context={"printable": printable})
    except ValidationError as exc:
        raise ProfileError(joined(pydantic_problems(exc, src, FIELDS), sep="; ")) from None


def load_profile(path: Path) -> tuple[dict[str, Any], Located]:
    """Read a profile YAML (bounded, safe load, line numbers kept) into raw fields for baby_from."""
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


def check_course_start(baby: Baby, course_start: date | None) -> None:
    """The chart's first day cannot come before the baby was born."""
    if course_start is not None and course_start < baby.birth_date:
        raise ProfileError(f"course_start: {course_start.isoformat()} is before the birth date "
                           f"{baby.birth_date.isoformat()}")
