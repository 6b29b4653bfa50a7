"""The one formatter for input problems: `file:line: field: problem`, at most a few shown, one line each."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from handbook.yamlsource import Loc, Located

if TYPE_CHECKING:  # pydantic loads with the validator that raises or reports these, not with this formatter
    from pydantic import ValidationError
    from pydantic_core import PydanticCustomError

INPUT_ERROR = "input"  # the pydantic error type our validators raise; their message is shown as written
MOST_SHOWN = 5  # a file with 100,000 typos gets five lines and a count, not a 17 MB message


def fail(message: str, **ctx: Any) -> PydanticCustomError:
    """A validator's refusal. The user's value goes in through ctx, never into the template, so braces in it
    cannot break formatting."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(INPUT_ERROR, message, ctx)


def format_loc(loc: Loc) -> str:
    """('oils', 2, 'name') → 'oils[2].name' — the way an editor would point at it."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def short(value: Any) -> str:
    """A value as it appears in a message: repr, cut to 40 characters, no control characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def terminal_safe(text: str) -> str:
    """Control characters (escape sequences, bidi overrides) in a message would act on the terminal: show them
    as \\x1b-style escapes instead. Newlines between problems are kept."""
    out = []
    for ch in text:
        if ch == "\n" or (ch.isprintable() and not _is_format(ch)):
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def _is_format(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch) == "Cf"


def unknown_field(key: object, allowed: Sequence[str]) -> str:
    """The problem for a field name that is not allowed (the line already starts with the name)."""
    if not allowed:
        return "unknown field (check the spelling)"
    close = difflib.get_close_matches(str(key), allowed, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown field ({hint}allowed: {', '.join(allowed)})"


def pydantic_problems(exc: ValidationError, src: Located | None, allowed: Sequence[str] = ()) -> list[str]:
    """One `file:line: field: problem` line per pydantic error (without `file:line: ` when there is no file)."""
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            msg = unknown_field(loc[-1] if loc else "", allowed)
        elif kind == "missing":
            msg = "is required but missing"
        elif kind == INPUT_ERROR:
            msg = err["msg"]
        else:  # a type pydantic checked itself, e.g. a list where a value belongs
            msg = f"{err['msg'][0].lower()}{err['msg'][1:]}, got {short(err.get('input'))}"
        text = f"{format_loc(loc)}: {msg}"
        out.append(f"{src.where(loc)}: {text}" if src is not None else text)
    return out


def joined(problems: Sequence[str], sep: str = "\n", most: int = MOST_SHOWN) -> str:
    """The problems as one message: the first `most`, then how many more there are."""
    shown = list(problems[:most])
    if len(problems) > most:
        shown.append(f"... and {len(problems) - most} more problems")
    return sep.join(shown)
