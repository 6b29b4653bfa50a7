"""The baby profile's validator: the pydantic twin of handbook.inputs.profile.Baby, loaded only for fields that
are not plainly well formed (profile.well_formed), so every problem is worded as it always was."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from handbook.inputs.problems import fail
from handbook.inputs.profile import _LANG, NAME_MAX, _blank, _show, parse_bool, parse_date
from handbook.inputs.text import check_printable, has_controls


class Baby(BaseModel):
    """What a profile may hold (anything else is a typo worth reporting), as pydantic checks it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

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
