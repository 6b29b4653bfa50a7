"""Every cited source exists, and every listed reference is cited: a statement never points at nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from handbook.check.problem import Problem, at, line_at
from handbook.content.loader import LoadedContent
from handbook.yamlsource import Loc

REFERENCES = "references"
# Rules justify themselves with sources, but they are not printed: a citation there puts no number in the text.
NOT_CITING = {REFERENCES, "rules", "settings"}


def _source_lists(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, list[Any]]]:
    """Every `sources:` list in one parsed file, with its path."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k == "sources" and isinstance(v, list):
                yield (*loc, k), v
            else:
                yield from _source_lists(v, (*loc, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _source_lists(v, (*loc, i))


def check_sources(loaded: LoadedContent) -> list[Problem]:
    refs = loaded.content.references.references
    known = {r.id for r in refs}
    problems: list[Problem] = []
    cited: set[str] = set()
    for key, src in loaded.sources.items():
        for loc, ids in _source_lists(src.data):
            for i, sid in enumerate(ids):
                if sid not in known:
                    problems.append(at(loaded, key, (*loc, i), f"unknown source '{sid}'", field=loc))
                elif key not in NOT_CITING:
                    cited.add(sid)
    seen: set[str] = set()
    for i, ref in enumerate(refs):
        if ref.id in seen:
            problems.append(at(loaded, REFERENCES, ("references", i, "id"), f"{ref.id} is listed twice"))
        seen.add(ref.id)
        if ref.id not in cited:
            message = f"{ref.id} is never cited; remove it or cite it"
            problems.append(line_at(loaded, REFERENCES, ("references", i, "id"), message))
    return problems
