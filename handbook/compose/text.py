"""Turning content items into printable markup for one baby."""

from __future__ import annotations

import re
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
    # Non-breaking spaces: the tag never starts a line of its own, nor breaks inside its brackets (issue 13).
    inner = inner.replace(" ", NBSP)
    # Size 10 as a superscript prints at 8 pt, the smallest text in the handbook.
    return f'<font size="10" color="#555555"><super>{NBSP}[{inner}]</super></font>'


NBSP = "\u00a0"
# A number and what it counts stay on one line: "30 minutes", "38 °C", "5 to 15 days", "0.1 %", "6 strokes".
UNITS = (r"°|%|ml\b|mm\b|cm\b|kg\b|g\b|h\b|hours?\b|minutes?\b|mins?\b|seconds?\b|days?\b|weeks?\b|"
         r"months?\b|years?\b|drops?\b|times\b|strokes?\b|circles?\b|slow\b")
_NUMBER_UNIT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)(?: to (\d+(?:[.,]\d+)?))? (?=(?:" + UNITS + r"))")


def keep_units(text: str) -> str:
    """`text` with non-breaking spaces between a number and its unit (and in "5 to 15 days"), so a line never
    ends on a bare number. Done here, in the compose stage, so content stays plain words."""
    def joined(m: re.Match[str]) -> str:
        if m.group(2):
            return f"{m.group(1)}{NBSP}to{NBSP}{m.group(2)}{NBSP}"
        return m.group(1) + NBSP
    return _NUMBER_UNIT.sub(joined, text)


def fill(ctx: Context, text: str) -> str:
    return keep_units(render_text(localise(text, ctx.locale), ctx.text_vars))


def item_text(ctx: Context, item: Item) -> str:
    return fill(ctx, item.text) + cite(ctx, item.sources, item.evidence)


def visible(ctx: Context, items: Iterable[Item]) -> list[Item]:
    return [i for i in items if ctx.decisions.printable(i)]


def texts(ctx: Context, items: Iterable[Item]) -> tuple[str, ...]:
    return tuple(item_text(ctx, i) for i in visible(ctx, items))
