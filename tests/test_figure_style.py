"""The drawings' style (issue 13): several skin tones across the figures, arrows that survive greyscale with a
start dot, and the hands a technique's steps ask for."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from reportlab.graphics.shapes import Circle, Drawing, Group, Polygon

from handbook.content.loader import load_located_cached
from handbook.render import figure_parts as fp
from handbook.render.figures import FIGURE_IDS, make_figure
from handbook.render.theme import load_theme

THEME = load_theme("a4")


def _drawing(figure_id: str) -> Drawing:
    return make_figure(figure_id, 200, THEME.figure_tones(figure_id))


def _walk(node: object, in_hand: bool = False) -> Iterator[tuple[object, bool]]:
    yield node, in_hand
    if isinstance(node, Group):
        for child in node.contents:
            yield from _walk(child, in_hand or isinstance(node, fp.Hand))


def _skin_fills(figure_id: str) -> tuple[set[str], set[str]]:
    """The palette colours filling the baby and the parent's hands in one figure."""
    palette = {fill.hexval() for _, fill, _ in THEME.skin}
    baby, hands = set(), set()
    for node, in_hand in _walk(_drawing(figure_id)):
        fill = getattr(node, "fillColor", None)
        if fill is not None and not isinstance(node, Group) and fill.hexval() in palette:
            (hands if in_hand else baby).add(fill.hexval())
    return baby, hands


def test_the_figures_use_at_least_three_skin_tones_for_babies_and_for_hands() -> None:
    babies: set[str] = set()
    hands: set[str] = set()
    for fid in FIGURE_IDS:
        baby, hand = _skin_fills(fid)
        babies |= baby
        hands |= hand
    assert len(babies | hands) >= 3
    assert len(babies) >= 3 and len(hands) >= 3  # both the baby's and the parent's skin vary
    assert len(THEME.skin) <= 5  # a small palette, kept in the theme


def _arrows(figure_id: str) -> list[Group]:
    return [n for n, _ in _walk(_drawing(figure_id)) if isinstance(n, Group) and hasattr(n, "shaft")]


@pytest.mark.parametrize("figure_id", sorted(FIGURE_IDS))
def test_every_arrow_is_thick_and_starts_with_a_dot(figure_id: str) -> None:
    for arrow in _arrows(figure_id):
        shaft = arrow.shaft
        assert shaft.strokeWidth >= fp.W_ARROW_MIN
        heads = [c for c in arrow.contents if isinstance(c, Polygon)]
        if len(heads) == 2:  # a to-and-fro arrow: a head at each end instead of a start
            continue
        start = getattr(arrow, "start", None)
        assert isinstance(start, Circle), f"{figure_id}: an arrow without a start dot"
        x0, y0 = shaft.points[0], shaft.points[1]
        assert (start.cx, start.cy) == pytest.approx((x0, y0))
        assert start.r >= shaft.strokeWidth  # wider than the line, so it reads as a dot


def test_figures_with_arrows_exist() -> None:
    assert sum(bool(_arrows(fid)) for fid in FIGURE_IDS) >= 10


# Wording in a technique's steps that takes two hands: "both hands", "both wrists", "both lower legs", "your
# other palm", "two flat palms", "one hand ... and one ...", "one thumb ..., then the other", "one (hand) each
# side". Read from the content, so a new or reworded step is checked too.
TWO_HANDS = re.compile(r"\bboth\b|\bother (hand|palm|thumb)\b|\btwo\b[^.]*\b(hands|palms|thumbs)\b|"
                       r"\bone hand\b[^.]*\band one\b|\bthen the other\b|\bone (hand )?each side\b",
                       re.IGNORECASE)


def test_a_figure_whose_steps_use_both_hands_draws_two_hands() -> None:
    techniques = load_located_cached().content.techniques.techniques
    checked = []
    for t in techniques:
        steps = " ".join(t.steps)
        if not TWO_HANDS.search(steps):
            continue
        hands = [n for n, _ in _walk(_drawing(t.figure)) if isinstance(n, fp.Hand)]
        assert len(hands) >= 2, f"{t.id}: its steps use two hands, its figure draws {len(hands)}"
        checked.append(t.id)
    # the pattern still finds the moves it was written for (else this test would pass by checking nothing)
    assert {"chest_strokes", "back_strokes", "leg_strokes", "arm_crossing", "knees_to_tummy"} <= set(checked)


ON_TUMMY = re.compile(r"\btummy-down\b|\bon (their|its|his|her) tummy\b", re.IGNORECASE)


def test_the_baby_lies_the_way_the_steps_say() -> None:
    """A move whose steps lay the baby on its tummy shows the baby from behind; every other whole baby lies on
    its back (front view or profile), so the two positions are never mixed up."""
    on_tummy, on_back = [], []
    for t in load_located_cached().content.techniques.techniques:
        babies = [n for n, _ in _walk(_drawing(t.figure)) if isinstance(n, fp.Baby)]
        if ON_TUMMY.search(" ".join(t.steps)):
            assert babies and all(isinstance(b, fp.BabyOnTummy) for b in babies), f"{t.id}: not on its tummy"
            on_tummy.append(t.id)
        elif babies:
            assert not any(isinstance(b, fp.BabyOnTummy) for b in babies), f"{t.id}: drawn on its tummy"
            on_back.append(t.id)
    assert {"back_strokes", "back_circles", "fingertip_tapping"} <= set(on_tummy)
    assert {"tummy_circles", "chest_strokes", "arm_crossing", "knees_to_tummy"} <= set(on_back)


def _touches(point: tuple[float, float], parts: list[object], slack: float = 1.5) -> bool:
    x, y = point
    for part in parts:
        for node, _ in _walk(part):
            if isinstance(node, Group):
                continue
            x0, y0, x1, y1 = node.getBounds()
            if x0 - slack <= x <= x1 + slack and y0 - slack <= y <= y1 + slack:
                return True
    return False


@pytest.mark.parametrize("figure_id", sorted(f for f in FIGURE_IDS if f not in {"body_map", "setup"}))
def test_every_hand_rests_on_the_baby(figure_id: str) -> None:
    """No hand floats beside the baby: the middle of each palm (or the thumb's tip) lies on a part of it."""
    nodes = [n for n, _ in _walk(_drawing(figure_id))]
    hands = [n for n in nodes if isinstance(n, fp.Hand)]
    parts = [n for n in nodes if isinstance(n, fp.BabyPart)]
    assert hands and parts, f"{figure_id}: a technique figure shows the parent's hands on the baby"
    for hand in hands:
        assert _touches(hand.touch, parts), f"{figure_id}: a hand at {hand.touch} does not touch the baby"
