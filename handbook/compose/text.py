"""Turning content items into printable markup for one baby."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from handbook.compose.textenv import render_text
from handbook.content.models import Item
from handbook.personalise.context import Context
from handbook.personalise.wording import localise


def cite(ctx: Context, sources: Sequence[str], evidence: str | None = None) -> str:
    """A small tag after a statement: its kind of evidence in words, then the numbers on the references page.

    The words (e.g. "guideline", "study", "common practice") carry the difference, so it survives
    black-and-white printing; common practice may have no number at all.
    """
    nums = sorted({int(s[1:]) for s in sources if s[1:].isdigit()})
    label = ctx.evidence_labels.get(evidence or "", "")
    inner = " ".join(p for p in (f"<i>{label}</i>" if label else "", ", ".join(map(str, nums))) if p)
    if not inner:
        return ""
    return f'<font size="7" color="#555555"><super> [{inner}]</super></font>'


def fill(ctx: Context, text: str) -> str:
    return render_text(localise(text, ctx.locale), ctx.text_vars)


def item_text(ctx: Context, item: Item) -> str:
    return fill(ctx, item.text) + cite(ctx, item.sources, item.evidence)


def visible(ctx: Context, items: Iterable[Item]) -> list[Item]:
    return [i for i in items if ctx.decisions.printable(i)]


def texts(ctx: Context, items: Iterable[Item]) -> tuple[str, ...]:
    return tuple(item_text(ctx, i) for i in visible(ctx, items))
