"""One roster row → one handbook, as a picklable function the batch workers call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from handbook.clinic import Clinic
from handbook.errors import ProfileError

ROW_FIELDS = ("name", "birth_date", "due_date", "lang", "paper", "eczema")


@dataclass(frozen=True)
class RowOptions:
    on: date
    clinic: Clinic | None = None
    paper: str | None = None
    content_dir: Path | None = None
    templates_dir: Path | None = None


def warm_up(opts: RowOptions) -> None:
    """Load content, fonts and templates into this thread's cache, and run the safety rules once, before any
    row is built."""
    from handbook.pipeline import assert_content_safe
    from handbook.render.styles import styles

    assert_content_safe(opts.content_dir, opts.clinic.allow_essential_oils if opts.clinic else None)
    styles(opts.paper or "a4", 1.0, str(opts.templates_dir) if opts.templates_dir else None)


def _fields(row: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {k: v.strip() for k, v in row.items() if k in ROW_FIELDS and v and v.strip()}
    if "paper" in fields:
        fields["paper"] = fields["paper"].lower()
    if "name" not in fields:
        raise ProfileError("name: is empty")
    if "birth_date" not in fields:
        raise ProfileError("birth_date: is empty")
    return fields


def build_row(row: dict[str, str], opts: RowOptions) -> tuple[str, bytes]:
    from handbook.personalise.profile import baby_from
    from handbook.pipeline import BuildRequest, build_pdf

    baby = baby_from(_fields(row), None)
    req = BuildRequest(baby=baby, on=opts.on, clinic=opts.clinic, paper=opts.paper or baby.paper,
                       lang=baby.lang, content_dir=opts.content_dir, templates_dir=opts.templates_dir)
    return f"{baby.name}-{baby.birth_date.isoformat()}", build_pdf(req)
