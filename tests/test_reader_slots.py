"""Paragraphs that name the baby share one parse among babies (paragraphs._slot_parse): the parse of the words
with the name's slot character, the name put back in its place. Whatever the name and whatever markup is around
it, that gives ReportLab's own parse of the text, and a handbook built from shared parses has the bytes of one
built in a fresh cache."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaParser

from handbook.cache import BuildCache
from handbook.compose.textenv import esc
from handbook.personalise.profile import baby_from
from handbook.pipeline import BuildRequest, build_pdf
from handbook.render.cache import render_cache
from handbook.render.paragraphs import Para, slots_for
from handbook.render.styles import styles

ON = date(2026, 11, 24)
NAMES = ["Sam", "Ada Mae", "Zoë", "Алёша", "Ελένη", "b", "i", "amp", "font", "super", "a", "O'Brien", "Bo <b>",
         "Tom & Jo", "Mia  Rose", " Lee", "R\u00a0J", "nbsp", "x\ue000y"]
TEXTS = [
    "{n}",
    "Stop and cuddle {n}.",
    "<b>Get help now</b> if {n} is vomiting.<font size=\"10\" color=\"#555555\"><super>\u00a0[<i>guideline</i>"
    "\u00a07]</super></font>",
    "<b>\u25f7\u00a0 Not yet for {n} (from 1\u00a0month).</b>",
    "{n}'s navel &amp; skin. {n}{n} and {n}.",
    "Bamboo, Samba, Adapt, Sams, {n}<br/>{n}",
    "<i>{n}</i> &lt;b&gt; {n}",
]


def _parse(p: Paragraph) -> tuple:
    frags = [sorted(vars(f).items()) for f in p.frags]
    bullet = [sorted(vars(f).items()) for f in p.bulletText] if isinstance(p.bulletText, list) else p.bulletText
    return p.text, frags, bullet, sorted(vars(p.style).items())


@pytest.mark.parametrize("name", NAMES)
def test_a_shared_parse_is_reportlabs_own(name: str) -> None:
    cache = BuildCache()
    rc = render_cache(cache)
    style = styles("a4", 1.0, None, rc)["list_item"]
    slots = slots_for((esc(name),))
    for template in TEXTS:
        for other in ("Robin", "Priya Kaur"):  # another baby first: its parse is the one shared
            Para.of(rc, template.format(n=esc(other)), style, "•", slots=slots_for((esc(other),)))
        text = template.format(n=esc(name))
        shared = Para.of(rc, text, style, "•", slots=slots)
        assert _parse(shared) == _parse(Paragraph(text, style, bulletText="•")), (name, template)


def test_a_style_that_changes_letters_is_parsed_as_its_own() -> None:
    from reportlab.lib.styles import ParagraphStyle

    rc = render_cache(BuildCache())
    style = ParagraphStyle("upper", parent=styles("a4", 1.0, None, rc)["body"], textTransform="uppercase")
    Para.of(rc, "Stop and cuddle Robin.", style, slots=("Robin",))
    shared = Para.of(rc, "Stop and cuddle Priya.", style, slots=("Priya",))
    assert _parse(shared) == _parse(Paragraph("Stop and cuddle Priya.", style))  # all of it in capitals


def test_names_that_could_read_otherwise_are_not_slotted() -> None:
    assert slots_for(("Tom &amp; Jo", "Mia  Rose", " Lee", "R\u00a0J", "x\ue000y", "")) == ()
    assert slots_for(("Ada", "Ada Mae")) == ("Ada Mae", "Ada")  # the longer first: never replaced inside it


def _request(name: str, birth: date, **kw: object) -> BuildRequest:
    return BuildRequest(baby=baby_from({"name": name, "birth_date": birth}, None), on=ON, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("kw", [{}, {"lang": "ru", "paper": "letter"}, {"edition": "checklist"}])
def test_a_second_baby_reuses_the_parse_and_prints_what_a_fresh_build_does(
        kw: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    parses: list[str] = []
    parse = ParaParser.parse
    monkeypatch.setattr(ParaParser, "parse", lambda self, text, style: parses.append(text) or parse(self, text, style))
    cache = BuildCache()
    build_pdf(_request("Robin", date(2026, 8, 2), **kw), cache)
    first = len(parses)
    later = _request("Priya", date(2026, 8, 2), **kw)  # same age: only the name differs
    warm = build_pdf(later, cache)
    # No paragraph naming her was parsed anew, but contents rows: the name is in their link's target too.
    assert not [t for t in parses[first:] if "Priya" in t and "href=" not in t]
    assert warm == build_pdf(later, BuildCache())
