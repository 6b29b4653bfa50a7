"""The whole pipeline as one call: load content → personalise → compose → render [→ booklet].

Used by the CLI, the batch runner and the benchmark, so all three build exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from handbook.compose.edition import compose
from handbook.content.loader import load_located_cached
from handbook.errors import ClinicError, ContentError, ProfileError, SafetyError
from handbook.inputs.clinic import Clinic
from handbook.inputs.profile import Baby, check_course_start
from handbook.personalise.context import Context, personalise
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


@lru_cache(maxsize=8)
def _sound(root: str) -> bool:
    from handbook.check import content_errors

    problems = content_errors(load_located_cached(Path(root)))
    if problems:
        raise ContentError(problems)
    return True


def assert_content_sound(content_dir: Path | None) -> None:
    """Content `check` refuses never builds: unknown sources, techniques, locales or placeholders, markup the
    renderer cannot parse, characters the fonts cannot print — the same file:line lines, exit 2. Once per
    process and content folder."""
    _sound(str(load_located_cached(content_dir).root))


def cannot_print(text: str) -> str | None:
    """The fonts' verdict on a text people typed, for the inputs stage to call (it never imports render)."""
    from handbook.render.fonts import cannot_print as fonts_cannot_print

    return fonts_cannot_print(text)


_CLINIC_TEXT = ("name", "address", "intro")


def assert_printable(baby: Baby, clinic: Clinic | None) -> None:
    """The same glyph check the inputs ran with file:line, for values built without it (the API, tests)."""
    problem = cannot_print(baby.name)
    if problem:
        raise ProfileError(f"name: {problem}")
    for field in _CLINIC_TEXT if clinic is not None else ():
        value = getattr(clinic, field)
        problem = cannot_print(value) if value else None
        if problem:
            raise ClinicError(f"{field}: {problem}")


def warm_up(clinic: Clinic | None, paper: str | None) -> None:
    """Load content, fonts and styles and run the safety rules once, before any batch row is built."""
    from handbook.render.styles import styles

    assert_content_sound(None)
    assert_content_safe(None, clinic.allow_essential_oils if clinic else None)
    styles(paper or "a4")


def prepare(req: BuildRequest) -> Context:
    loaded = load_located_cached(req.content_dir)
    assert_content_sound(req.content_dir)
    check_course_start(req.baby, req.course_start)
    assert_printable(req.baby, req.clinic)
    allow_eo = req.clinic.allow_essential_oils if req.clinic else None
    assert_content_safe(req.content_dir, allow_eo)
    return personalise(
        loaded.content, req.baby, req.on, clinic=req.clinic, lang=req.lang, course_start=req.course_start
    )


def build_pdf(req: BuildRequest) -> bytes:
    from handbook.render.document import render_pdf  # ReportLab loads only when a PDF is made

    ctx = prepare(req)
    content = load_located_cached(req.content_dir).content
    document = compose(ctx, content, req.edition)
    paper = req.paper or req.baby.paper or ctx.locale.default_paper
    pdf = render_pdf(document, paper=paper, on=req.on, fillable=req.fillable)
    if req.booklet:
        from handbook.postprocess.booklet import impose_booklet

        pdf = impose_booklet(pdf, back_cover=req.clinic is not None)  # the contact page stays outside
    return pdf
