"""The one Jinja2 environment for content strings: sandboxed, strict, escaping every value.

Content authors write placeholders (`{{ baby.name }}`); values from parents and clinics are data and
are XML-escaped on the way in, so ReportLab's paragraph parser never sees their markup.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

_ENV = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=False)


class TextTemplateError(ValueError):
    """A content string whose placeholder is unknown or malformed."""


@lru_cache(maxsize=4096)
def _compile(source: str):
    return _ENV.from_string(source)


def render_text(source: str, context: dict[str, Any]) -> str:
    """Fill placeholders; plain strings skip Jinja entirely (most content has none)."""
    if "{" not in source:
        return source
    try:
        return str(_compile(source).render(**context))
    except TemplateSyntaxError as exc:
        raise TextTemplateError(f"placeholder syntax: {exc.message}") from None
    except UndefinedError as exc:
        raise TextTemplateError(f"unknown placeholder: {exc.message}") from None


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
