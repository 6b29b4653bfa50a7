"""The one Jinja2 environment for content strings: sandboxed, strict, escaping every value.

Content authors write placeholders (`{{ baby.name }}`); values from parents and clinics are data and
are XML-escaped on the way in, so ReportLab's paragraph parser never sees their markup.

The render budget: a content string may hold only plain placeholders (`{{ name }}`, `{{ name.field }}`),
checked on the parsed template before it ever runs. So no loop, include, arithmetic or method call can run,
rendering is linear in the text, and `check` and `build` refuse the same strings with the same words.
Strings that are nothing but literal text and such placeholders (all of the shipped content) are recognised and
filled without Jinja, which then loads only for a string it must judge (see _plain_parts).
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:  # Jinja loads only for a string that is not plain placeholders (see _plain_parts)
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment


@lru_cache(maxsize=1)
def _env() -> SandboxedEnvironment:
    """The one environment, made on first need: a fresh `handbook build` whose strings are all plain
    placeholders never imports Jinja (tens of milliseconds of its start-up)."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=False)


class TextTemplateError(ValueError):
    """A content string whose placeholder is unknown or malformed."""


MAX_OUTPUT = 20_000  # characters: far more than any content string, far less than a runaway


def _plain(node: nodes.Node) -> bool:
    """`name` or `name.field.field`: the only expressions a content string may print."""
    from jinja2 import nodes

    while isinstance(node, nodes.Getattr):
        if node.attr.startswith("_"):
            return False
        node = node.node
    return isinstance(node, nodes.Name)


def _check_plain(tree: nodes.Template) -> None:
    from jinja2 import nodes

    for stmt in tree.body:
        if not isinstance(stmt, nodes.Output):
            raise TextTemplateError("placeholder syntax: only {{ name }} placeholders are allowed, "
                                    "no {% ... %} tags")
        for part in stmt.nodes:
            if not isinstance(part, nodes.TemplateData) and not _plain(part):
                raise TextTemplateError("placeholder syntax: only {{ name }} or {{ name.field }} is allowed, "
                                        "no arithmetic, calls, filters or indexing")


# Names Jinja's compiler gives a meaning of its own (`self` is the template); strings using them go to Jinja.
_JINJA_NAMES = frozenset({"self", "loop", "super", "caller", "varargs", "kwargs"})


class _Filled:
    """A checked content string filled as Jinja's compiled template fills it, without generating and compiling
    Python code for each string (most of a fresh process's compose time): the literal parts as written, each
    placeholder looked up in the render's names and then the environment's globals (else StrictUndefined),
    each `.field` through the sandbox's getattr, each value escaped (autoescape). tests/test_textenv.py holds
    the two to the same output and the same errors."""

    def __init__(self, tree: nodes.Template) -> None:
        from jinja2 import nodes

        self.parts: list[str | tuple[str, tuple[str, ...]]] = []
        for stmt in tree.body:
            for node in stmt.nodes:  # type: ignore[attr-defined]  # _check_plain: every stmt is an Output
                if isinstance(node, nodes.TemplateData):
                    self.parts.append(node.data)
                    continue
                path = []
                while isinstance(node, nodes.Getattr):
                    path.append(node.attr)
                    node = node.node
                self.parts.append((node.name, tuple(reversed(path))))

    def render(self, **names: Any) -> str:
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            name, path = part
            env = _env()
            value = names[name] if name in names else env.globals.get(name, _MISSING)
            if value is _MISSING:
                value = env.undefined(name=name)
            for attr in path:
                value = env.getattr(value, attr)
            out.append(escape(value))
        return "".join(out)


_MISSING = object()


@lru_cache(maxsize=4096)
def _compile(source: str) -> Any:
    from jinja2 import nodes

    env = _env()
    tree = env.parse(source)
    _check_plain(tree)
    if any(isinstance(n, nodes.Name) and n.name in _JINJA_NAMES for n in tree.find_all(nodes.Name)):
        return env.from_string(tree)  # compiled from the tree just checked: parsed once
    return _Filled(tree)


# The strings Jinja would parse into literal text and `{{ name.field }}` placeholders only, recognised without
# Jinja: every `{{`, `{%` and `{#` in the string opens one of these placeholders (ASCII names that are no Python
# or Jinja keyword, constant or special name, no field starting with `_`, only spaces inside the braces), and no
# carriage return or trailing newline, which Jinja's lexer would rewrite or drop. Anything else goes to Jinja.
_PLACEHOLDER = re.compile(r"\{\{ *([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*) *\}\}")
_OPENER = re.compile(r"\{(?=[{%#])")
_RESERVED = frozenset(keyword.kwlist) | {"true", "false", "none"} | _JINJA_NAMES
Parts = tuple[str | tuple[str, tuple[str, ...]], ...]


