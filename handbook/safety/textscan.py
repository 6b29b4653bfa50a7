"""Finding words in content the way an editor means them: whole words, `*` endings, sentence by sentence.

Used by the wording, temperature and technique-name rules; no rule logic here, only text handling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from handbook.content.loader import LoadedContent
from handbook.yamlsource import Loc


@lru_cache(maxsize=256)
def phrase_regex(phrases: tuple[str, ...], gap: int = 0) -> re.Pattern[str] | None:
    """Whole-word matcher for editor-friendly phrases: 'treat*' = treat, treats, treatment; never 'retreat'.

    Words in a phrase may be split by spaces or hyphens, with up to `gap` other words between them.
    """
    alternatives = []
    for phrase in phrases:
        words = [w for w in re.split(r"[\s\-]+", phrase.strip().replace("’", "'")) if w]
        parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
        sep = r"[\s\-]+" if gap <= 0 else rf"[\s\-]+(?:\S+[\s\-]+){{0,{gap}}}?"
        if parts:
            alternatives.append(sep.join(parts))
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def find(phrases: Iterable[str], text: str, gap: int = 0) -> list[str]:
    pattern = phrase_regex(tuple(phrases), gap)
    return [m.group(0) for m in pattern.finditer(text.replace("’", "'"))] if pattern else []


def sentences(text: str) -> list[str]:
    """Markup-free sentences: tags removed, split after . ! ? and at line breaks (38.0 stays whole)."""
    plain = re.sub(r"<[^>]+>", " ", text)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", plain) if s.strip()]


# Keys whose values are ids, switches or references, never printed as words.
NOT_PRINTED = {
    "id", "sources", "evidence", "when", "figure", "kind", "read_at", "url", "style", "tone", "boxes",
    "technique", "carrier", "oil", "shown_as", "verdict", "code", "language", "default_paper", "date_format",
    "status", "language_name", "default_for", "hyphenation", "temperature_units",
}


def _walk(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_PRINTED:
                yield from _walk(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk(value, (*loc, i))


def printable_strings(loaded: LoadedContent) -> Iterator[tuple[str, Loc, str]]:
    """(content key, path, text) for every string a parent may read. Reference titles are other people's words,
    and rules.yaml is for editors except its `reason…` params, which print next to recipes."""
    for key, src in loaded.sources.items():
        data = src.data
        if key == "settings" or not isinstance(data, dict):
            continue
        if key == "rules":
            for i, rule in enumerate(data.get("rules") or []):
                params = rule.get("params") if isinstance(rule, dict) else None
                for name, value in (params or {}).items() if isinstance(params, dict) else ():
                    if str(name).startswith("reason") and isinstance(value, str):
                        yield key, ("rules", i, "params", name), value
        elif key.startswith("locale:"):
            for part in ("strings", "words"):
                yield from ((key, loc, text) for loc, text in _walk(data.get(part) or {}, (part,)))
        elif key == "references":
            for part in ("title", "intro"):
                yield from ((key, loc, text) for loc, text in _walk(data.get(part), (part,)))
        else:
            yield from ((key, loc, text) for loc, text in _walk(data, ()))
