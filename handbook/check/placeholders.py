"""Every placeholder fills in: an unknown name is an error here, not a blank or a crash at build time."""

from __future__ import annotations

import re

from handbook.check.problem import Problem, at
from handbook.check.strings import Text
from handbook.compose.textenv import SAMPLE_CONTEXT, STRING_SLOTS, TextTemplateError, render_text
from handbook.content.loader import LoadedContent

_UNDEFINED = re.compile(r"'([^']+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")
# `{baby.name}` prints literally: editors mean `{{ baby.name }}`.
_SINGLE_BRACES = re.compile(r"(?<!\{)\{\s*([A-Za-z_][\w.]*)\s*\}(?!\})")


def placeholder_problem(text: str, slots: bool = False) -> str | None:
    """Why this string's placeholders do not fill in, in an editor's words; None when they do.
    `slots`: a locale string, which may also use the placeholders the code fills (STRING_SLOTS)."""
    single = _SINGLE_BRACES.search(text)
    if single:
        return f"placeholder '{single[0]}' needs two braces: {{{{ {single[1]} }}}}"
    try:
        render_text(text, {**SAMPLE_CONTEXT, **STRING_SLOTS} if slots else SAMPLE_CONTEXT)
    except TextTemplateError as exc:
        message = str(exc)
        if (m := _UNDEFINED.search(message)) is not None:
            return f"unknown placeholder '{m[1]}'"
        if (m := _NO_ATTRIBUTE.search(message)) is not None:
            dotted = re.search(rf"[A-Za-z_][\w.]*\.{re.escape(m[1])}\b", text)
            return f"unknown placeholder '{dotted[0] if dotted else m[1]}'"
        return message
    return None


def check_placeholders(loaded: LoadedContent, texts: list[Text]) -> list[Problem]:
    problems = []
    for t in texts:
        if t.key == "rules":
            continue  # a rule's reasons have `{oil}` slots the rule fills (str.format style), not Jinja
        slots = t.key.startswith("locale:") and t.loc[:1] == ("strings",)
        if "{" in t.text and (message := placeholder_problem(t.text, slots)) is not None:
            problems.append(at(loaded, t.key, t.loc, message))
    return problems
