"""Turning content items into printable markup for one baby."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from handbook.compose.textenv import render_text
from handbook.content.models import Item
from handbook.personalise.context import Context
from handbook.personalise.wording import localise


def cite(sources: Sequence[str]) -> str:
    """Small reference numbers after a statement, matching the numbered references page."""
    nums = sorted({int(s[1:]) for s in sources if s[1:].isdigit()})
    if not nums:
        return ""
    return f'<font size="7" color="#6b6b6b"><super> [{", ".join(map(str, nums))}]</super></font>'


def fill(ctx: Context, text: str) -> str:
    return render_text(localise(text, ctx.locale), ctx.text_vars)


def item_text(ctx: Context, item: Item) -> str:
    return fill(ctx, item.text) + cite(item.sources)


def visible(ctx: Context, items: Iterable[Item]) -> list[Item]:
    return [i for i in items if ctx.decisions.printable(i)]


def texts(ctx: Context, items: Iterable[Item]) -> tuple[str, ...]:
    return tuple(item_text(ctx, i) for i in visible(ctx, items))
