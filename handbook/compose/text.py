"""Turning content items into printable markup for one baby."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from handbook.compose.textenv import render_text
from handbook.content.models import Item, Locale
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


def keep_units(text: str, locale: Locale) -> str:
    """`text` with non-breaking spaces between a number and its unit (and inside "5 to 15 days"), so a line
    never ends on a bare number. Done here, in the compose stage, so content stays plain words; the words are
    the locale's (content/locales/<code>.yaml `units`), so translated text keeps its units too."""
    pattern = locale.unit_pattern
    if pattern is None:
        return text
    return pattern.sub(lambda m: m.group(1).replace(" ", NBSP) + NBSP, text)


def fill(ctx: Context, text: str) -> str:
    return keep_units(render_text(localise(text, ctx.locale), ctx.text_vars), ctx.locale)


def visible(ctx: Context, items: Iterable[Item]) -> list[Item]:
    return [i for i in items if ctx.decisions.printable(i)]


class TextMemo:
    """What compose made of one locale's text, kept between builds on one cache (handbook.cache): most printed
    strings are the same words for every baby. Each store holds a pure function of its key and the locale (this
    memo's own, which it keeps alive, so its identity cannot pass to another locale); text that fills a
    baby's placeholders is filled afresh every time and only its unit spacing is remembered, by the filled
    string."""

    def __init__(self, locale: Locale) -> None:
        self.locale = locale
        self.units: dict[Hashable, str] = {}  # text → keep_units(text, locale)
        self.plain: dict[Hashable, str] = {}  # content text without placeholders → fill()
        self.cites: dict[Hashable, str] = {}  # (evidence labels, sources, evidence) → cite()
        self.words: dict[Hashable, str] = {}  # (what, args) → a Composer phrase of this locale (s, n, num, ...)


MEMO_LIMIT = 8192  # strings per store, more than every edition prints; when full, the oldest goes (cache.remember)


def text_memo(store: dict[int, TextMemo], locale: Locale) -> TextMemo:
    """The memo for `locale` in a cache's store (by the locale's identity, checked: a reloaded content's
    locale is another object and starts its own)."""
    memo = store.get(id(locale))
    if memo is None or memo.locale is not locale:
        if len(store) >= 16:
            store.clear()
        memo = store[id(locale)] = TextMemo(locale)
    return memo
