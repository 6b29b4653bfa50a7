"""Content strings are filled without Jinja compiling each one (textenv._Filled), exactly as Jinja's compiled
template fills them: the same text, the same refusals with the same words, for every string in the content and
for the awkward cases a content author could write."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from markupsafe import Markup

from handbook.check.strings import iter_strings
from handbook.compose import textenv
from handbook.compose.textenv import SAMPLE_CONTEXT, STRING_SLOTS, TextTemplateError, render_text
from handbook.content.loader import load_located

NAMES: dict[str, Any] = {
    **SAMPLE_CONTEXT, **STRING_SLOTS,
    "baby": {"name": "Bo <b>&</b>", "items": 3},
    "marked": Markup("<b>kept</b>"), "number": 4.5, "nothing": None, "count": 7,
}
AWKWARD = [
    "{{ baby.name }}", "{{ baby.items }}", "{{ age.keys }}", "{{ missing }}", "{{ baby.missing }}",
    "{{ missing.field }}", "{{ range }}", "{{ self }}", "{{ marked }} and {{ number }}", "{{ nothing }}",
    "a {# a comment #} b {{ count }}", "{{- baby.name -}}  x", "line {{ count }}\n", "{{ stage.title }}{{ n }}",
    "<b>{{ baby.name }}</b> &amp; {{ phone.emergency }}", "{{ baby }}",
]


def _outcome(fill: Any) -> tuple[str, str]:
    try:
        return "ok", str(fill())
    except Exception as exc:
        return type(exc).__name__, str(exc)


def _sources() -> list[str]:
    found = {t.text for t in iter_strings(load_located(None)) if "{" in t.text}
    assert len(found) > 50  # the content's own placeholders are all compared
    return sorted(found) + AWKWARD


@pytest.mark.parametrize("names", [NAMES, {}], ids=["names", "none"])
def test_filled_strings_match_jinjas_compiled_templates(names: dict[str, Any]) -> None:
    for source in _sources():
        ours, jinjas = textenv._compile(source), textenv._env().from_string(source)
        assert _outcome(partial(ours.render, **names)) == _outcome(partial(jinjas.render, **names)), source


def test_only_jinjas_own_names_are_left_to_jinja() -> None:
    assert isinstance(textenv._compile("{{ baby.name }} {{ age.text }}"), textenv._Filled)
    assert not isinstance(textenv._compile("{{ self }}"), textenv._Filled)
    with pytest.raises(TextTemplateError, match="unknown placeholder: 'baby' is undefined"):
        render_text("Hello {{ baby.name }}", {})
    assert render_text("Hi {{ baby.name }}", {"baby": {"name": "<i>Jo</i>"}}) == "Hi &lt;i&gt;Jo&lt;/i&gt;"


# Strings at the edges of what is recognised without Jinja (textenv._plain_parts): each must fill or be refused
# exactly as Jinja's parse decides.
EDGES = [
    "{{{ baby.name }}", "{ {{ baby.name }}", "{{baby.name}}", "{{ true }}", "{{ None }}", "{{ baby.0 }}",
    "{{ baby._x }}", "{{ baby.name }}\n", "a\r\n{{ count }}", "{% if count %}x{% endif %}", "{{ count }} }}",
    "{{ not }}", "{{ in }}", "{{ baby.name.upper }}", "{{ age.text }}{#c#}", "{{\tcount }}", "{{ count\n}}",
    "{{ loop }}", "{{ dict }}", "{{ lipsum }}", "{{ baby.name|upper }}", "{{ baby['name'] }}", "{{ é }}",
    "{{ nothing.x }}", "{{ count.real }}", "{{ baby.items }} {{ count }}", "{{ count }}{{ count }}", "{n} {{ n }}",
    "{{ count }} {%", "x {{+ count }}", "{{ raw }}{% raw %}{{ a }}{% endraw %}", "{{ count }}" * 3000,
]


def _jinja_only(source: str, names: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    with monkeypatch.context() as patched:
        patched.setattr(textenv, "_plain_parts", lambda source: None)
        return _outcome(partial(render_text, source, names))


@pytest.mark.parametrize("names", [NAMES, {}], ids=["names", "none"])
def test_strings_filled_without_jinja_fill_and_fail_as_jinja_decides(names: dict[str, Any],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    for source in _sources() + EDGES:
        assert _outcome(partial(render_text, source, names)) == _jinja_only(source, names, monkeypatch), source


def test_the_contents_placeholders_are_filled_without_jinja() -> None:
    """Every placeholder string in the shipped content is recognised as plain, so a build need not load Jinja."""
    found = {t.text for t in iter_strings(load_located(None)) if "{" in t.text}
    assert [s for s in sorted(found) if textenv._plain_parts(s) is None] == []
    assert textenv._plain_parts("Hi {{ baby.name }}, {{ age.text }}!") == ("Hi ", ("baby", ("name",)), ", ",
                                                                          ("age", ("text",)), "!")
    assert all(textenv._plain_parts(s) is None for s in ("{{{ a }}", "{{ a }}\n", "{{ a._b }}", "{{ loop }}"))
