"""The public API: one handbook to PDF bytes from plain data, and the content check.

Thin wrappers over the pipeline the CLI uses, so a web form, a clinic's app or a queue worker builds exactly
what `handbook build` builds. Nothing here reads the clock, the environment or the current folder for
defaults: the date is an argument, and content and templates are the shipped ones unless given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from handbook.check import CheckReport
    from handbook.clinic import Clinic
    from handbook.personalise.profile import Baby

BabyData = Mapping[str, Any] | Any  # a dict, a dataclass instance, or a Baby
ClinicData = Mapping[str, Any] | str | Path | Any  # a dict, a clinic YAML file, or a Clinic


def _baby(baby: BabyData) -> Baby:
    from handbook.personalise.profile import Baby, baby_from

    if isinstance(baby, Baby):
        return baby
    if dataclasses.is_dataclass(baby) and not isinstance(baby, type):
        fields = {f.name: getattr(baby, f.name) for f in dataclasses.fields(baby)}
    elif isinstance(baby, Mapping):
        fields = dict(baby)
    else:
        raise TypeError(f"baby must be a dict or a dataclass, not {type(baby).__name__}")
    return baby_from({k: v for k, v in fields.items() if v is not None})


def _clinic(clinic: ClinicData | None) -> Clinic | None:
    from handbook.clinic import Clinic, clinic_from, load_clinic

    if clinic is None or isinstance(clinic, Clinic):
        return clinic
    if isinstance(clinic, str | Path):
        return load_clinic(Path(clinic))
    if isinstance(clinic, Mapping):
        return clinic_from(dict(clinic))
    raise TypeError(f"clinic must be a dict or a file path, not {type(clinic).__name__}")


def build(
    baby: BabyData,
    *,
    on: date,
    edition: str = "handbook",
    paper: str | None = None,
    lang: str | None = None,
    clinic: ClinicData | None = None,
    fillable: bool = False,
    booklet: bool = False,
    course_start: date | None = None,
    content_dir: str | Path | None = None,
    templates_dir: str | Path | None = None,
) -> bytes:
    """One handbook as PDF bytes.

    `baby` has the profile fields (name, birth_date, optional due_date, navel_healed, eczema,
    nut_allergy_in_family, lang, paper); `on` is the handbook's date; `edition` is handbook, checklist or
    chart. Bad input raises a HandbookError subclass whose message is one line naming the field.
    """
    from handbook.pipeline import BuildRequest, build_pdf

    if not isinstance(on, date):
        raise TypeError(f"on must be a datetime.date, not {type(on).__name__}")
    req = BuildRequest(
        baby=_baby(baby),
        on=on,
        edition=edition,
        paper=paper.lower() if paper else None,
        lang=lang,
        clinic=_clinic(clinic),
        fillable=fillable,
        booklet=booklet,
        course_start=course_start,
        content_dir=Path(content_dir) if content_dir is not None else None,
        templates_dir=Path(templates_dir) if templates_dir is not None else None,
    )
    return build_pdf(req)


def check_content(content_dir: str | Path | None = None) -> CheckReport:
    """Every content check `handbook check` runs; the report (errors, warnings) is truthy when there are errors."""
    from handbook.check import check_content as run_checks

    return run_checks(Path(content_dir) if content_dir is not None else None)
