"""The whole pipeline as one call: load content → personalise → compose → render [→ booklet].

Used by the CLI, the batch runner and the benchmark, so all three build exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from handbook.clinic import Clinic
from handbook.compose.edition import compose
from handbook.content.loader import load_located_cached
from handbook.errors import SafetyError
from handbook.personalise.context import Context, personalise
from handbook.personalise.profile import Baby
from handbook.personalise.rules import content_problems


@dataclass(frozen=True)
class BuildRequest:
    baby: Baby
    on: date
    edition: str = "handbook"
    paper: str | None = None
    lang: str | None = None
    clinic: Clinic | None = None
    fillable: bool = False
    booklet: bool = False
    course_start: date | None = None
    content_dir: Path | None = None
    tagged: bool = True  # a tagged PDF (PDF/UA-1); the booklet, an imposition for printing, is never tagged


_SAFE: set[tuple[str, bool]] = set()


def assert_content_safe(content_dir: Path | None, allow_essential_oils: bool | None) -> None:
    """Unsafe content never reaches a PDF; checked once per process per content folder and clinic opt-in."""
    loaded = load_located_cached(content_dir)
    key = (str(loaded.root), bool(allow_essential_oils))
    if key in _SAFE:
        return
    problems = content_problems(loaded, allow_essential_oils=allow_essential_oils)
    if problems:
        raise SafetyError("the content breaks safety rules, so no handbook was built:\n" + "\n".join(problems))
    _SAFE.add(key)


def prepare(req: BuildRequest) -> Context:
    loaded = load_located_cached(req.content_dir)
    allow_eo = req.clinic.allow_essential_oils if req.clinic else None
    assert_content_safe(req.content_dir, allow_eo)
    return personalise(
        loaded.content, req.baby, req.on, clinic=req.clinic, lang=req.lang, course_start=req.course_start
    )


def build_html(req: BuildRequest) -> str:
    """The same handbook as one self-contained, accessible HTML page (from the same blocks as the PDF)."""
    from handbook.render.html import render_html

    ctx = prepare(req)
    content = load_located_cached(req.content_dir).content
    return render_html(compose(ctx, content, req.edition), ctx.locale.strings)


def build_pdf(req: BuildRequest) -> bytes:
    from handbook.render.document import render_pdf  # ReportLab loads only when a PDF is made

    ctx = prepare(req)
    content = load_located_cached(req.content_dir).content
    document = compose(ctx, content, req.edition)
    paper = req.paper or req.baby.paper or ctx.locale.default_paper
    pdf = render_pdf(document, paper=paper, on=req.on, fillable=req.fillable, tagged=req.tagged and not req.booklet)
    if req.booklet:
        from handbook.postprocess.booklet import impose_booklet

        pdf = impose_booklet(pdf, back_cover=req.clinic is not None)  # the contact page stays outside
    return pdf
