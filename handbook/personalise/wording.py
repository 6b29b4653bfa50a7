"""Shared English content said the local way: the locale's `words` ("nappy" → "diaper"), as whole words.

Applied to content text before placeholders are filled, so a baby's or clinic's name is never changed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from handbook.content.models import Locale


@lru_cache(maxsize=16)
def _pattern(pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    longest_first = sorted((w for w, _ in pairs), key=len, reverse=True)  # "health visitor" before "visitor"
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in longest_first) + r")\b", re.IGNORECASE)


def localise(text: str, locale: Locale) -> str:
    """`text` in the locale's words; a capital first letter stays capital ("Nappy" → "Diaper")."""
    return _localise(text, tuple(sorted(locale.words.items()))) if locale.words else text


@lru_cache(maxsize=8192)
def _localise(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    pattern = _pattern(pairs)
    table = {w.lower(): (w, local) for w, local in pairs}

    def swap(m: re.Match[str]) -> str:
        word, local = table[m[0].lower()]
        if word[:1].isupper():  # a name ("Moses basket" → "bassinet"): its capital is not a sentence start
            return local
        return local[:1].upper() + local[1:] if m[0][:1].isupper() else local

    return pattern.sub(swap, text)
