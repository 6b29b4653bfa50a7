"""The baby profile: from a YAML file, CLI options or a roster row to one validated `Baby`.

The same fields come as real dates and booleans (YAML) or as strings (CSV, command line), so every field
accepts both and every problem becomes one line naming the file, line and field.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from types import EllipsisType
from typing import Any, ClassVar

from handbook.errors import ProfileError
from handbook.inputs.problems import fail, joined, pydantic_problems
from handbook.inputs.text import Printable, has_controls
from handbook.inputs.years import YEARS
from handbook.personalise.age import add_months, age_on
from handbook.personalise.age import born_early as _born_early
from handbook.values import Model
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


class Baby(Model):
    """The fields a profile may hold (anything else is a typo worth reporting), validated; the pipeline's value.
    Its validator is the pydantic class of the same name in handbook.inputs.profile_schema."""

    _schema: ClassVar[str] = "handbook.inputs.profile_schema"

    name: str
    birth_date: date
    due_date: date | None
    navel_healed: bool | None
    eczema: bool
    nut_allergy_in_family: bool
    lang: str | None
    paper: str | None

    @property
    def born_early(self) -> bool:
        """Born before 37 weeks, so advice follows the corrected age."""
        return _born_early(self.birth_date, self.due_date)


FIELDS = Baby._fields


def _day(value: Any) -> date | None:
    """A date exactly as parse_date reads it, or None where parse_date would refuse or convert it."""
    if type(value) is date:
        return value if YEARS[0] <= value.year <= YEARS[1] else None
    if type(value) is not str or not _ISO.match(text := value.strip()):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if YEARS[0] <= day.year <= YEARS[1] else None


def _yes_no(value: Any, blank: bool | None) -> bool | EllipsisType | None:
    """A flag as parse_bool reads it (`blank` for an empty one), or ... where it would refuse it."""
    if _blank(value):
        return blank
    if type(value) is bool:
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    if type(value) is str:
        text = value.strip().lower()
        return True if text in _TRUE else False if text in _FALSE else ...
    return ...


def _choice(value: Any, pattern: re.Pattern[str] | None = None,
            allowed: tuple[str, ...] = ()) -> str | EllipsisType | None:
    """An optional code (lang, paper) as its validator reads it, or ... where the validator would refuse it."""
    if _blank(value):
        return None
    if type(value) is not str:
        return ...
    text = value.strip()
    if pattern is not None:
        return text if pattern.match(text) else ...
    return text.lower() if text.lower() in allowed else ...


def _name(value: Any, printable: Printable | None) -> str | None:
    """The name as its validator keeps it, or None where the validator would refuse it."""
    if type(value) is not str:
        return None
    name = unicodedata.normalize("NFC", value).strip()
    if not 0 < len(name) <= NAME_MAX or has_controls(name, newlines=False):
        return None
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        return None
    return None if printable is not None and printable(name) else name


def well_formed(fields: dict[str, Any], printable: Printable | None = None) -> Baby | None:
    """The Baby for fields that are plainly right, read exactly as the validator reads them, without loading
    pydantic; None for anything else (a missing, unknown or doubtful field): the validator then decides and
    words every problem."""
    if not fields.keys() <= set(FIELDS):
        return None
    name, birth = _name(fields.get("name"), printable), _day(fields.get("birth_date"))
    due = None if _blank(fields.get("due_date")) else _day(fields["due_date"])
    if name is None or birth is None or (due is None and not _blank(fields.get("due_date"))):
        return None
    values = {
        "navel_healed": _yes_no(fields.get("navel_healed"), None),
        "eczema": _yes_no(fields.get("eczema"), False),
        "nut_allergy_in_family": _yes_no(fields.get("nut_allergy_in_family"), False),
        "lang": _choice(fields.get("lang"), _LANG),
        "paper": _choice(fields.get("paper"), allowed=("a4", "letter")),
    }
    if any(v is ... for v in values.values()):
        return None
    return Baby.model_construct(name=name, birth_date=birth, due_date=due, **values)



def baby_from(fields: dict[str, Any], src: Located | None = None, *, printable: Printable | None = None) -> Baby:
    """Validate profile fields (from YAML, CLI or CSV) into a Baby; every problem names its field.

    `printable` is the pipeline's glyph check (inputs never import the renderer).
    """
    clean = {str(k): v for k, v in fields.items()}
    plain = well_formed(clean, printable)
    if plain is not None:
        return plain
    from pydantic import ValidationError

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
