"""The safety lines that apply to one baby, computed from content, and a check that a PDF prints each of them.

Safety lines: every printable red-flag and condition line, every checklist item decided for this baby, every
warning of a recipe, and the fever action (issue 13: "no safety line lost" when the pages are rearranged).
"""

from __future__ import annotations

import html
import re
from datetime import date

from handbook.cache import BuildCache
from handbook.compose.text import fill, visible
from handbook.content.models import Item
from handbook.inputs.profile import Baby
from handbook.pipeline import BuildRequest, _prepare


def plain(markup: str) -> str:
    """Markup as the PDF's extracted text reads: no tags, entities undone, one space for any run of spaces."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def squeeze(text: str) -> str:
    """Extracted PDF text with line breaks undone, so a line can be found wherever the page broke it."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u00ad", ""))


def safety_lines(baby: Baby, on: date, lang: str | None = None) -> set[str]:
    ctx, content = _prepare(BuildRequest(baby=baby, on=on, lang=lang), BuildCache())

    def lines(items: list[Item]) -> list[str]:
        return [plain(fill(ctx, i.text)) for i in visible(ctx, items)]

    out: list[str] = []
    for blk in content.red_flags.blocks + content.conditions.blocks:
        out += lines(blk.items)
    for items in ctx.decisions.checklist.values():
        out += [plain(fill(ctx, i.text)) for i in items]
    for recipe in content.oils.recipes:
        out += lines(recipe.warnings)
    out += lines(content.oils.if_something_goes_wrong)  # the fever action is inside the lines that use it
    return {line for line in out if line}


def missing_lines(lines: set[str], pdf_text: str) -> list[str]:
    text = squeeze(pdf_text)
    return sorted(line for line in lines if line not in text)