@lru_cache(maxsize=4096)
def _plain_parts(source: str) -> Parts | None:
    """The parts `_Filled` would hold for this string (literal text, (name, fields)), or None: ask Jinja."""
    if "\r" in source or source.endswith("\n"):
        return None
    parts: list[str | tuple[str, tuple[str, ...]]] = []
    opened: set[int] = set()
    end = 0
    for found in _PLACEHOLDER.finditer(source):
        name, *path = found.group(1).split(".")
        if name in _RESERVED or any(attr in _RESERVED for attr in path):
            return None
        if found.start() > end:
            parts.append(source[end:found.start()])
        parts.append((name, tuple(path)))
        opened.add(found.start())
        end = found.end()
    if end < len(source):
        parts.append(source[end:])
    if any(brace.start() not in opened for brace in _OPENER.finditer(source)):
        return None
    return tuple(parts)


def _fill_plain(parts: Parts, names: dict[str, Any]) -> str | None:
    """`parts` filled as _Filled fills them, when every placeholder is one of `names` and every field a key of a
    plain dict (the personalise stage's values); None when Jinja's own lookup must decide (its globals, an
    attribute, StrictUndefined's error)."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        name, path = part
        if name not in names:
            return None
        value = names[name]
        for attr in path:
            if type(value) is not dict or attr not in value or hasattr(value, attr):
                return None
            value = value[attr]
        out.append(escape(value))
    return "".join(out)


def _render_jinja(source: str, context: dict[str, Any]) -> str:
    """Parse with Jinja, check, fill: the refusals' words are Jinja's."""
    from jinja2 import TemplateSyntaxError, UndefinedError

    try:
        return str(_compile(source).render(**context))
    except TemplateSyntaxError as exc:
        raise TextTemplateError(f"placeholder syntax: {exc.message}") from None
    except UndefinedError as exc:
        raise TextTemplateError(f"unknown placeholder: {exc.message}") from None


def render_text(source: str, context: dict[str, Any]) -> str:
    """Fill placeholders; plain strings skip Jinja entirely (most content has none), and so do strings of
    plain placeholders whose values are all there."""
    if "{" not in source:
        return source
    try:
        parts = _plain_parts(source)
        out = _fill_plain(parts, context) if parts is not None else None
        if out is None:
            out = _render_jinja(source, context)
    except TextTemplateError:
        raise
    except Exception as exc:  # the sandbox's SecurityError and anything else a template can raise
        raise TextTemplateError(f"placeholder cannot be filled: {type(exc).__name__}") from None
    if len(out) > MAX_OUTPUT:
        raise TextTemplateError(f"placeholder fills to more than {MAX_OUTPUT} characters")
    return out


def fills_from(source: str, names: Iterable[str]) -> bool:
    """Whether render_text fills `source` from `names` alone, as plain placeholders without fields (so other
    values in its context cannot change the result)."""
    parts = _plain_parts(source) if "{" in source else ()
    if parts is None:
        return False
    wanted = set(names)
    return all(isinstance(part, str) or (part[0] in wanted and not part[1]) for part in parts)


def esc(value: object) -> str:
    """Escape untrusted text (names, clinic fields) for ReportLab's paragraph markup."""
    return str(escape(str(value)))


def safe(markup: str) -> Markup:
    """Mark already-escaped text so the environment does not escape it twice."""
    return Markup(markup)


# The placeholders content authors may use, with sample values. The personalise stage builds a
# context with exactly these names (a test holds it to that); `handbook check` renders every content
# string against this sample so an unknown placeholder is an error, not blank text.
SAMPLE_CONTEXT: dict[str, Any] = {
    "baby": {"name": "Robin"},
    "age": {
        "text": "4 months",  # the age used for advice (corrected age when born early)
        "months": 4,
        "weeks": 17,
        "corrected": False,
        "actual_text": "4 months",
        "actual_old": "4 months old",
        "corrected_text": "4 months",
    },
    "stage": {"title": "3 to 6 months", "minutes_min": 10, "minutes_max": 15},
    "next_stage": {"title": "6 to 9 months", "starts": "20 January 2027"},
    "phone": {"emergency": "999", "advice": "NHS 111", "poison": "NHS 111"},
    "wait_hours": 48,
    "clinic": {"name": ""},
    # The one action for a fever under 3 months, from the locale (brief §6.1 #7), filled with its numbers.
    "fever_action": "Get help now. Call 999 if there is any other warning sign. If not, call NHS 111 or your GP.",
}

# Placeholders the code fills in a locale's `strings:` (Composer.s): names with sample values, so `check` can
# render each string as it will print. Only locale strings may use them; content files may not.
STRING_SLOTS: dict[str, Any] = {
    "date": "24 November 2026", "minutes": "10–15 minutes", "text": "Longer strokes.", "n": 1,
    "start": "From 1 month", "move": "Tummy circles", "why": "from 2 months", "when": "from 3 months",
    "before": "before 3 months", "ml": "10", "oil": "sunflower oil", "parts": "10 ml sunflower oil",
    "percent": "0.50", "drop_ml": "0.05", "allergens": "tree nuts", "claim": "It calms babies.",
    "weeks": "4-week", "sessions": "12 sessions", "days": "Mondays and Fridays", "first": "1 December 2026",
    "last": "28 December 2026", "title": "Baby massage handbook",
    "page": "3", "total": "16",
}
