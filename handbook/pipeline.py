"""The whole pipeline as one call: load content → personalise → compose → render [→ booklet].

Used by the CLI, the batch runner and the benchmark, so all three build exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from handbook.cache import BuildCache, default_cache
from handbook.clinic import Clinic
from handbook.compose.edition import compose
from handbook.content.loader import cached_content, load_located_cached
from handbook.content.models import Content
from handbook.errors import SafetyError
from handbook.personalise.context import Context, personalise
from handbook.personalise.profile import Baby
from handbook.safety.engine import content_problems
from handbook.safety.printed import assert_printed_safe


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
    templates_dir: Path | None = None


def assert_content_safe(content_dir: Path | None, allow_essential_oils: bool | None,
                        cache: BuildCache | None = None) -> None:
    """Unsafe content never reaches a PDF; checked once per content folder as loaded and clinic opt-in.

    The memo is keyed on the opt-in exactly as given (None, False or True), since the rules may treat "no
    clinic" differently from a clinic that says no.
    """
    _checked(content_dir, allow_essential_oils, cache)


def _checked(content_dir: Path | None, allow_essential_oils: bool | None, cache: BuildCache | None) -> Content:
    """The content as loaded now, once the safety rules passed on exactly it (the same object is then
    personalised and composed, even if a file changes meanwhile)."""
    entry = cached_content(content_dir, cache)
    if allow_essential_oils not in entry.safe_for:
        problems = content_problems(entry.loaded, allow_essential_oils=allow_essential_oils)
        if problems:
            raise SafetyError("the content breaks safety rules, so no handbook was built:\n" + "\n".join(problems))
        entry.safe_for.add(allow_essential_oils)
    return entry.loaded.content


def _prepare(req: BuildRequest, cache: BuildCache) -> tuple[Context, Content]:
    content = _checked(req.content_dir, req.clinic.allow_essential_oils if req.clinic else None, cache)
    ctx = personalise(content, req.baby, req.on, clinic=req.clinic, lang=req.lang, course_start=req.course_start)
    return ctx, content


def prepare(req: BuildRequest, cache: BuildCache | None = None) -> Context:
    return _prepare(req, cache or default_cache())[0]


def build_pdf(req: BuildRequest, cache: BuildCache | None = None) -> bytes:
    """The PDF for one request. `cache` defaults to this thread's own (see handbook.cache); a cache shared
    between threads is safe, as its lock makes their builds take turns."""
    from handbook.render.document import render_pdf  # ReportLab loads only when a PDF is made

    cache = cache or default_cache()
    with cache.lock:
        ctx, content = _prepare(req, cache)
        document = compose(ctx, content, req.edition, req.templates_dir, cache=cache)
        assert_printed_safe(document, ctx, load_located_cached(req.content_dir, cache))  # every printed string
        paper = req.paper or req.baby.paper or ctx.locale.default_paper
        pdf = render_pdf(document, paper=paper, on=req.on, fillable=req.fillable, cache=cache)
    if req.booklet:
        from handbook.postprocess.booklet import impose_booklet

        pdf = impose_booklet(pdf, back_cover=req.clinic is not None)  # the contact page stays outside
    return pdf
