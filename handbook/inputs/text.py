"""Checks shared by every text a person types that prints (baby name, clinic name, address, intro)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from handbook.inputs.problems import fail

if TYPE_CHECKING:
    from pydantic import ValidationInfo

# The caller's glyph check: the problem to report for a text the fonts cannot print, or None.
Printable = Callable[[str], str | None]

# Bidirectional embeddings, overrides and isolates can make a printed text read differently from what was
# typed; they are never needed in a name or an address.
BIDI_CONTROLS = frozenset(chr(c) for c in (0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def has_controls(text: str, *, newlines: bool) -> bool:
    """Control characters, line/paragraph separators and bidi controls; tab and newline only when allowed."""
    allowed = {"\n", "\t"} if newlines else set()
    return any(
        (unicodedata.category(ch) in ("Cc", "Zl", "Zp") and ch not in allowed) or ch in BIDI_CONTROLS
        for ch in text
    )


def printable_check(info: ValidationInfo | None) -> Printable | None:
    """The glyph check the caller passed in the validation context (None: the pipeline checks later)."""
    context: Any = info.context if info is not None else None
    return context.get("printable") if isinstance(context, dict) else None


def check_printable(text: str, info: ValidationInfo | None) -> str:
    check = printable_check(info)
    problem = check(text) if check is not None else None
    if problem:
        raise fail("{problem}", problem=problem)
    return text
