"""Checks over what one handbook actually prints, so no page can say what the content rules forbid.

The content check (`handbook check`, and `assert_content_safe` before every build) sees the YAML; this sees the
composed document for one baby: code-written strings, the body-map key, "Common worries", the box on every stage
page. Values people type (the baby's and clinic's names, the clinic's intro) are data, not claims, so they are
taken out of the text before the wording rule reads it.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from handbook.cache import BuildCache, remember
from handbook.compose import blocks as b
from handbook.content.loader import LoadedContent
from handbook.errors import SafetyError
from handbook.personalise.context import Context
from handbook.safety.checks import _items_in, age_mentions, from_age_patterns, technique_starts, too_early_in_sentence
from handbook.safety.rulebase import Params, Scope, months_text
from handbook.safety.textscan import find, sentences

# Block fields that are ids, paths or data typed by people, never content or code words.
NOT_TEXT = {"figure_id", "key", "field_prefix", "clinic_logo", "qr_url", "lang", "style", "tone", "kind",
            "clinic_name", "intro", "name", "author", "footer", "title_data"}
USER_BLOCKS = (b.ContactBlock,)
OTHER_PEOPLES_WORDS = {"references"}  # titles of cited works ("diagnosis and treatment") are not our claims


def _walk(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, html.unescape(re.sub(r"<[^>]+>", " ", value))
    elif isinstance(value, tuple | list):
        for v in value:
            yield from _walk(v, where)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, USER_BLOCKS):
            return
        name = type(value).__name__
        for f in dataclasses.fields(value):
            if f.name not in NOT_TEXT:
                yield from _walk(getattr(value, f.name), name)


def document_strings(document: b.Document) -> Iterator[tuple[str, str]]:
    """(block type, text) for every string the document prints, markup removed."""
    section = ""
    for block in document.blocks:
        if isinstance(block, b.Heading) and block.level == 1:
            section = block.key
        if section in OTHER_PEOPLES_WORDS:
            continue
        yield from _walk(block, type(block).__name__)


def _rule(loaded: LoadedContent, check: str) -> tuple[str, Params] | None:
    rule = next((r for r in loaded.content.rules.rules if r.check == check), None)
    return (rule.id, Params(rule)) if rule is not None else None


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


CLAIM_GAP = 3  # as handbook.i18n.catalog reads each translated string, so build and check agree


def _locale_claims(ctx: Context, loaded: LoadedContent) -> list[str]:
    """A translated handbook is also read for its own language's claim words (translation.yaml `claims`)."""
    lang = ctx.locale.code.split("-")[0]
    if lang == loaded.content.settings.default_locale.split("-")[0]:
        return []
    from handbook.i18n.catalog import claim_words

    return claim_words(loaded, lang)


@dataclass(frozen=True)
class _Reading:
    """Everything the wording and move rules read a printed string with, for one handbook: two handbooks with
    the same reading give the same verdict on the same string (the memo's key, with the string)."""

    wording_id: str
    phrases: tuple[str, ...]
    ok: tuple[str, ...]
    gap: int
    later: tuple[tuple[str, tuple[str, float]], ...]
    navel_moves: tuple[str, ...]
    from_ages: tuple[re.Pattern[str], ...]
    claims: tuple[str, ...]
    mentions_id: str


def _reading(ctx: Context, loaded: LoadedContent) -> _Reading:
    wording = _rule(loaded, "forbidden_wording")
    phrases: list[str] = []
    ok: list[str] = []
    gap = 0
    if wording is not None:
        p = wording[1]
        phrases, gap = p.words("phrases"), int(p.num("max_gap_words"))
        ok = p.words("ok_phrases") if "ok_phrases" in p.raw else []
    ages = _rule(loaded, "techniques")
    mentions_id = (_rule(loaded, "technique_mentions") or ("R09b_technique_mentions", None))[0]
    kind_min = ages[1].num_map("kind_min_months") if ages else {}
    starts = technique_starts(Scope(loaded, ctx.allow_essential_oils), kind_min)
    later = {n.lower(): (n, s) for n, s in starts.items() if s > ctx.advice_months}
    navel_moves = [] if ctx.navel_healed else [t.name for t in loaded.content.techniques.techniques
                                               if t.needs_navel_healed]
    return _Reading(wording[0] if wording else "", tuple(phrases), tuple(ok), gap, tuple(later.items()),
                    tuple(navel_moves), from_age_patterns(ctx.locale.plurals.get("from_months", {}).values()),
                    tuple(_locale_claims(ctx, loaded)), mentions_id)


