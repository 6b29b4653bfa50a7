"""One problem line, kept with its file and line so the report can sort them the way an editor reads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handbook.content.loader import LoadedContent, format_loc
from handbook.yamlsource import Loc

_WHERE = re.compile(r"^(?P<file>[^:\n]+?)(?::(?P<line>\d+))?:\s")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return self.text


def at(loaded: LoadedContent, key: str, loc: Loc, message: str, field: Loc | None = None) -> Problem:
    """'content/oils.yaml:33: oils[2].sources: unknown source ...' for the value at loc (field names it)."""
    src = loaded.sources[key]
    line = src.line_of(loc)
    shown = format_loc(field if field is not None else loc)
    return Problem(src.path, line, f"{src.path}:{line}: {shown}: {message}")


def line_at(loaded: LoadedContent, key: str, loc: Loc, message: str) -> Problem:
    """'content/references.yaml:40: S17 is never cited ...' — located, without a field name."""
    src = loaded.sources[key]
    line = src.line_of(loc)
    return Problem(src.path, line, f"{src.path}:{line}: {message}")


def parse(text: str) -> Problem:
    """A problem that arrives already formatted (schema errors, the rules engine): recover file and line."""
    match = _WHERE.match(text)
    if not match:
        return Problem("", 0, text)
    return Problem(match["file"], int(match["line"] or 0), text)
