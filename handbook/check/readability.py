"""Flesch–Kincaid grade, offline: pyphen counts syllables, so no word list has to be downloaded.

Content strings are measured as parents will read them: markup stripped, placeholders filled with
sample values. Each item or bullet is at least one sentence, because a bullet ends where it ends,
full stop or not.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from handbook.check.problem import Problem
from handbook.check.strings import Text
from handbook.compose.textenv import SAMPLE_CONTEXT, TextTemplateError, render_text
from handbook.content.loader import FILES, LoadedContent


@lru_cache(maxsize=1)
def _dic() -> Any:
    """pyphen's en_US patterns, loaded on the first word measured (a build that skips `check` never pays)."""
    import pyphen

    return pyphen.Pyphen(lang="en_US", left=1, right=1)


_TAG = re.compile(r"<[^>]*>")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
# Numbers ("38.0", "1,000") are one word each; "°C" reads as the word "C", "%" as "percent".
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’-][^\W_]+)*|%")
# A sentence ends at . ! ? (or …) followed by a space; "0.1 %" and "e.g. the" do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[^a-z\s])")
_VOWELS = re.compile(r"[aeiouy]+")
_SOUNDED_ES = ("ses", "xes", "zes", "ches", "shes", "ces", "ges")
# Units read as one short word each.
UNITS = frozenset({"ml", "mm", "cm", "kg", "g", "h", "min", "mins", "s", "c", "°c", "%", "v/v", "wk", "mo"})


def _vowel_groups(piece: str, *, first: bool, last: bool) -> int:
    """Vowel groups in one piece of a word, less a silent final e/es/ed: 'move' 1, 'ture' 1, 'rash·es' 1+1."""
    count = len(_VOWELS.findall(piece[1:] if first and piece.startswith("y") else piece))
    silent = piece.endswith("e") and not piece.endswith(("le", "ee", "ye"))
    if last:
        silent = silent or (piece.endswith("es") and not piece.endswith(_SOUNDED_ES))
        silent = silent or (piece.endswith("ed") and not piece.endswith(("ted", "ded")))
    if count > 1 and silent:
        count -= 1
    return count


@lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Syllables in one word. Numbers and units count as one; hyphenated words add up their parts.

    pyphen's hyphenation points split the word; with left=right=1 it finds nearly every syllable break
    but also cuts off lone consonants ("war·m") and misses some breaks ("adult"), so each piece counts
    its vowel groups: a lone consonant adds nothing, and a word pyphen cannot split falls back to the
    vowel-group count as a whole.
    """
    w = word.strip().lower().replace("’", "'")
    if not w:
        return 0
    if any(ch.isdigit() for ch in w) or w in UNITS:
        return 1
    if "-" in w:
        return sum(syllables(part) for part in w.split("-") if part)
    if w.endswith("'s"):
        w = w[:-2]
    pieces = _dic().inserted(w, hyphen="\0").split("\0")
    last = len(pieces) - 1
    return max(1, sum(_vowel_groups(p, first=i == 0, last=i == last) for i, p in enumerate(pieces)))


def plain_text(text: str) -> str:
    """What the reader sees: placeholders filled with sample values, <b>/<i> markup and entities gone."""
    if "{" in text:
        try:
            text = render_text(text, SAMPLE_CONTEXT)
        except TextTemplateError:  # reported by the placeholder check; measure with a stand-in word
            text = _JINJA.sub("Robin", text)
    return html.unescape(_TAG.sub("", text))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """The sentences of one item: at least one if it has any words."""
    parts = [s.strip() for s in _SENTENCE_END.split(plain_text(text).strip())]
    return [s for s in parts if words(s)]


@dataclass(frozen=True)
class Counts:
    sentences: int = 0
    words: int = 0
    syllables: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.sentences + other.sentences, self.words + other.words, self.syllables + other.syllables)

    def __sub__(self, other: Counts) -> Counts:
        return Counts(self.sentences - other.sentences, self.words - other.words, self.syllables - other.syllables)

    @property
    def grade(self) -> float:
        if not self.words or not self.sentences:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def count_sentence(sentence: str) -> Counts:
    ws = words(sentence)
    return Counts(1, len(ws), sum(syllables(w) for w in ws))


def count(texts: list[str] | str) -> Counts:
    """Counts over items, each split into sentences (an item without a full stop is still one)."""
    total = Counts()
    for text in [texts] if isinstance(texts, str) else texts:
        for s in sentences(text):
            total += count_sentence(s)
    return total


def grade(text: str | list[str]) -> float:
    """Flesch–Kincaid grade level of a text, or of a list of items read as one section."""
    return count(text).grade


# --- the check: one grade per content file ---------------------------------------------------------------

# Reference lists, switches and rule definitions are not read as prose.
NOT_GRADED = frozenset({"settings", "references", "rules"})
QUOTE_CHARS = 60


@dataclass(frozen=True)
class _Sentence:
    line: int
    text: str
    counts: Counts


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def check_reading_grade(loaded: LoadedContent, texts: list[Text]) -> list[Problem]:
    """Each file's body text, read as one section, must be at or below settings.max_reading_grade."""
    limit = loaded.content.settings.max_reading_grade
    by_key: dict[str, list[Text]] = {}
    for t in texts:
        if t.kind == "body" and t.key in FILES and t.key not in NOT_GRADED:
            by_key.setdefault(t.key, []).append(t)
    problems = []
    for key, items in by_key.items():
        src = loaded.sources[key]
        total = Counts()
        graded: list[_Sentence] = []
        for t in items:
            for s in sentences(t.text):
                c = count_sentence(s)
                total += c
                graded.append(_Sentence(src.line_of(t.loc), s, c))
        if total.grade > limit:
            # Hardest = the sentences whose removal would lower the file's grade the most, so a long
            # sentence outranks a two-word bullet that happens to hold a long word.
            hardest = sorted(graded, key=lambda s: (total - s.counts).grade)[:2]
            shown = ", ".join(f"line {s.line} '{_quote(s.text)}'" for s in sorted(hardest, key=lambda s: s.line))
            problems.append(
                Problem(src.path, 0, f"{src.path}: reading grade {total.grade:.1f} is above {limit:g} "
                                     f"(hardest sentences: {shown})")
            )
    return problems


