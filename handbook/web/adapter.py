"""The web front desk's only door into the pipeline: every handbook import the web code needs lives here.

The web never builds or validates anything itself; it calls the same functions the CLI calls. Keeping the
imports in this one module lets them be re-pointed in one place when the pipeline's public API moves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from handbook.batch.build_row import ROW_FIELDS, RowOptions, build_row, warm_up
from handbook.batch.runner import file_base
from handbook.content.loader import load_located_cached
from handbook.errors import HandbookError, ProfileError
from handbook.inputs.clinic import Clinic, load_clinic
from handbook.inputs.profile import FIELDS, Baby, baby_from, check_dates
from handbook.inputs.roster import RosterRow, read_roster
from handbook.pipeline import BuildRequest, build_pdf, cannot_print

__all__ = [
    "FIELDS",
    "ROW_FIELDS",
    "Baby",
    "BuildRequest",
    "Clinic",
    "FieldProblem",
    "HandbookError",
    "RosterRow",
    "RowOptions",
    "build_pdf",
    "build_row",
    "cannot_print",
    "file_base",
    "load_clinic",
    "locales",
    "problems_of",
    "read_roster_file",
    "validate_baby",
    "warm_up",
]

# "birth_date: ...; due_date: ..." → one message per field; a "; " inside one message stays with it.
_SPLIT = re.compile(r"; (?=(?:" + "|".join(FIELDS) + r"): )")


@dataclass(frozen=True)
class FieldProblem:
    """One validation message, shown next to its form field (field None: shown above the form)."""

    field: str | None
    message: str


def problems_of(message: str) -> list[FieldProblem]:
    out = []
    for part in _SPLIT.split(message):
        field, sep, rest = part.partition(": ")
        if sep and field in FIELDS:
            out.append(FieldProblem(field, rest))
        else:
            out.append(FieldProblem(None, part))
    return out


def validate_baby(fields: dict[str, Any], on: date) -> Baby | list[FieldProblem]:
    """The CLI's checks on a baby's fields (profile validation, then the dates against the handbook date)."""
    try:
        baby = baby_from(fields, None, printable=cannot_print)
        check_dates(baby, on)
    except ProfileError as exc:
        return problems_of(exc.format_message())
    return baby


def locales() -> dict[str, Any]:
    """The shipped locales (code → Locale); their `web` words are the page's words."""
    return load_located_cached(None).content.locales


def read_roster_file(path: Path, shown: str) -> list[RosterRow]:
    """The batch roster reader; its messages name `shown` instead of the temporary path."""
    try:
        return read_roster(path)
    except HandbookError as exc:
        raise HandbookError(exc.format_message().replace(str(path), shown)) from None
