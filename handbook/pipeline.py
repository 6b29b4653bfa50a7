"""The whole pipeline as one call: load content → personalise → compose → render [→ booklet].

Used by the CLI, the batch runner and the benchmark, so all three build exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from handbook.cache import BuildCache, default_cache
from handbook.compose.edition import compose
from handbook.content.loader import (
    CachedContent,
    LoadedContent,
    cached_content,
    still_as_loaded,
)
from handbook.content.models import Content
from handbook.errors import ClinicError, ContentError, ProfileError, SafetyError
from handbook.inputs.profile import Baby, check_course_start
from handbook.personalise.context import Context, personalise, pick_locale
from handbook.resources import templates_root
from handbook.safety.engine import content_problems
from handbook.safety.printed import assert_printed_safe
from handbook.verdicts import Shelf, VerdictStore

if TYPE_CHECKING:  # a clinic's model (and pydantic's validator for it) loads only when a clinic file is read
    from handbook.inputs.clinic import Clinic


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
    tagged: bool = True  # a tagged PDF (PDF/UA-1); the booklet, an imposition for printing, is never tagged
    verdicts: VerdictStore | None = None  # content verdicts kept between processes (the CLI's cache folder)


def assert_content_safe(content_dir: Path | None, allow_essential_oils: bool | None,
                        cache: BuildCache | None = None, disk: Disk | None = None) -> None:
    """Unsafe content never reaches a PDF; checked once per content folder as loaded and clinic opt-in.

    The memo is keyed on the opt-in exactly as given (None, False or True), since the rules may treat "no
    clinic" differently from a clinic that says no.
    """
    _checked(content_dir, allow_essential_oils, cache, disk)


@dataclass(frozen=True)
class Disk:
    """Verdicts on disk for one build's folders: the store and the templates folder the fingerprint covers."""

    store: VerdictStore
    templates_dir: Path | None = None

    def key(self, entry: CachedContent) -> str | None:
        """The fingerprint of exactly the content in `entry`, or None when a file changed since it was loaded
        (then the checks run, as without a store)."""
        key = self.store.key(entry.loaded.root, templates_root(self.templates_dir))
        return key if still_as_loaded(entry) else None

    def load(self, root: Path) -> LoadedContent | None:
        return self.store.content(self.store.key(root, templates_root(self.templates_dir)))

    def keep(self, root: Path, loaded: LoadedContent) -> None:
        self.store.keep_content(self.store.key(root, templates_root(self.templates_dir)), loaded)


def _disk(req: BuildRequest) -> Disk | None:
    return Disk(req.verdicts, req.templates_dir) if req.verdicts is not None else None


def _remembered(disk: Disk | None, entry: CachedContent, verdict: str) -> bool:
    key = disk.key(entry) if disk is not None else None
    return key is not None and disk is not None and disk.store.passed(key, verdict)


def _remember(disk: Disk | None, entry: CachedContent, verdict: str) -> None:
    key = disk.key(entry) if disk is not None else None
    if key is not None and disk is not None:
        disk.store.record(key, verdict)


def _checked(content_dir: Path | None, allow_essential_oils: bool | None, cache: BuildCache | None,
             disk: Disk | None = None) -> Content:
    """The content as loaded now, once the safety rules passed on exactly it (the same object is then
    personalised and composed, even if a file changes meanwhile)."""
    cache = cache or default_cache()
    with cache.lock:
        return _safe_entry(cached_content(content_dir, cache), allow_essential_oils, disk)


def _safe_entry(entry: CachedContent, allow_essential_oils: bool | None, disk: Disk | None) -> Content:
    """`entry`'s content once the safety rules passed on it for this opt-in (remembered on the entry)."""
    verdict = f"safe for clinic opt-in {allow_essential_oils}"
    if allow_essential_oils not in entry.safe_for and not _remembered(disk, entry, verdict):
        problems = content_problems(entry.loaded, allow_essential_oils=allow_essential_oils)
        if problems:
            raise SafetyError("the content breaks safety rules, so no handbook was built:\n"
                              + "\n".join(problems))
        _remember(disk, entry, verdict)
    entry.safe_for.add(allow_essential_oils)
    return entry.loaded.content


def assert_content_sound(content_dir: Path | None, cache: BuildCache | None = None,
                         disk: Disk | None = None) -> None:
    """Content `check` refuses never builds: unknown sources, techniques, locales or placeholders, markup the
    renderer cannot parse, characters the fonts cannot print, reading grade — the same file:line lines, exit 2.
    Once per content as loaded (the cache's entry remembers it), or once per content bytes when `disk` keeps
    verdicts between processes."""
    _sound_entry(cached_content(content_dir, cache, disk), disk)


def _sound_entry(entry: CachedContent, disk: Disk | None) -> None:
    """Raises `check`'s content errors for `entry` unless they passed on it before (on it, or on disk)."""
    if not entry.sound and not _remembered(disk, entry, "sound"):
        from handbook.check import content_errors  # with pyphen's dictionaries: only when the check runs

        problems = content_errors(entry.loaded)
        if problems:
            raise ContentError(problems)
        _remember(disk, entry, "sound")
    entry.sound = True


def cannot_print(text: str, cache: BuildCache | None = None) -> str | None:
    """The fonts' verdict on a text people typed, for the inputs stage to call (it never imports render); with
    `cache`, the fonts' coverage is read from its data file once per cache."""
    from handbook.render.glyphs import cannot_print as fonts_cannot_print  # the fonts' data, not ReportLab
    from handbook.render.glyphs import covered

    return fonts_cannot_print(text, cache.part("glyphs", covered) if cache is not None else None)


_CLINIC_TEXT = ("name", "address", "intro")


