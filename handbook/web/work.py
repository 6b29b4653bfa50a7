"""What runs inside the worker processes: warm-up, one build, one preview, one roster row.

Top-level functions with picklable arguments, so a ProcessPoolExecutor can call them. Expected problems
come back as values (never as exceptions), so nothing unusual has to cross the process boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handbook.web import adapter
from handbook.web.preview import preview_pages


@dataclass(frozen=True)
class Outcome:
    """A finished job: the bytes on success, or the user-facing message of a bad input."""

    data: bytes = b""
    pages: tuple[bytes, ...] = ()
    stem: str = ""
    problem: str | None = None


def warm(on: date, clinic: adapter.Clinic | None) -> None:
    """Pool initializer: content, safety rules, fonts and ReportLab are loaded before the first request."""
    import handbook.render.document  # noqa: F401  (ReportLab and the renderer, imported once per worker)

    adapter.warm_up(adapter.RowOptions(on=on, clinic=clinic))


def ready() -> bool:
    """A no-op job: submitting one per worker at start-up makes every worker start (and warm) before serving."""
    import time

    time.sleep(0.05)
    return True


def build(req: adapter.BuildRequest) -> Outcome:
    try:
        return Outcome(data=adapter.build_pdf(req))
    except adapter.HandbookError as exc:
        return Outcome(problem=exc.format_message())


def preview(req: adapter.BuildRequest, pages: int, scale: float) -> Outcome:
    try:
        pdf = adapter.build_pdf(req)
    except adapter.HandbookError as exc:
        return Outcome(problem=exc.format_message())
    return Outcome(pages=tuple(preview_pages(pdf, pages, scale)))


def roster_row(fields: dict[str, str], opts: adapter.RowOptions) -> Outcome:
    try:
        stem, pdf = adapter.build_row(fields, opts)
    except adapter.HandbookError as exc:
        return Outcome(problem=exc.format_message())
    return Outcome(data=pdf, stem=stem)