# --- reading ease in other languages (issue 14 §3) ------------------------------------------------------------
# The formulas' constants are the published ones; content/translation.yaml holds the thresholds and citations.

_RU_VOWELS = frozenset("аеёиоуыэюя")
_ES_VOWELS = frozenset("aeiouáéíóúü")
_ES_STRONG = frozenset("aeoáéóíú")  # an accented i/u stands alone (hiatus), like a, e, o


def syllables_ru(word: str) -> int:
    """Russian: one syllable per vowel letter (Oborneva's counting); numbers count as one."""
    w = word.lower()
    return 1 if any(ch.isdigit() for ch in w) else max(1, sum(ch in _RU_VOWELS for ch in w))


def syllables_es(word: str) -> int:
    """Spanish: vowel nuclei; weak vowels (i, u) join a neighbour (diphthong), two strong vowels do not."""
    w = word.lower()
    if any(ch.isdigit() for ch in w):
        return 1
    count, prev = 0, ""
    for ch in w:
        if ch in _ES_VOWELS and (prev not in _ES_VOWELS or (prev in _ES_STRONG and ch in _ES_STRONG)):
            count += 1
        prev = ch if ch in _ES_VOWELS else ""
    return max(1, count)


def _ease_counts(texts: list[str], syllable: Callable[[str], int]) -> Counts:
    total = Counts()
    for text in texts:
        for s in sentences(text):
            ws = words(s)
            total += Counts(1, len(ws), sum(syllable(w) for w in ws))
    return total


def oborneva(texts: list[str] | str) -> float:
    """Flesch Reading Ease re-fitted to Russian (Oborneva 2006): 206.835 − 1.3·ASL − 60.1·ASW."""
    c = _ease_counts([texts] if isinstance(texts, str) else texts, syllables_ru)
    return 0.0 if not c.words else 206.835 - 1.3 * c.words / c.sentences - 60.1 * c.syllables / c.words


def szigriszt_inflesz(texts: list[str] | str) -> float:
    """Szigriszt-Pazos perspicuity (1993), read on the INFLESZ scale: 206.835 − 62.3·S/P − P/F."""
    c = _ease_counts([texts] if isinstance(texts, str) else texts, syllables_es)
    return 0.0 if not c.words else 206.835 - 62.3 * c.syllables / c.words - c.words / c.sentences


READING_EASE: dict[str, Callable[[list[str] | str], float]] = {
    "oborneva": oborneva,
    "szigriszt_inflesz": szigriszt_inflesz,
}
