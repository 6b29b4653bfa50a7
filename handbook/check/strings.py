"""Every printable string in the content, with where it lives, so each check can name file, line and field.

Body text is what parents read as sentences (graded for reading level); headings, titles, names and
labels are only checked for placeholders, because a heading of three words says nothing about grade.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, NamedTuple

from handbook.content import models as m
from handbook.content.loader import FILES, LoadedContent
from handbook.yamlsource import Loc

Kind = Literal["body", "heading"]


class Text(NamedTuple):
    """One printable string: the content key ('oils', 'locale:en-GB'), its path in that file, the text."""

    key: str
    loc: Loc
    text: str
    kind: Kind = "body"


def _body(key: str, loc: Loc, text: str | None) -> Iterator[Text]:
    if text:
        yield Text(key, loc, text, "body")


def _heading(key: str, loc: Loc, text: str | None) -> Iterator[Text]:
    if text:
        yield Text(key, loc, text, "heading")


def _items(key: str, loc: Loc, items: Iterable[m.Item]) -> Iterator[Text]:
    for i, item in enumerate(items):
        yield from _body(key, (*loc, i, "text"), item.text)


def _prose(key: str, s: m.ProseSection) -> Iterator[Text]:
    yield from _heading(key, ("title",), s.title)
    yield from _items(key, ("intro",), s.intro)
    for i, block in enumerate(s.blocks):
        yield from _heading(key, ("blocks", i, "heading"), block.heading)
        yield from _items(key, ("blocks", i, "items"), block.items)


def _techniques(key: str, f: m.TechniquesFile) -> Iterator[Text]:
    yield from _heading(key, ("title",), f.title)
    yield from _items(key, ("intro",), f.intro)
    for i, t in enumerate(f.techniques):
        at: Loc = ("techniques", i)
        yield from _heading(key, (*at, "name"), t.name)
        yield from _heading(key, (*at, "body_part"), t.body_part)
        yield from _body(key, (*at, "direction"), t.direction)
        yield from _body(key, (*at, "caption"), t.caption)
        for j, step in enumerate(t.steps):
            yield from _body(key, (*at, "steps", j), step)
    yield from _items(key, ("direction_rules",), f.direction_rules)
    for i, n in enumerate(f.never):
        yield from _heading(key, ("never", i, "name"), n.name)
        yield from _body(key, ("never", i, "reason"), n.reason)


def _stages(key: str, f: m.StagesFile) -> Iterator[Text]:
    yield from _heading(key, ("title",), f.title)
    yield from _items(key, ("intro",), f.intro)
    for i, st in enumerate(f.stages):
        at: Loc = ("stages", i)
        yield from _heading(key, (*at, "title"), st.title)
        yield from _body(key, (*at, "summary"), st.summary)
        for j, step in enumerate(st.routine):
            yield from _heading(key, (*at, "routine", j, "body_part"), step.body_part)
            yield from _body(key, (*at, "routine", j, "amount"), step.amount)
        yield from _body(key, (*at, "new_this_stage"), st.new_this_stage)
        yield from _body(key, (*at, "coming_next"), st.coming_next)
        yield from _items(key, (*at, "tips"), st.tips)
    yield from _items(key, ("every_stage",), f.every_stage)
    yield from _items(key, ("before_due_date",), f.before_due_date)


def _checklist(key: str, f: m.ChecklistFile) -> Iterator[Text]:
    yield from _heading(key, ("title",), f.title)
    yield from _items(key, ("intro",), f.intro)
    for i, group in enumerate(f.groups):
        yield from _heading(key, ("groups", i, "heading"), group.heading)
        yield from _items(key, ("groups", i, "items"), group.items)
    yield from _items(key, ("body_map_legend",), f.body_map_legend)


def _oils(key: str, f: m.OilsFile) -> Iterator[Text]:
    yield from _heading(key, ("title",), f.title)
    yield from _items(key, ("intro",), f.intro)
    for i, oil in enumerate(f.oils):
        yield from _heading(key, ("oils", i, "name"), oil.name)
        yield from _heading(key, ("oils", i, "latin"), oil.latin)
        yield from _heading(key, ("oils", i, "allergen"), oil.allergen)
        yield from _body(key, ("oils", i, "reason"), oil.reason)
    for i, r in enumerate(f.recipes):
        at: Loc = ("recipes", i)
        yield from _heading(key, (*at, "title"), r.title)
        yield from _body(key, (*at, "claim"), r.claim)
        for j, step in enumerate(r.method):
            yield from _body(key, (*at, "method", j), step)
        yield from _items(key, (*at, "warnings"), r.warnings)
    yield from _items(key, ("patch_test",), f.patch_test)
    yield from _items(key, ("if_something_goes_wrong",), f.if_something_goes_wrong)
    yield from _items(key, ("notes",), f.notes)


def _tracker(key: str, f: m.TrackerFile) -> Iterator[Text]:
    yield from _heading(key, ("title",), f.title)
    yield from _items(key, ("intro",), f.intro)
    for i, col in enumerate(f.columns):
        yield from _heading(key, ("columns", i, "label"), col.label)
        yield from _heading(key, ("columns", i, "label_born_early"), col.label_born_early)
        yield from _heading(key, ("columns", i, "prompt"), col.prompt)
        for j, option in enumerate(col.options):
            yield from _heading(key, ("columns", i, "options", j), option)
    for i, printed in enumerate(f.printed):
        yield from _heading(key, ("printed", i, "label"), printed.label)
        yield from _heading(key, ("printed", i, "label_born_early"), printed.label_born_early)


def _figures(key: str, f: m.FiguresFile) -> Iterator[Text]:
    for i, fig in enumerate(f.figures):
        yield from _body(key, ("figures", i, "alt"), fig.alt)


def _references(key: str, f: m.ReferencesFile) -> Iterator[Text]:
    yield from _heading(key, ("title",), f.title)
    yield from _items(key, ("intro",), f.intro)
    for name, label in f.evidence_labels.items():  # "guideline", "study": the tag after each statement
        yield from _heading(key, ("evidence_labels", name), label)


def _rules(key: str, f: m.RulesFile) -> Iterator[Text]:
    """The reasons a rule gives a parent ("{oil} is a nut oil: …"): printed beside a recipe's verdict. Their
    `{oil}` slots are filled by the rule (handbook.personalise.rules), not by Jinja."""
    for i, rule in enumerate(f.rules):
        for name, value in rule.params.items():
            if name.startswith("reason") and isinstance(value, str):
                yield from _heading(key, ("rules", i, "params", name), value)


def _locale(key: str, loc: m.Locale) -> Iterator[Text]:
    for name, text in loc.strings.items():
        yield from _heading(key, ("strings", name), text)
    for name, text in loc.words.items():
        yield from _heading(key, ("words", name), text)


_WALKERS: dict[type, Callable[[str, Any], Iterator[Text]]] = {
    m.ProseSection: _prose,
    m.TechniquesFile: _techniques,
    m.FiguresFile: _figures,
    m.StagesFile: _stages,
    m.ChecklistFile: _checklist,
    m.OilsFile: _oils,
    m.TrackerFile: _tracker,
    m.ReferencesFile: _references,
    m.RulesFile: _rules,
}


def iter_strings(loaded: LoadedContent) -> Iterator[Text]:
    """All printable strings, file by file in the loader's order, then the locales."""
    content = loaded.content
    for key in FILES:
        value = getattr(content, key)
        walker = _WALKERS.get(type(value))
        if walker is not None:
            yield from walker(key, value)
    for code, locale in sorted(content.locales.items()):
        yield from _locale(f"locale:{code}", locale)
