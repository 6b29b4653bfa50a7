"""Tests that mirror the stages (DESIGN.md): what personalise puts in the Context and what compose puts in the
Document, asserted on those objects rather than on text read back out of a PDF. No PDF is made here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from handbook.compose import blocks as b
from handbook.compose.edition import compose
from handbook.content.loader import load_content
from handbook.inputs.profile import baby_from
from handbook.personalise.context import Context
from handbook.pipeline import BuildRequest, prepare
from tests.conftest import walk_blocks

ON = date(2026, 11, 24)
NEWBORN = {"birth_date": date(2026, 11, 17)}  # 7 days old: navel not yet healed (judged from age)
ELEVEN_MONTHS = {"birth_date": date(2025, 12, 24)}
FOUR_MONTHS = {"birth_date": date(2026, 7, 20)}
PRETERM = {"birth_date": date(2026, 9, 1), "due_date": date(2026, 11, 1)}  # 12 weeks old, 3 weeks corrected


def context(**fields: Any) -> Context:
    return prepare(BuildRequest(baby=baby_from({"name": "Robin", **fields}, None), on=ON))


def blocks(ctx: Context, edition: str = "handbook") -> list:
    return walk_blocks(compose(ctx, load_content(), edition, None).blocks)


def ids(techniques: list) -> list[str]:
    return [t.id for t in techniques]


def cards(ctx: Context) -> list[str]:
    return [blk.figure.figure_id for blk in blocks(ctx) if isinstance(blk, b.TechniqueCard)]


def texts(ctx: Context) -> str:
    """Every printed string of the composed blocks, paragraph markup stripped."""
    out = []
    for blk in blocks(ctx):
        out += [v for v in (getattr(blk, n, None) for n in ("text", "title", "caption")) if isinstance(v, str)]
        out += [item for item in getattr(blk, "items", ()) if isinstance(item, str)]
    return re.sub(r"<[^>]*>", "", "\n".join(out))


# --- personalise → Context ---------------------------------------------------------------------------------


def test_corrected_age_counts_from_the_due_date_and_chooses_the_stage() -> None:
    ctx = context(**PRETERM)
    assert ctx.age.months == 2 and ctx.born_early
    assert ctx.corrected is not None and ctx.corrected.months == 0 and ctx.corrected.days == 23
    assert ctx.advice_months == pytest.approx(23 / 30.44, abs=0.02)  # advice follows the corrected age …
    assert ctx.stage.id == "s0_1" and ctx.next_stage is not None and ctx.next_stage.id == "s1_3"  # … not 2 months
    assert ctx.next_stage_starts == date(2026, 12, 1)  # one month after the due date
    assert ctx.advice_origin == PRETERM["due_date"]


def test_a_term_baby_has_no_corrected_age() -> None:
    ctx = context(**FOUR_MONTHS)
    assert ctx.corrected is None and not ctx.born_early and ctx.advice_origin == FOUR_MONTHS["birth_date"]
    assert ctx.stage.id == "s3_6"


@pytest.mark.parametrize(("birth", "stage", "following"), [
    (date(2026, 11, 10), "s0_1", "s1_3"),
    (date(2026, 9, 20), "s1_3", "s3_6"),
    (date(2026, 7, 20), "s3_6", "s6_9"),
    (date(2026, 4, 20), "s6_9", "s9_12"),
    (date(2025, 12, 24), "s9_12", None),
])
def test_the_stage_and_the_next_follow_the_age(birth: date, stage: str, following: str | None) -> None:
    ctx = context(birth_date=birth)
    assert ctx.stage.id == stage
    assert (ctx.next_stage.id if ctx.next_stage else None) == following
    assert (ctx.next_stage_starts is None) == (following is None)


def test_the_navel_gates_tummy_strokes_judged_from_age_or_as_told() -> None:
    newborn = context(**NEWBORN)
    assert not newborn.navel_healed
    assert "tummy_circles" not in ids(newborn.decisions.techniques)
    assert "tummy_circles" in ids(newborn.decisions.upcoming_techniques)
    told = context(**NEWBORN, navel_healed=True)  # the parent says it has healed: the rule follows them
    assert told.navel_healed and "tummy_circles" in ids(told.decisions.techniques)
    assert "knees_to_tummy" in ids(told.decisions.upcoming_techniques)  # from 1 month, whatever the navel
    older = context(**FOUR_MONTHS, navel_healed=False)  # not healed at 4 months: still waits
    assert "tummy_circles" in ids(older.decisions.upcoming_techniques)


def verdicts(ctx: Context) -> dict[str, str]:
    return {r.recipe_id: r.status for r in ctx.decisions.recipes}


def test_oil_verdicts_follow_age_skin_and_family_allergy() -> None:
    assert verdicts(context(**NEWBORN))["plain_oil"] == "not_yet"  # no oil in the first month
    assert verdicts(context(**ELEVEN_MONTHS))["plain_oil"] == "suitable"
    assert verdicts(context(**FOUR_MONTHS, eczema=True))["plain_oil"] == "ask_first"
    for ctx in (context(**NEWBORN), context(**ELEVEN_MONTHS), context(**FOUR_MONTHS, eczema=True)):
        assert verdicts(ctx)["lavender_blend"] == "not_yet"  # essential oils: never in the first year
        assert verdicts(ctx)["online_almond"] == "not_recommended"  # a nut oil is never recommended
    allergic = context(**FOUR_MONTHS, nut_allergy_in_family=True)
    assert verdicts(allergic)["online_almond"] == "not_recommended"


# --- compose → Document -------------------------------------------------------------------------------------


def test_a_newborn_gets_the_first_month_routine_and_tummy_circles_waits() -> None:
    newborn, healed = context(**NEWBORN), context(**FOUR_MONTHS)
    assert cards(newborn) == ["resting_hands", "leg_strokes", "foot_strokes", "back_strokes"]
    assert "tummy_circles" not in cards(newborn) and "tummy_circles" in cards(healed)  # the card can appear
    words = texts(newborn)
    assert "Tummy circles: once the navel has healed." in words  # "Coming later", with its condition
    assert "Tummy circles: once the navel has healed." not in texts(healed)


def test_every_age_gets_every_section_and_the_safety_boxes() -> None:
    sections = ["todays_routine", "before_you_start", "stage", "techniques", "checklist", "oils", "conditions",
                "references", "tracker", "red_flags"]  # the cues are a box on the stage page (issue 13)
    for ctx in (context(**NEWBORN), context(**ELEVEN_MONTHS)):
        got = blocks(ctx)
        assert [blk.key for blk in got if isinstance(blk, b.Heading) and blk.level == 1] == sections
        titles = [blk.title for blk in got if isinstance(blk, b.Box)]
        assert "Call 999 now" in titles and "Never do these" in titles and "No massage today if…" in titles


def test_coming_next_box_for_a_newborn_none_at_eleven_months() -> None:
    def coming(ctx: Context) -> list[str]:
        return [blk.title for blk in blocks(ctx) if isinstance(blk, b.Box) and blk.title.startswith("Coming next")]

    # "1 to 3 months" is kept on one line (no-break spaces, issue 13)
    assert coming(context(**NEWBORN)) == ["Coming next: 1\u00a0to\u00a03\u00a0months, from 17 December 2026"]
    assert coming(context(**PRETERM)) == ["Coming next: 1\u00a0to\u00a03\u00a0months, from 1 December 2026"]
    assert coming(context(**ELEVEN_MONTHS)) == []


def test_the_document_carries_the_babys_name_language_and_page_limit() -> None:
    ctx = context(**FOUR_MONTHS)
    doc = compose(ctx, load_content(), "handbook", None)
    assert doc.lang == "en-GB" and "Robin" in doc.title and doc.max_pages is None
    checklist = compose(ctx, load_content(), "checklist", None)
    assert checklist.max_pages == 1  # the checklist must fit one page