def _string_problems(where: str, text: str, r: _Reading, age_text: str) -> tuple[str, ...]:
    """What the wording and move rules say of one printed string (names already taken out)."""
    problems: list[str] = []
    claims, phrases = list(r.claims), list(r.phrases)
    for sentence in sentences(text) if claims and find(claims, text, CLAIM_GAP) else []:
        for word in find(claims, sentence, CLAIM_GAP):
            problems.append(f"{r.wording_id}: printed in {where}: '{word}' sounds like a "
                            f"medical claim: '{_quote(sentence)}'")
    later = dict(r.later)
    watched = [*phrases, *(n for n, _s in later.values()), *r.navel_moves]
    if not find(watched, text, r.gap):
        return tuple(problems)  # most strings name no claim and no move: skip the sentence-by-sentence reading
    for sentence in sentences(text):
        cleaned = sentence
        for phrase in find(r.ok, cleaned):
            cleaned = cleaned.replace(phrase, " ")
        for word in find(phrases, cleaned, r.gap):
            problems.append(f"{r.wording_id}: printed in {where}: '{word}' sounds like a "
                            f"medical claim: '{_quote(sentence)}'")
        for move, start in too_early_in_sentence(sentence, later, r.from_ages):
            problems.append(f"{r.mentions_id}: printed in {where}: '{move}' starts at {months_text(start)}, but "
                            f"this baby is {age_text}: '{_quote(sentence)}'")
        for move in find(r.navel_moves, sentence) if r.navel_moves else []:
            if not find(["navel"], sentence):
                problems.append(f"{r.mentions_id}: printed in {where}: '{move}' before the navel has "
                                f"healed: '{_quote(sentence)}'")
    return tuple(problems)


class PrintedMemo:
    """Verdicts kept between builds on one cache (handbook.cache): most of a handbook's strings are the same
    for every baby, and whether a string breaks a rule is a pure function of the string and the reading
    (_Reading). Only clean strings are remembered: a string that breaks one is read again (its message names
    the baby's age), and it stops the build anyway."""

    def __init__(self) -> None:
        self.blocks: dict = {}  # (block, section skipped) → its (block type, text) strings
        self.clean: dict = {}  # reading → the (where, text) pairs found clean with it


def _block_strings(block: b.Block, memo: PrintedMemo | None) -> tuple[tuple[str, str], ...]:
    if memo is None:
        return tuple(_walk(block, type(block).__name__))
    try:
        return remember(memo.blocks, block, lambda: tuple(_walk(block, type(block).__name__)), limit=4096)
    except TypeError:  # a block with an unhashable field: read it afresh
        return tuple(_walk(block, type(block).__name__))


def printed_problems(document: b.Document, ctx: Context, loaded: LoadedContent,
                     memo: PrintedMemo | None = None) -> list[str]:
    """Every rule this handbook's printed text breaks, one line each (empty when it is safe to print); `memo`
    keeps the strings of unchanged blocks and the verdicts on unchanged strings for the next build."""
    problems: list[str] = []
    names = [n for n in (ctx.baby.name, ctx.clinic.name if ctx.clinic else "") if n]
    reading = _reading(ctx, loaded)
    strings: list[tuple[str, str]] = []
    section = ""
    for block in document.blocks:
        if isinstance(block, b.Heading) and block.level == 1:
            section = block.key
        if section not in OTHER_PEOPLES_WORDS:
            strings += _block_strings(block, memo)
    clean: set[tuple[str, str]] = set() if memo is None else remember(memo.clean, reading, set, limit=64)
    if len(clean) > 16384:
        clean.clear()
    for where, text in dict.fromkeys(strings):  # the box on every stage page: read once
        text = text.replace("\u00a0", " ")  # read as a reader does: a number's no-break space is a space
        for name in names:
            text = text.replace(name, " ")
        if (where, text) in clean:
            continue
        found = _string_problems(where, text, reading, ctx.advice_age.text)
        if not found:
            clean.add((where, text))
        problems += found
    problems += printed_age_problems(ctx, loaded)
    return problems


def printed_age_problems(ctx: Context, loaded: LoadedContent) -> list[str]:
    """R17 for this baby: a printed red-flag or checklist line about an age range the baby is outside of."""
    rule = _rule(loaded, "age_ranges")
    if rule is None:
        return []
    rid, p = rule
    who = ctx.decisions.audience
    months = who.months_from_birth
    problems = []
    for key in p.words("files"):
        src = loaded.sources.get(key)
        if src is None:
            continue
        for loc, node in _items_in(src.data, ()):
            item = _Node(node)
            if not who.printable(item):
                continue
            for lo, hi, said in age_mentions(node["text"]):
                if (lo is not None and months < lo) or (hi is not None and months >= hi):
                    problems.append(f"{src.path}:{src.line_of((*loc, 'text'))}: {rid}: prints '{said}' for a baby "
                                    f"aged {ctx.age.text} from birth")
    return problems


class _Node:
    """A raw YAML item seen through the same attributes as a content Item, for Audience.printable()."""

    def __init__(self, node: dict) -> None:
        self.evidence = node.get("evidence")
        self.when = node.get("when", "always")
        self.from_months = node.get("from_months")
        self.below_months = node.get("below_months")
        self.age_from = node.get("age_from", "advice")


def assert_printed_safe(document: b.Document, ctx: Context, loaded: LoadedContent,
                        cache: BuildCache | None = None) -> None:
    """Refuses a handbook whose printed text breaks a rule; with `cache`, verdicts are kept for the next build."""
    memo = cache.part("printed", PrintedMemo) if cache is not None else None
    problems = printed_problems(document, ctx, loaded, memo)
    if problems:
        raise SafetyError("this handbook would print text that breaks safety rules, so it was not built:\n"
                          + "\n".join(dict.fromkeys(problems)))
