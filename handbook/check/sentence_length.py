"""No sentence a parent reads is longer than settings.max_sentence_words (brief §1: about 20 words or fewer).

Measured like the reading grade: markup stripped, placeholders filled with sample values, numbers one word.
"""

from __future__ import annotations

from handbook.check.problem import Problem
from handbook.check.readability import NOT_GRADED, sentences, words
from handbook.check.strings import Text
from handbook.content.loader import FILES, LoadedContent

QUOTE_CHARS = 60


def check_sentence_length(loaded: LoadedContent, texts: list[Text]) -> list[Problem]:
    limit = loaded.content.settings.max_sentence_words
    problems = []
    for t in texts:
        if t.kind != "body" or t.key not in FILES or t.key in NOT_GRADED:
            continue
        src = loaded.sources[t.key]
        for sentence in sentences(t.text):
            n = len(words(sentence))
            if n > limit:
                line = src.line_of(t.loc)
                quote = sentence if len(sentence) <= QUOTE_CHARS else sentence[: QUOTE_CHARS - 1].rstrip() + "…"
                problems.append(Problem(src.path, line, f"{src.path}:{line}: sentence of {n} words is over "
                                                        f"{limit} (split it): '{quote}'"))
    return problems