def assert_printable(baby: Baby, clinic: Clinic | None, cache: BuildCache | None = None) -> None:
    """The same glyph check the inputs ran with file:line, for values built without it (the API, tests)."""
    problem = cannot_print(baby.name, cache)
    if problem:
        raise ProfileError(f"name: {problem}")
    for name in _CLINIC_TEXT if clinic is not None else ():
        value = getattr(clinic, name)
        problem = cannot_print(value, cache) if value else None
        if problem:
            raise ClinicError(f"{name}: {problem}")


def warm_up(clinic: Clinic | None, paper: str | None, content_dir: Path | None = None,
            templates_dir: Path | None = None, cache: BuildCache | None = None,
            verdicts: VerdictStore | None = None) -> None:
    """Load content, fonts and styles and run the content and safety checks once, before any batch row; with
    `verdicts`, content and verdicts come from the CLI's cache folder when the content is unchanged, as for
    `handbook build` (the batch waits for this before any worker starts)."""
    from handbook.render.cache import render_cache
    from handbook.render.styles import styles

    disk = Disk(verdicts, templates_dir) if verdicts is not None else None
    assert_content_sound(content_dir, cache, disk)
    assert_content_safe(content_dir, clinic.allow_essential_oils if clinic else None, cache, disk)
    styles(paper or "a4", 1.0, str(templates_dir) if templates_dir else None, render_cache(cache))


def _prepare(req: BuildRequest, cache: BuildCache) -> tuple[Context, Content]:
    """The context and content of one build, in the handbook's language: a translated locale's text comes from
    its catalogue (handbook.i18n.translate) once the catalogue passed `check`'s rules; the facts are the one
    tree the safety rules passed on."""
    ctx, content, _entry = _prepared(req, cache)
    return ctx, content


def _prepared(req: BuildRequest, cache: BuildCache) -> tuple[Context, Content, CachedContent]:
    """As _prepare, with the cache's entry for the content folder: looked up (and its files' stamps read) once
    per build, so every check, the translation and the printed-text rules see the one content as loaded."""
    from handbook.i18n.translate import translated_of

    disk = _disk(req)
    entry = cached_content(req.content_dir, cache, disk)
    _sound_entry(entry, disk)
    check_course_start(req.baby, req.course_start)
    assert_printable(req.baby, req.clinic, cache)
    content = _safe_entry(entry, req.clinic.allow_essential_oils if req.clinic else None, disk)
    code = pick_locale(content, req.lang or req.baby.lang).code
    _translated_entry(entry, code)
    content = translated_of(entry, code).content
    ctx = personalise(content, req.baby, req.on, clinic=req.clinic, lang=code, course_start=req.course_start)
    return ctx, content, entry


def assert_translated(content_dir: Path | None, code: str, cache: BuildCache | None = None) -> None:
    """A stale or missing translation of a safety string stops the build for that locale (issue 14 §3), with
    `check`'s file:line lines; other locales still build."""
    _translated_entry(cached_content(content_dir, cache), code)


def _translated_entry(entry: CachedContent, code: str) -> None:
    from handbook.i18n.catalog import check_translations

    if code in entry.translated:  # passed on exactly this content and catalogue
        return
    errors, _ = check_translations(entry.loaded, only=code)
    if errors:
        raise ContentError([p.text for p in sorted(errors)])


def prepare(req: BuildRequest, cache: BuildCache | None = None) -> Context:
    cache = cache or default_cache()
    with cache.lock:
        return _prepare(req, cache)[0]


def build_html(req: BuildRequest, cache: BuildCache | None = None) -> str:
    """The same handbook as one self-contained, accessible HTML page, from the same blocks as the PDF."""
    from handbook.render.html import render_html

    cache = cache or default_cache()
    with cache.lock:
        ctx, content, entry = _prepared(req, cache)
        document = compose(ctx, content, req.edition, req.templates_dir, cache=cache)
        assert_printed_safe(document, ctx, entry.loaded, cache)  # every printed string
        return render_html(document, ctx.locale.strings)


def _shelf(req: BuildRequest, entry: CachedContent) -> Shelf | None:
    """Where the render stage keeps what it drew for later processes: beside the verdicts, under the fingerprint
    of exactly the content, templates and code this build uses (None without a store, or when a file changed
    since it was loaded)."""
    disk = _disk(req)
    key = disk.key(entry) if disk is not None else None
    return disk.store.shelf(key) if disk is not None and key is not None else None


def build_pdf(req: BuildRequest, cache: BuildCache | None = None, *, impose: bool = True) -> bytes:
    """The PDF for one request. `cache` defaults to this thread's own (see handbook.cache); a cache shared
    between threads is safe, as its lock makes their builds take turns. `impose=False` gives a booklet's
    pages in reading order, before they are placed on sheets (to check or proof them)."""
    from handbook.render.document import render_pdf  # ReportLab loads only when a PDF is made

    cache = cache or default_cache()
    with cache.lock:
        ctx, content, entry = _prepared(req, cache)
        booklet = req.booklet  # laid out on A5 / half-Letter pages, then imposed 2-up without scaling
        document = compose(ctx, content, req.edition, req.templates_dir, cache=cache, booklet=booklet)
        assert_printed_safe(document, ctx, entry.loaded, cache)  # every printed string
        paper = req.paper or req.baby.paper or ctx.locale.default_paper
        pdf = render_pdf(document, paper=paper, on=req.on, fillable=req.fillable, cache=cache,
                         tagged=req.tagged and not req.booklet, booklet=booklet, shelf=_shelf(req, entry))
    if req.booklet and impose:
        from handbook.postprocess.booklet import impose_booklet

        pdf = impose_booklet(pdf, back_cover=True)  # the back cover stays the outside back
    return pdf
