"""Compose entry point: an edition (ordered section list) + context → Document."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, ClassVar

from handbook.cache import BuildCache, default_cache, remember
from handbook.compose import blocks as b
from handbook.compose import booklet as booklet_sections
from handbook.compose.sections import SECTIONS, Composer, routine_techniques, run_on
from handbook.compose.text import text_memo
from handbook.compose.textenv import esc
from handbook.content.loader import validate
from handbook.content.models import Content
from handbook.errors import ContentError
from handbook.personalise.context import Context
from handbook.resources import templates_root
from handbook.values import Model
from handbook.yamlsource import load_yaml

TEMPLATES_DIR = templates_root()  # the shipped templates
EDITIONS = ("handbook", "checklist", "chart")


class Edition(Model):
    """`title_key` names the printed title in the locale's strings (the shipped editions, so it translates);
    an editor's own template may give a literal `title:` instead, which then prints as written (and wins).
    Its validator is the pydantic class of the same name in handbook.compose.edition_schema."""

    _schema: ClassVar[str] = "handbook.compose.edition_schema"

    title: str | None
    title_key: str | None
    sections: list[str]
    max_pages: int | None  # a printable that must fit: its text shrinks to fit


def _text(value: Any) -> bool:
    """Text the validator keeps exactly as it is (its whitespace stripping would change nothing)."""
    return type(value) is str and value == value.strip()


def well_formed(data: Any) -> Edition | None:
    """The Edition for a template that is plainly right, read exactly as the validator reads it, without loading
    pydantic; None for anything else: the validator then decides and words every problem."""
    if type(data) is not dict or not data.keys() <= set(Edition._fields):
        return None
    title, key, sections, most = (data.get(n) for n in Edition._fields)
    if not all(v is None or _text(v) for v in (title, key)) or not (title or key):
        return None
    if type(sections) is not list or not sections or not all(_text(s) for s in sections):
        return None
    if most is not None and not (type(most) is int and most >= 1):
        return None
    return Edition.model_construct(title=title, title_key=key, sections=list(sections), max_pages=most)


def load_edition(name: str, templates_dir: Path | None = None, cache: BuildCache | None = None) -> Edition:
    """An edition from the shipped templates, or from `templates_dir` (an editor's copy), read once per cache."""
    root = str(templates_root(templates_dir).resolve())
    store: dict = (cache or default_cache()).part("editions", dict)
    return remember(store, (name, root), lambda: _read_edition(name, root), limit=16)


def _read_edition(name: str, root: str) -> Edition:
    path = Path(root) / "editions" / f"{name}.yaml"
    shown = f"templates/editions/{name}.yaml" if path.parents[1] == TEMPLATES_DIR.resolve() else str(path)
    try:
        src = load_yaml(path, shown)
    except FileNotFoundError:
        raise ContentError([f"{shown}: edition '{name}' not found"]) from None
    edition = well_formed(src.data)
    if edition is not None and all(s in SECTIONS for s in edition.sections):
        return edition
    edition, problems = validate(Edition, src)
    unknown = [s for s in (edition.sections if edition else []) if s not in SECTIONS]
    problems += [f"{src.where(('sections',))}: sections: unknown section '{s}'" for s in unknown]
    if problems:
        raise ContentError(problems)
    return edition


def _plain(markup: str) -> str:
    """Filled locale text as plain text: the escaped name back to its own characters, and the no-break spaces
    that keep a number with its unit on a printed line as plain ones (metadata is not broken into lines)."""
    return html.unescape(markup).replace("\u00a0", " ")


def compose(ctx: Context, content: Content, edition_name: str = "handbook",
            templates_dir: Path | None = None, cache: BuildCache | None = None,
            booklet: bool = False) -> b.Document:
    """`booklet`: for A5 / half-Letter pages, with the chart as a pointer and spare pages before the back cover."""
    edition = load_edition(edition_name, templates_dir, cache)
    memo = text_memo((cache or default_cache()).part("compose_text", dict), ctx.locale)
    composer = Composer(ctx, content, memo=memo)
    # Figures are numbered in the order the techniques appear, before the stage page refers to them.
    if "techniques" in edition.sections:  # else the edition's own figures start at 1 (the checklist's body map)
        composer.number_figures([t.figure for t in routine_techniques(composer)])
    builders = {**SECTIONS, **booklet_sections.OVERRIDES} if booklet else SECTIONS
    blocks: list[b.Block] = []
    spare_at = None
    for section in edition.sections:
        if section == booklet_sections.BACK_COVER:
            blocks = run_on(blocks)  # a booklet's spare pages go in here: the index counts the joined blocks
            spare_at = len(blocks)
        blocks += builders[section](composer)
    blocks = run_on(blocks)
    # Metadata and the footer are plain text (not paragraph markup): the locale's words, unescaped.
    # The edition's printed name: an editor's literal `title:` as written, else the locale string `title_key`.
    if edition.title:
        title, title_markup = edition.title, esc(edition.title)
    else:
        title_markup = composer.s(str(edition.title_key))
        title = _plain(title_markup)
    footer_bits = [_plain(composer.s("footer_handbook")) if edition_name == "handbook" else title]
    if ctx.clinic is not None:
        footer_bits.append(ctx.clinic.footer_name)
    # The clinic's phone always prints whole: the renderer cuts the words before it, never the number.
    phone = f" · {ctx.clinic.phone}" if ctx.clinic is not None and ctx.clinic.phone else ""
    return b.Document(
        title=_plain(composer.s("doc_title", title=title_markup)),
        subject=_plain(composer.s("doc_subject")),
        author=ctx.clinic.name if ctx.clinic is not None else "handbook",  # the tool's name: not a word to translate
        lang=ctx.locale.language,
        footer=" · ".join(footer_bits),
        footer_keep=phone,
        blocks=tuple(blocks),
        max_pages=edition.max_pages,
        templates=str(templates_dir) if templates_dir is not None else None,
        page_label=_plain(composer.s("page_label", page="{page}", total="{total}")),
        hyphenation=ctx.locale.hyphenation,
        spares=booklet_sections.spare_pages(composer) if booklet else (),
        spare_at=len(blocks) if spare_at is None else spare_at,
        reader_texts=(esc(ctx.baby.name),),
    )
