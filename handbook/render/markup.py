"""The renderer's verdict on a content string, before any build: is its inline markup what the renderer can
draw, and can the shipped fonts print every character?

`handbook check` (and the pipeline, for every build) call `text_problem` so that a string the renderer would
choke on is refused with the content's file:line instead of crashing every build: the markup is parsed by the
same ReportLab paragraph parser the renderer uses. Only a few tags are allowed: `<img>` would read any file
on the machine into the PDF, `<font>`, `<a>` and the rest change what the theme decides.
"""

from __future__ import annotations

import re
from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paraparser import ParaParser

from handbook.render.fonts import register_fonts, unprintable

ALLOWED_TAGS = ("b", "i", "u", "strong", "em", "br", "sub", "sup", "super")
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][\w:-]*)([^>]*)>")
_DETAIL = re.compile(r"caused exception\s*(.*)", re.DOTALL)


@cache
def _style() -> ParagraphStyle:
    return ParagraphStyle("check", fontName=register_fonts())


def markup_problem(text: str) -> str | None:
    """Why ReportLab's paragraph parser would refuse (or misuse) this markup; None when it draws as meant."""
    if "<" not in text and "&" not in text:
        return None  # no markup at all: nothing for the parser to refuse
    for match in _TAG.finditer(text):
        tag, rest = match[1].lower(), match[2].strip()
        if tag not in ALLOWED_TAGS:
            allowed = ", ".join(f"<{t}>" for t in ALLOWED_TAGS[:5])
            return f"markup <{match[1]}> is not allowed (use {allowed} or <br/>)"
        if rest not in ("", "/"):
            return f"markup <{match[1]}> takes no attributes, got {rest[:40]!r}"
    parser = ParaParser()
    try:
        parsed = parser.parse(text, _style())
    except Exception as exc:  # the parser raises ValueError with the whole paragraph in the message
        found = _DETAIL.search(str(exc))
        detail = " ".join((found[1] if found else str(exc)).split()).replace("</para>", "the end of the text")
        return f"inline markup does not parse: {detail[:120]}"
    if parsed is None or getattr(parser, "errors", None):
        return "inline markup does not parse"
    return None


def text_problem(text: str) -> str | None:
    """The first reason this content string cannot be rendered as written, or None."""
    problem = markup_problem(text)
    if problem:
        return problem
    if text.isascii() and text.isprintable():
        return None  # the fonts print every printable ASCII character
    bad = unprintable(_TAG.sub("", text))
    if bad:
        return f"has characters the handbook cannot print: {bad!r} (the fonts print Latin, Greek and Cyrillic)"
    return None
