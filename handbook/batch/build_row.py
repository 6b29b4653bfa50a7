"""One roster row → one handbook, as a picklable function the batch workers call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from handbook.inputs.clinic import Clinic
from handbook.inputs.roster import ROW_FIELDS, row_fields

if TYPE_CHECKING:
    from handbook.verdicts import VerdictStore

__all__ = ["ROW_FIELDS", "RowOptions", "build_row", "warm_up"]


@dataclass(frozen=True)
class RowOptions:
    on: date
    clinic: Clinic | None = None
    paper: str | None = None
    content_dir: Path | None = None
    templates_dir: Path | None = None


def warm_up(opts: RowOptions, verdicts: VerdictStore | None = None) -> None:
    """Load content, fonts and templates, and run the content and safety checks once, before any row is built
    (`verdicts`: the CLI's store, so unchanged content is not checked again; see pipeline.warm_up)."""
    from handbook.pipeline import warm_up as warm_pipeline

    warm_pipeline(opts.clinic, opts.paper, opts.content_dir, opts.templates_dir, verdicts=verdicts)


def build_row(row: dict[str, str], opts: RowOptions) -> tuple[str, bytes]:
    from handbook.inputs.profile import baby_from
    from handbook.pipeline import BuildRequest, build_pdf, cannot_print

    baby = baby_from(row_fields(row), None, printable=cannot_print)
    req = BuildRequest(baby=baby, on=opts.on, clinic=opts.clinic, paper=opts.paper or baby.paper,
                       lang=baby.lang, content_dir=opts.content_dir, templates_dir=opts.templates_dir)
    return f"{baby.name}-{baby.birth_date.isoformat()}", build_pdf(req)
