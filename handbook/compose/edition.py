"""Compose entry point: an edition (ordered section list) + context → Document."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from handbook.cache import BuildCache, default_cache, remember
from handbook.compose import blocks as b
from handbook.compose.sections import SECTIONS, Composer
from handbook.content.loader import validate
from handbook.content.models import Content, Model
from handbook.errors import ContentError
from handbook.personalise.context import Context
from handbook.yamlsource import load_yaml

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
EDITIONS = ("handbook", "checklist", "chart")


class Edition(Model):
    title: str
    sections: list[str] = Field(min_length=1)
    max_pages: int | None = Field(default=None, ge=1)  # a printable that must fit: its text shrinks to fit


def load_edition(name: str, cache: BuildCache | None = None) -> Edition:
    """The edition template, read and validated once per cache."""
    store: dict = (cache or default_cache()).part("editions", dict)
    return remember(store, name, lambda: _read_edition(name), limit=16)


def _read_edition(name: str) -> Edition:
    path = TEMPLATES_DIR / "editions" / f"{name}.yaml"
    src = load_yaml(path, f"templates/editions/{name}.yaml")
    edition, problems = validate(Edition, src)
    unknown = [s for s in (edition.sections if edition else []) if s not in SECTIONS]
    problems += [f"{src.where(('sections',))}: sections: unknown section '{s}'" for s in unknown]
    if problems:
        raise ContentError(problems)
    return edition


def compose(ctx: Context, content: Content, edition_name: str = "handbook",
            cache: BuildCache | None = None) -> b.Document:
    edition = load_edition(edition_name, cache)
    composer = Composer(ctx, content)
    # Figures are numbered in the order the techniques appear, before the stage page refers to them.
    composer.number_figures([t.figure for t in ctx.decisions.techniques])
    blocks: list[b.Block] = []
    for section in edition.sections:
        blocks += SECTIONS[section](composer)
    name = ctx.baby.name
    footer_bits = [f"{name}'s massage handbook" if edition_name == "handbook" else edition.title]
    if ctx.clinic is not None:
        footer_bits.append(ctx.clinic.name + (f" · {ctx.clinic.phone}" if ctx.clinic.phone else ""))
    return b.Document(
        title=f"{edition.title} for {name}",
        subject=f"Infant massage for a baby aged {ctx.advice_age.text}; stage {ctx.stage.title}",
        author=ctx.clinic.name if ctx.clinic is not None else "handbook",
        lang=ctx.locale.language,
        footer=" · ".join(footer_bits),
        blocks=tuple(blocks),
        max_pages=edition.max_pages,
    )
