"""The handbook's illustrations, drawn as vectors so they stay sharp in print and cost a few KB.

Every figure is designed on its own fixed canvas (200 units wide) and scaled to the width the layout asks
for. One style throughout: grey outlines, skin in the figure's tones (babies and parents of several skin
colours across the set, from the theme), and one accent colour for motion, with a start dot, arrowheads and
step numbers so that nothing depends on colour.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

from reportlab.graphics.shapes import Drawing, Group, Shape
from reportlab.lib.colors import Color

from handbook.render import figure_parts as fp

Node: TypeAlias = Shape


@dataclass(frozen=True)
class _Spec:
    draw: Callable[[], list[Node]]
    size: tuple[float, float] = (200.0, 150.0)


# --- shared layouts --------------------------------------------------------------------------------------

LEG_SCALE = 2.6


def _legs() -> tuple[fp.Xf, Group]:
    """Close-up of the legs, head off to the left: the upper leg is the one being massaged."""
    body = fp.anchor((0.0, 28.0), (70.0, 75.0), LEG_SCALE, angle=90)
    return body, fp.baby(body)


TOP_LEG = fp.LEG_STRAIGHT.mirrored()  # in the leg close-up, the baby's left leg is at the top


def _on_leg(t: float, side: float = 0.0) -> fp.Pt:
    """A point on the upper leg in baby units: t=0 at the hip, 1 at the ankle; `side` outwards across it."""
    j = TOP_LEG.joints
    segs = list(itertools.pairwise(j))
    k = min(int(t * len(segs)), len(segs) - 1)
    u = t * len(segs) - k
    (x0, y0), (x1, y1) = segs[k]
    return (x0 + (x1 - x0) * u + side, y0 + (y1 - y0) * u)


def _back(s: float = 3.0, at: fp.Pt = (100.0, 70.0)) -> tuple[fp.Xf, Group]:
    """Close-up of the back, baby lying on its tummy."""
    body = fp.anchor((0.0, 61.0), at, s)
    return body, fp.baby(body, back=True)


# --- figures ---------------------------------------------------------------------------------------------


def _resting_hands() -> list[Node]:
    """No arrows on purpose: the technique is stillness, so a pause sign instead."""
    s = 1.3
    body = fp.anchor((0.0, 0.0), (100.0, 10.0), s)
    return [
        fp.baby(body),
        fp.adult_hand(fp.compose(body, fp.place(27.0, 63.0, 1.0, angle=90))),  # on the chest
        fp.adult_hand(fp.compose(body, fp.place(-29.0, 29.0, 1.0, angle=-90, flip=True))),
        fp.pause_marker(168.0, 124.0),
    ]


def _hand_over_leg(body: fp.Xf, t: float, reach: float, dx: float = 0.0, scale: float = 0.85) -> Group:
    """A hand coming from above (the parent's side) over the upper leg at `t`, fingers across it."""
    x, y = _on_leg(t)
    wrist = x + (19.0 + 16.0 * reach) * scale - 6.0
    return fp.adult_hand(fp.compose(body, fp.place(wrist, y + dx, scale, angle=90)), reach=reach)


def _leg_strokes() -> list[Node]:
    """Flat palm along the thigh (a glide), unlike the wrapped grip of milking; the other hand holds the ankle."""
    body, baby = _legs()
    hand = fp.adult_hand(fp.compose(body, fp.place(11.5, 52.0, 0.72, angle=170)))  # flat along the thigh
    glide = [_on_leg(0.38), _on_leg(0.62, 0.5), _on_leg(0.86)]
    holding = _hand_over_leg(body, 1.0, 0.5, scale=0.7)  # the other hand holds the ankle lightly
    return [baby, hand, holding, fp.arrow(glide, body, head=8)]


def _foot_strokes() -> list[Node]:
    """Foot turned sideways so the stroke reads left to right, heel to toes, like the text."""
    foot = fp.anchor((0.0, 30.0), (104.0, 75.0), 2.3, angle=-90)
    hand = fp.adult_hand(fp.compose(foot, fp.place(-26.0, 9.0, 1.05, angle=-90)), forearm=60)
    stroking = fp.thumb(fp.anchor((0.0, 22.0), fp.apply(foot, (3.0, 14.0)), 1.2, angle=-150))  # the other hand
    return [fp.foot_sole(foot), hand, stroking, fp.arrow([(0.0, 18.0), (0.5, 34.0), (0.0, 52.0)], foot, head=8)]


def _sole_thumb_strokes() -> list[Node]:
    """Short numbered strokes alternate between the two thumbs, working up towards the toes."""
    foot = fp.anchor((0.0, 30.0), (104.0, 75.0), 2.3, angle=-90)
    out: list[Node] = [fp.foot_sole(foot)]
    out.append(fp.thumb(fp.anchor((0.0, 22.0), (66.0, 62.0), 1.3, angle=-70)))
    out.append(fp.thumb(fp.anchor((0.0, 22.0), (66.0, 88.0), 1.3, angle=-110)))
    strokes = (((-5.0, 18.0), (-4.0, 30.0)), ((5.0, 24.0), (4.5, 36.0)), ((-5.0, 34.0), (-4.0, 46.0)))
    for n, (a, b) in enumerate(strokes, start=1):
        out.append(fp.arrow([a, b], foot, smooth=False, head=7))
        out.append(fp.marker(*fp.apply(foot, (15.5 if a[0] > 0 else -15.5, (a[1] + b[1]) / 2)), n))
    return out


def _back_hands(body: fp.Xf, tips_at: float, reach: float = 1.0) -> list[Node]:
    """Both parent's hands on the back, one each side of the spine (never on it), fingertips at `tips_at` (baby
    units), coming up from the baby's bottom so the head stays in sight."""
    s = 0.42
    wrist = tips_at - (19.5 + 16.0 * reach) * s
    return [fp.adult_hand(fp.compose(body, fp.place(x, wrist, s, flip=x < 0)), reach=reach) for x in (-6.5, 6.5)]


def _back_strokes() -> list[Node]:
    """Both palms start at the neck, one each side of the dotted spine, and glide down to the bottom."""
    body, baby = _back()
    out: list[Node] = [baby, *_back_hands(body, 74.5)]
    for x in (-6.0, 6.0):
        out.append(fp.arrow([(x, 70.0), (x * 1.15, 60.0), (x, 50.0)], body, head=8))
    return out


def _back_circles() -> list[Node]:
    """Pairs of small circles either side of the spine, worked from the shoulders down; the fingertips of both
    hands start on the first pair."""
    body, baby = _back()
    out: list[Node] = [baby, *_back_hands(body, 71.0, reach=0.8)]
    for n, y in enumerate((70.0, 62.0, 54.0), start=1):
        for x in (-6.0, 6.0):
            c = fp.apply(body, (x, y))
            out.append(fp.arrow(fp.arc_points(c[0], c[1], 7.0, 160, -150, n=16), width=fp.W_ARROW_MIN, head=5.5))
        out.append(fp.marker(*fp.apply(body, (-15.5, y)), n))
    return out


def _tummy_circles() -> list[Node]:
    """Named parts ("clock_arrow", "step1".."step4") let the tests check the direction really is clockwise."""
    s = 2.2
    cx, cy = 100.0, 62.0
    body = fp.anchor(fp.NAVEL, (cx, cy), s)
    r = 21.0
    g = Group(fp.baby(body))
    # One flat hand rests on the tummy below the ribs, from the parent's side; the arrow round it shows its circle.
    g.add(fp.adult_hand(fp.place(cx + 29.0, cy - 33.0, 1.4, angle=42), forearm=60.0), name="hand")
    g.add(fp.arrow(fp.arc_points(cx, cy, r, 200, -125, n=40), width=fp.W_ARROW + 0.4, head=8), name="clock_arrow")
    for n, a in enumerate((135, 45, -45, -135), start=1):
        p = fp.arc_points(cx, cy, r + 11, a, a, n=1)[0]
        g.add(fp.marker(*p, n), name=f"step{n}")
    g.add(fp.clockwise_symbol(178.0, 128.0))
    return [g]


def _chest_strokes() -> list[Node]:
    """Open book: hands start flat in the middle of the chest and glide out along the ribs."""
    body = fp.anchor((0.0, 64.0), (100.0, 72.0), 2.4)
    out: list[Node] = [fp.baby(body)]
    for side in (-1, 1):
        hand = fp.place(side * 6.0, 48.0, 0.62, flip=side < 0)
        out.append(fp.adult_hand(fp.compose(body, hand), thumb_out=-22.0))
    for side in (-1, 1):
        out.append(fp.arrow([(side * 4.0, 65.0), (side * 11.0, 64.5), (side * 17.0, 59.5)], body, head=8))
    return out


def _arm_strokes() -> list[Node]:
    """The arm is opened out sideways so the shoulder-to-hand stroke has room to read."""
    body = fp.anchor((0.0, 60.0), (50.0, 55.0), 2.8)
    arm = fp.ARM_OPEN.mirrored()
    out: list[Node] = [fp.baby(body, arms=(fp.ARM_DOWN, arm))]
    out.append(fp.adult_hand(fp.compose(body, fp.place(16.0, 55.5, 0.55)), reach=0.6))
    out.append(fp.adult_hand(fp.compose(body, fp.place(33.0, 56.0, 0.45)), reach=0.5))  # holds the wrist
    out.append(fp.arrow([(20.5, 67.6), (24.5, 67.4), (28.5, 67.8)], body, head=8))
    return out


def _hand_strokes() -> list[Node]:
    """Palm towards the reader, so the thumb and the heel of the baby's hand are both visible."""
    hand = fp.anchor((0.0, 15.0), (92.0, 72.0), 3.2)
    return [
        fp.baby_palm(hand),
        fp.thumb(fp.anchor((0.0, 22.0), fp.apply(hand, (1.0, 5.0)), 1.5, angle=22)),
        fp.arrow([(-1.0, 9.0), (-0.5, 17.0), (0.5, 26.0)], hand, head=8),
    ]


def _shin_hand(xf: fp.Xf, leg: fp.Limb, t: float = 0.5, s: float = 0.42, angle: float = 122.0) -> Group:
    """A parent's hand from the baby's feet side, over the shin of `leg` (`t` from knee to ankle), fingers
    curling round it."""
    (kx, ky), (ax, ay) = leg.joints[1], leg.joints[2]
    px, py = kx + (ax - kx) * t, ky + (ay - ky) * t + 1.5  # the palm lies on top of the shin
    ox, oy = fp.apply(fp.place(0.0, 0.0, s, angle), (0.0, 9.0))
    return fp.adult_hand(fp.compose(xf, fp.place(px - ox, py - oy, s, angle)), reach=0.5, forearm=160.0)


def _knees_to_tummy() -> list[Node]:
    """Seen from the side, the only view in which bending the knees up reads; dashed leg = start. The far leg
    shows just behind the near one, so the two hands each hold a lower leg."""
    side = fp.anchor((0.0, 0.0), (10.0, 28.0), 1.7)
    hx, hy = fp.HIP
    far = fp.Limb(tuple((x + 4.0, y + 1.5) for x, y in fp.LEG_UP.joints), fp.LEG_UP.radii)
    up = fp.arc_points(hx, hy, 33.0, 12, 84, n=16)
    down = fp.arc_points(hx, hy, 40.0, 88, 16, n=16)
    return [
        fp.side_leg(fp.LEG_REST, side, ghost=True),
        fp.side_leg(far, side),
        _shin_hand(side, far, t=0.9, angle=100.0),
        fp.baby_side(side, leg=fp.LEG_UP),
        _shin_hand(side, fp.LEG_UP, t=0.5, angle=150.0),
        fp.arrow(up, side, head=7),
        fp.arrow(down, side, head=7),
        fp.marker(*fp.apply(side, fp.arc_points(hx, hy, 33.0, 3, 3, n=1)[0]), 1),
        fp.marker(*fp.apply(side, fp.arc_points(hx, hy, 40.0, 97, 97, n=1)[0]), 2),
    ]


def _wrist_hand(limb: fp.Limb, xf: fp.Xf, s: float = 0.4, angle: float = 0.0) -> Group:
    """A parent's hand from below, fingers curled over the baby's wrist at the end of `limb`."""
    wx, wy = limb.joints[-1]
    ox, oy = fp.apply(fp.place(0.0, 0.0, s, angle), (0.0, 9.0))  # the hand's wrist to the middle of its palm
    return fp.adult_hand(fp.compose(xf, fp.place(wx - ox, wy - oy - 0.6, s, angle)), reach=0.45)


# Crossed a little wider than fp.ARM_CROSSED, so the parent's hands on the wrists leave the crossing in sight.
ARM_CROSSED_WIDE = fp.Limb(((-11.5, 69.0), (-11.5, 57.5), (9.0, 63.5)), fp.ARM_CROSSED.radii, over=1)


def _arm_crossing() -> list[Node]:
    """Dashed arms show the open start; 1 brings the arms across the chest, 2 opens them again. The parent's
    hands hold both wrists, coming up from the baby's feet as in the chest strokes."""
    body = fp.anchor((0.0, 60.0), (100.0, 60.0), 2.1)
    opened = (fp.ARM_OPEN, fp.ARM_OPEN.mirrored())
    crossed = (ARM_CROSSED_WIDE, ARM_CROSSED_WIDE.mirrored())
    out: list[Node] = [fp.ghost_arm(a, body) for a in opened]
    out.append(fp.baby(body, arms=crossed))
    out += [_wrist_hand(a, body, angle=10.0 if a.joints[-1][0] > 0 else -10.0) for a in crossed]
    for sd in (-1, 1):
        out.append(fp.arrow([(sd * 34.0, 74.0), (sd * 27.0, 79.0), (sd * 19.0, 77.0)], body, head=7))
        out.append(fp.arrow([(sd * 20.0, 60.0), (sd * 27.0, 58.0), (sd * 34.0, 61.0)], body, head=7))
        out.append(fp.marker(*fp.apply(body, (sd * 38.0, 79.0)), 1))
        out.append(fp.marker(*fp.apply(body, (sd * 38.0, 56.0)), 2))
    return out


def _limb_milking() -> list[Node]:
    """A hand wrapped round the leg (fingertips curl under the far side) slides down it."""
    body, baby = _legs()
    slide = [_on_leg(0.42), _on_leg(0.75, 0.6), _on_leg(1.06)]
    return [baby, _hand_over_leg(body, 0.14, 0.55, scale=0.8), fp.arrow(slide, body, head=8)]


def _limb_rolling() -> list[Node]:
    """The upper leg is drawn again over the lower hand (only there), so the two palms sandwich it; to-and-fro
    arrows for the rolling, one arrow for working down towards the ankle."""
    body, baby = _legs()
    t = 0.5
    x, y = _on_leg(t)
    under = fp.adult_hand(fp.compose(body, fp.place(x - 24.0, y - 1.0, 0.8, angle=-90)), reach=0.9)
    (x0, _), (x1, _) = fp.apply(body, (x, y + 10.0)), fp.apply(body, (x, y - 10.0))
    out: list[Node] = [baby, under, fp.clipped([fp.leg(TOP_LEG, body)], (x0, 0.0, x1, 150.0))]
    out.append(_hand_over_leg(body, t, 0.9, dx=-2.0, scale=0.8))
    for dy in (-13.0, 13.0):
        out.append(fp.arrow([(x - 6.0, y + dy), (x + 6.0, y + dy)], body, both=True, smooth=False, head=6.5))
    # and the palms work their way down the leg towards the ankle
    out.append(fp.arrow([(x + 12.0, y - 12.0), (x + 12.0, y - 21.5)], body, smooth=False, head=6.5))
    return out


def _fingertip_tapping() -> list[Node]:
    """An open hand with spread fingertips and tap ticks: never a fist."""
    body, baby = _back(2.6)
    hand = fp.compose(body, fp.place(32.5, 60.0, 0.85, angle=90))
    out: list[Node] = [baby, fp.adult_hand(hand, spread=9.0, reach=0.75)]
    for tip in fp.fingertips(hand, spread=9.0, reach=0.75):
        out.append(fp.tap_marks(*tip, angle=180.0))
    return out


def _body_map() -> list[Node]:
    """Areas are hatched or dashed and numbered; the key's words are content/checklist.yaml's body_map_legend,
    in this order."""
    s = 1.25
    front = fp.anchor((0.0, 0.0), (68.0, 10.0), s)
    back = fp.anchor((0.0, 0.0), (158.0, 10.0), s)
    out: list[Node] = [fp.baby(front, hair=False), fp.baby(back, back=True, spine=False)]
    dashed = {"fill": None, "stroke": fp.ACCENT, "width": 1.0, "dash": (2.2, 1.6)}
    # 1 soft spot, 2 eyes and mouth, 3 navel, 4 genitals (front); 5 spine (back)
    out.append(fp.ellipse(0.0, 85.5, 9.5, 7.2, front, **dashed))
    out.append(fp.ellipse(*fp.NAVEL, 3.6, 3.6, front, **dashed))
    soft_spot = [(0.0, 98.5), (4.0, 95.0), (0.0, 92.0), (-4.0, 95.0)]
    genitals = [(-5.0, 44.0), (5.0, 44.0), (4.5, 35.0), (0.0, 32.5), (-4.5, 35.0)]
    spine = [(-2.2, 74.0), (2.2, 74.0), (2.2, 49.5), (-2.2, 49.5)]
    for pts, xf in ((soft_spot, front), (genitals, front), (spine, back)):
        clip = fp.path(pts, xf, stroke=None, clip=True)
        xs = [fp.apply(xf, q) for q in pts]
        box = (min(x for x, _ in xs), min(y for _, y in xs), max(x for x, _ in xs), max(y for _, y in xs))
        out.append(fp.hatch(clip, box))
        out.append(fp.path(pts, xf, **dashed))
    callouts = (
        (1, front, (-3.0, 96.0), (-30.0, 101.0)),
        (2, front, (-9.0, 86.0), (-30.0, 86.0)),
        (3, front, (-3.6, fp.NAVEL[1]), (-30.0, fp.NAVEL[1])),
        (4, front, (-5.0, 40.0), (-30.0, 38.0)),
        (5, back, (2.2, 62.0), (30.0, 62.0)),
    )
    for n, xf, at, label_at in callouts:
        a, b = fp.apply(xf, at), fp.apply(xf, label_at)
        out.append(fp.path([a, b], closed=False, smooth=False, stroke=fp.OUTLINE, width=0.6))
        out.append(fp.marker(*b, n))
    return out


def _setup() -> list[Node]:
    """On a towel on the floor (no table to fall from) in a warm room."""
    out: list[Node] = [fp.path([(8.0, 28.0), (192.0, 28.0)], closed=False, smooth=False, width=1.6)]
    towel = [(28.0, 28.0), (28.0, 35.0), (166.0, 35.0), (166.0, 28.0)]
    out.append(fp.path(towel, fill=fp.TOWEL, smooth=False))
    fold = [(32.0, 31.5), (162.0, 31.5)]
    out.append(fp.path(fold, closed=False, smooth=False, stroke=fp.GHOST, width=0.6, dash=(3.0, 2.0)))
    out.append(fp.baby_side(fp.anchor((0.0, 0.0), (30.0, 35.0), 1.5)))
    out.append(fp.thermometer(180.0, 62.0, 64.0))
    return out

_FIGURES: dict[str, _Spec] = {
    "resting_hands": _Spec(_resting_hands),
    "leg_strokes": _Spec(_leg_strokes),
    "foot_strokes": _Spec(_foot_strokes),
    "sole_thumb_strokes": _Spec(_sole_thumb_strokes),
    "back_strokes": _Spec(_back_strokes),
    "back_circles": _Spec(_back_circles),
    "tummy_circles": _Spec(_tummy_circles),
    "chest_strokes": _Spec(_chest_strokes),
    "arm_strokes": _Spec(_arm_strokes),
    "hand_strokes": _Spec(_hand_strokes),
    "knees_to_tummy": _Spec(_knees_to_tummy),
    "arm_crossing": _Spec(_arm_crossing),
    "limb_milking": _Spec(_limb_milking),
    "limb_rolling": _Spec(_limb_rolling),
    "fingertip_tapping": _Spec(_fingertip_tapping),
    "body_map": _Spec(_body_map, size=(220.0, 150.0)),
    "setup": _Spec(_setup),
}

FIGURE_IDS: frozenset[str] = frozenset(_FIGURES)


def _spec(figure_id: str) -> _Spec:
    try:
        return _FIGURES[figure_id]
    except KeyError:
        raise ValueError(f"unknown figure {figure_id!r}") from None


def figure_aspect(figure_id: str) -> float:
    """Height / width, so the layout can reserve the space before drawing."""
    w, h = _spec(figure_id).size
    return h / w


Tones: TypeAlias = tuple[Color, Color, Color, Color]  # baby's skin, its folds, parent's hands, their folds


def _repaint(node: Shape | Group, tones: Tones, in_hand: bool = False) -> None:
    """Give the drawing's marker colours (fp.SKIN, fp.SKIN_LINE, fp.HAND) this figure's skin tones. A hand's
    outline stays dark; its fold lines take the parent's fold colour."""
    baby, baby_line, hand, hand_line = tones
    if isinstance(node, Group):
        for child in node.contents:
            _repaint(child, tones, in_hand or isinstance(node, fp.Hand))
        return
    fill, stroke = getattr(node, "fillColor", None), getattr(node, "strokeColor", None)
    if fill is not None and fill == fp.SKIN:
        node.fillColor = hand if in_hand else baby
    elif fill is not None and fill == fp.HAND:
        node.fillColor = hand
    if stroke is not None and stroke == fp.SKIN_LINE:
        node.strokeColor = hand_line if in_hand else baby_line


def make_figure(figure_id: str, width: float, tones: Tones | None = None) -> Drawing:
    """The figure scaled to `width` points, aspect kept; content is cut to a rounded frame; skin in `tones`
    (the theme's, see Theme.figure_tones), else the drawing's light tones.

    Built anew each call; the renderer keeps one per size in its cache (see flowables._figure).
    """
    spec = _spec(figure_id)
    w, h = spec.size
    content = Group(fp.frame(w, h, clip=True))  # close-ups and forearms run off the edge, cut cleanly
    for node in spec.draw():
        if tones is not None:
            _repaint(node, tones)
        content.add(node)
    d = Drawing(w, h, initialFontName=fp.FONT)  # else the renderer starts each figure in Helvetica
    d.add(content, name="content")
    d.add(fp.frame(w, h, clip=False))
    k = width / w
    d.scale(k, k)
    d.width, d.height = width, h * k
    return d
