"""Content the renderer cannot draw as written: inline markup its paragraph parser refuses, tags it must not
see (`<img>`, `<font>`), characters the fonts cannot print, rule messages with format fields, a default locale
that is not there. Each is one file:line problem, for `check` and (through `content_errors`) for every build.

The markup and glyph verdict is the renderer's own (`handbook.render.markup.text_problem`), so what `check`
passes, the renderer draws.
"""

from __future__ import annotations

from handbook.check.problem import Problem, at
from handbook.check.strings import Text
from handbook.compose.textenv import SAMPLE_CONTEXT, TextTemplateError, render_text
from handbook.content.loader import LoadedContent


def check_renderable(loaded: LoadedContent, texts: list[Text]) -> list[Problem]:
    from handbook.render.markup import text_problem  # the renderer's parser and fonts

    problems = []
    for t in texts:
        try:
            filled = render_text(t.text, SAMPLE_CONTEXT)
        except TextTemplateError:
            continue  # the placeholder check reports it
        problem = text_problem(filled)
        if problem:
            problems.append(at(loaded, t.key, t.loc, problem))
    return problems


def check_rule_messages(loaded: LoadedContent) -> list[Problem]:
    from handbook.safety.rulebase import message_fields

    problems = []
    for i, rule in enumerate(loaded.content.rules.rules):
        bad = message_fields(rule.message)
        if bad:
            problems.append(at(loaded, "rules", ("rules", i, "message"),
                               f"{bad[0][:40]} is not a plain {{name}} field (no format specs, attributes "
                               "or indexes)"))
    return problems


def check_locales(loaded: LoadedContent) -> list[Problem]:
    content = loaded.content
    wanted = content.settings.default_locale
    if wanted in content.locales:
        return []
    known = ", ".join(sorted(content.locales))
    return [at(loaded, "settings", ("default_locale",), f"locale '{wanted}' does not exist (available: {known})")]
