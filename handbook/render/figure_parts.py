"""Shared pieces for the handbook's vector figures: palette, geometry and body-part builders.

Parts are designed in small local coordinates and placed with an affine transform that is applied to the
points themselves (not to the ReportLab node), so outline widths and dash lengths stay the same in every
figure whatever the scale of the part.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Group, Line, Path, Polygon, String
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.validators import isAnything

Pt = tuple[float, float]
Xf = tuple[float, float, float, float, float, float]

# One palette for every figure: greys carry the drawing, a single accent carries motion. SKIN, SKIN_LINE and
# HAND are the drawing's own markers: make_figure repaints them in the figure's skin tones from the theme.
OUTLINE = HexColor("#3a3a3a")
SKIN = HexColor("#f8e9de")
SKIN_LINE = HexColor("#8a7468")
NAPPY = white
HAND = HexColor("#cfdbe2")
SLEEVE = HexColor("#aebfc9")
ACCENT = HexColor("#235b5f")  # dark enough to stand out from every skin tone in greyscale
GHOST = HexColor("#9a9a9a")
TOWEL = HexColor("#e3f0ef")
FRAME = HexColor("#c8c8c8")
FONT = "DejaVuSans"

W_OUT = 1.2
W_FINE = 0.7
W_ARROW = 2.6  # arrows stay clear in greyscale print (tests hold them to W_ARROW_MIN)
W_ARROW_MIN = 2.2

IDENTITY: Xf = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


# --- geometry -------------------------------------------------------------------------------------------


def place(x: float = 0.0, y: float = 0.0, s: float = 1.0, angle: float = 0.0, flip: bool = False) -> Xf:
    """Scale (mirrored left-right if `flip`), rotate by `angle` degrees, then move to (x, y)."""
    c, si = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    sx = -s if flip else s
    return (c * sx, si * sx, -si * s, c * s, x, y)


def anchor(local: Pt, at: Pt, s: float = 1.0, angle: float = 0.0, flip: bool = False) -> Xf:
    """Place a part so that its `local` point lands on `at`: figures are laid out around what matters."""
    return compose(place(at[0], at[1], s, angle, flip), place(-local[0], -local[1]))


def compose(outer: Xf, inner: Xf) -> Xf:
    """`inner` first, then `outer`: lets a part be placed inside an already placed body."""
    a, b, c, d, e, f = outer
    p, q, r, s, t, u = inner
    return (a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f)


def apply(m: Xf, p: Pt) -> Pt:
    a, b, c, d, e, f = m
    return (a * p[0] + c * p[1] + e, b * p[0] + d * p[1] + f)


def _sub(p: Pt, q: Pt) -> Pt:
    return (p[0] - q[0], p[1] - q[1])


def _unit(v: Pt) -> Pt:
    n = math.hypot(*v) or 1.0
    return (v[0] / n, v[1] / n)


def arc_points(
    cx: float, cy: float, r: float, start: float, end: float, n: int = 24, ry: float | None = None
) -> list[Pt]:
    """Points on an arc from `start` to `end` degrees; end < start runs clockwise on the page."""
    ry = r if ry is None else ry
    return [
        (cx + r * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
        for a in (start + (end - start) * i / n for i in range(n + 1))
    ]


def signed_area(points: Sequence[Pt]) -> float:
    """Shoelace area: negative when the points run clockwise in y-up page coordinates."""
    closed = [*points[1:], points[0]]
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, closed, strict=True))


def _beziers(pts: Sequence[Pt], closed: bool) -> list[tuple[Pt, Pt, Pt]]:
    """Catmull-Rom through `pts` as cubic Bézier segments: organic outlines from a handful of points."""
    n = len(pts)
    if closed:
        at = lambda i: pts[i % n]  # noqa: E731
        count = n
    else:
        at = lambda i: pts[min(max(i, 0), n - 1)]  # noqa: E731
        count = n - 1
    segs = []
    for i in range(count):
        p0, p1, p2, p3 = at(i - 1), at(i), at(i + 1), at(i + 2)
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        segs.append((c1, c2, p2))
    return segs


def path(
    pts: Sequence[Pt],
    xf: Xf = IDENTITY,
    *,
    closed: bool = True,
    smooth: bool = True,
    fill: Color | None = None,
    stroke: Color | None = OUTLINE,
    width: float = W_OUT,
    dash: Sequence[float] | None = None,
    cap: int = 1,
    clip: bool = False,
) -> Path:
    """A smooth (or straight) outline through `pts`, transformed by `xf`."""
    tp = [apply(xf, p) for p in pts]
    p = _styled(fill=fill, stroke=stroke, width=width, dash=dash, cap=cap, clip=clip)
    p.moveTo(*tp[0])
    if smooth and len(tp) > 2:
        for c1, c2, end in _beziers(tp, closed):
            p.curveTo(*c1, *c2, *end)
    else:
        for q in tp[1:]:
            p.lineTo(*q)
    if closed:
        p.closePath()
    return p


def _styled(
    *,
    fill: Color | None = None,
    stroke: Color | None = OUTLINE,
    width: float = W_OUT,
    dash: Sequence[float] | None = None,
    cap: int = 1,
    clip: bool = False,
) -> Path:
    return Path(
        fillColor=fill,
        strokeColor=stroke,
        strokeWidth=width,
        strokeLineJoin=1,
        strokeLineCap=cap,
        strokeDashArray=list(dash) if dash else None,
        isClipPath=1 if clip else 0,
    )


def ellipse(cx: float, cy: float, rx: float, ry: float, xf: Xf = IDENTITY, angle: float = 0.0, **kw) -> Path:
    """An ellipse as a Bézier path, so it survives any rotation or non-uniform placement."""
    k = 0.5523
    local = place(cx, cy, 1.0, angle)
    m = compose(xf, local)
    ctrl = ((rx, 0), (rx, k * ry), (k * rx, ry), (0, ry), (-k * rx, ry), (-rx, k * ry),
            (-rx, 0), (-rx, -k * ry), (-k * rx, -ry), (0, -ry), (k * rx, -ry), (rx, -k * ry))
    o = [apply(m, q) for q in ctrl]
    p = _styled(**kw)
    p.moveTo(*o[0])
    for i in range(4):
        c1, c2, end = o[3 * i + 1], o[3 * i + 2], o[(3 * i + 3) % 12]
        p.curveTo(*c1, *c2, *end)
    p.closePath()
    return p


def tube(joints: Sequence[Pt], radii: Sequence[float]) -> list[Pt]:
    """Outline of a rounded limb through `joints`, `radii[i]` thick at each: chubby baby limbs, fingers."""
    n = len(joints)
    left, right, tangents = [], [], []
    for i, (j, r) in enumerate(zip(joints, radii, strict=True)):
        a, b = joints[max(i - 1, 0)], joints[min(i + 1, n - 1)]
        t = _unit(_sub(b, a))
        nx, ny = -t[1], t[0]
        tangents.append(t)
        left.append((j[0] + nx * r, j[1] + ny * r))
        right.append((j[0] - nx * r, j[1] - ny * r))

    def cap(j: Pt, t: Pt, r: float) -> list[Pt]:
        nx, ny = -t[1], t[0]
        d = 0.7071
        return [
            (j[0] + (t[0] * d + nx * d) * r, j[1] + (t[1] * d + ny * d) * r),
            (j[0] + t[0] * r, j[1] + t[1] * r),
            (j[0] + (t[0] * d - nx * d) * r, j[1] + (t[1] * d - ny * d) * r),
        ]

    end = cap(joints[-1], tangents[-1], radii[-1])
    back = (-tangents[0][0], -tangents[0][1])
    start = cap(joints[0], back, radii[0])
    return [*left, *end, *right[::-1], *start]


# --- marks: arrows, numbers, symbols ---------------------------------------------------------------------


def arrow(
    pts: Sequence[Pt],
    xf: Xf = IDENTITY,
    *,
    both: bool = False,
    smooth: bool = True,
    colour: Color = ACCENT,
    width: float = W_ARROW,
    head: float = 6.5,
) -> Group:
    """A stroke path with a solid arrowhead at its end (and start if `both`), on a white halo, and a dot where
    the stroke starts (so the start reads without colour).

    The halo keeps the arrow readable where it crosses outlines, also in black-and-white print. The shaft is
    named "shaft" and runs from the first point to the last, so its point order is the direction of travel;
    the dot is named "start".
    """
    tp = [apply(xf, p) for p in pts]
    g = Group()
    shaft = path(tp, closed=False, smooth=smooth, stroke=colour, width=width, cap=0)
    halo = path(tp, closed=False, smooth=smooth, stroke=white, width=width + 2.4, cap=1)
    g.add(halo)
    if not both:  # a to-and-fro arrow has a head at each end and no start
        g.add(Circle(tp[0][0], tp[0][1], width * 1.3, fillColor=colour, strokeColor=white, strokeWidth=0.8),
              name="start")
    g.add(shaft, name="shaft")
    g.add(_head(tp, smooth, head, colour), name="head")
    if both:
        g.add(_head(tp[::-1], smooth, head, colour))
    return g


def _head(tp: Sequence[Pt], smooth: bool, size: float, colour: Color) -> Polygon:
    end = tp[-1]
    if smooth and len(tp) > 2:
        c2 = _beziers(tp, closed=False)[-1][1]
        d = _unit(_sub(end, c2))
    else:
        d = _unit(_sub(end, tp[-2]))
    nx, ny = -d[1], d[0]
    tip = (end[0] + d[0] * size * 0.75, end[1] + d[1] * size * 0.75)
    base = (end[0] - d[0] * size * 0.25, end[1] - d[1] * size * 0.25)
    w = size * 0.5
    pts = [tip, (base[0] + nx * w, base[1] + ny * w), (base[0] - nx * w, base[1] - ny * w)]
    return Polygon(
        [c for p in pts for c in p], fillColor=colour, strokeColor=white, strokeWidth=0.6, strokeLineJoin=1
    )


def label(x: float, y: float, text: str, size: float = 7.5, colour: Color = OUTLINE) -> String:
    """Centred text; the only text in figures is step numbers and side letters."""
    y -= size * 0.36  # optical centre of the digits
    return String(x, y, text, fontName=FONT, fontSize=size, fillColor=colour, textAnchor="middle")


def marker(x: float, y: float, n: int | str, r: float = 5.6) -> Group:
    """A step number in a small ring: order without relying on colour."""
    g = Group(Circle(x, y, r, fillColor=white, strokeColor=ACCENT, strokeWidth=1.0))
    g.add(label(x, y, str(n), size=r * 1.35), name="number")
    return g


def pause_marker(x: float, y: float, r: float = 6.0) -> Group:
    """A 'hold still' sign (pause bars in a ring) for techniques with no movement."""
    g = Group(Circle(x, y, r, fillColor=white, strokeColor=ACCENT, strokeWidth=1.0))
    for dx in (-1.6, 1.6):
        g.add(Line(x + dx, y - r * 0.45, x + dx, y + r * 0.45, strokeColor=ACCENT, strokeWidth=1.6))
    return g


def clockwise_symbol(x: float, y: float, r: float = 6.5) -> Group:
    """A small circular arrow turning clockwise: the 'this way round' reminder for the tummy."""
    g = Group(Circle(x, y, r + 4.0, fillColor=white, strokeColor=FRAME, strokeWidth=0.6))
    g.add(arrow(arc_points(x, y, r, 160, -130, n=16), width=W_ARROW_MIN, head=6.0), name="arrow")
    return g


def tap_marks(x: float, y: float, angle: float = 90.0, r: float = 3.2) -> Group:
    """Three short ticks fanning out from a fingertip: a light tap."""
    g = Group()
    for da in (-40, 0, 40):
        a = math.radians(angle + da)
        c, s = math.cos(a), math.sin(a)
        ends = [(x + c * r, y + s * r), (x + c * (r + 2.8), y + s * (r + 2.8))]
        g.add(path(ends, closed=False, smooth=False, stroke=ACCENT, width=1.1))
    return g


def hatch(outline: Path, box: tuple[float, float, float, float], step: float = 2.6) -> Group:
    """Diagonal hatching clipped to `outline` (a clip Path): marks an area in black-and-white print."""
    x0, y0, x1, y1 = box
    g = Group(outline)
    h = y1 - y0
    k = x0 - h
    while k < x1:
        g.add(Line(k, y0, k + h, y1, strokeColor=ACCENT, strokeWidth=0.8))
        k += step
    return g


def clipped(nodes: Sequence[Group | Path], box: tuple[float, float, float, float]) -> Group:
    """`nodes` cut to a rectangle (x0, y0, x1, y1): redraw part of a limb over a hand passing beneath it."""
    x0, y0, x1, y1 = box
    return Group(path([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], stroke=None, smooth=False, clip=True), *nodes)


def frame(w: float, h: float, clip: bool) -> Path:
    """The rounded figure border (or the same shape as a clip path, so close-ups are cut cleanly)."""
    r, k = 8.0, 0.5523 * 8.0
    p = _styled(stroke=None if clip else FRAME, width=0.8, clip=clip)
    p.moveTo(r, 0)
    p.lineTo(w - r, 0)
    p.curveTo(w - r + k, 0, w, r - k, w, r)
    p.lineTo(w, h - r)
    p.curveTo(w, h - r + k, w - r + k, h, w - r, h)
    p.lineTo(r, h)
    p.curveTo(r - k, h, 0, h - r + k, 0, h - r)
    p.lineTo(0, r)
    p.curveTo(0, r - k, r - k, 0, r, 0)
    p.closePath()
    return p


# --- the baby --------------------------------------------------------------------------------------------
# Local units: the baby is 100 long (crown y=100 to heels y=0), centred on x=0, head up. The head is 26 of
# that, as in a newborn (about a quarter of length); arms reach the hips, legs are short and chubby.


class BabyPart(Group):
    """Some of the baby drawn on its own (a leg, a foot's sole, an open hand): tests check that every parent's
    hand touches one."""


class Baby(BabyPart):
    """A whole baby lying on its back (front view or profile): a Group of its own kind, so tests can check the
    position a technique's steps ask for."""


class BabyOnTummy(Baby):
    """A whole baby lying on its tummy, seen from behind (the back view)."""


@dataclass(frozen=True)
class Limb:
    joints: tuple[Pt, ...]
    radii: tuple[float, ...]
    over: int | None = None  # joint from which the limb lies across the body (drawn again on top)

    def mirrored(self) -> Limb:
        return Limb(tuple((-x, y) for x, y in self.joints), self.radii, self.over)

    def front_part(self) -> Limb | None:
        return None if self.over is None else Limb(self.joints[self.over:], self.radii[self.over:])


ARM_DOWN = Limb(((-11.5, 69.0), (-17.5, 58.0), (-19.5, 48.0)), (4.4, 3.6, 2.7))
ARM_OPEN = Limb(((-11.5, 69.0), (-22.0, 67.0), (-32.0, 67.5)), (4.4, 3.6, 2.7))
ARM_CROSSED = Limb(((-11.5, 69.0), (-12.0, 58.0), (5.5, 64.5)), (4.4, 3.6, 2.7), over=1)
LEG_STRAIGHT = Limb(
    ((-6.5, 41.0), (-9.0, 31.0), (-10.8, 21.5), (-11.0, 14.0), (-10.3, 6.0)), (7.2, 6.3, 4.7, 4.6, 3.2)
)

TORSO = [(-10.0, 76.5), (-13.0, 72.5), (-13.5, 65.0), (-12.3, 56.0), (-12.6, 47.0), (-11.0, 39.5),
         (-6.0, 35.5), (0.0, 34.5), (6.0, 35.5), (11.0, 39.5), (12.6, 47.0), (12.3, 56.0), (13.5, 65.0),
         (13.0, 72.5), (10.0, 76.5), (0.0, 78.0)]
NAPPY_FRONT = [(-12.9, 46.0), (12.9, 46.0), (12.8, 42.0), (10.5, 37.5), (7.5, 34.5), (3.2, 32.0), (0.0, 31.5),
               (-3.2, 32.0), (-7.5, 34.5), (-10.5, 37.5), (-12.8, 42.0)]
NAPPY_BACK = [(-12.9, 48.5), (12.9, 48.5), (13.2, 41.0), (11.5, 35.5), (7.0, 31.5), (0.0, 30.5), (-7.0, 31.5),
              (-11.5, 35.5), (-13.2, 41.0)]
HEAD_C, HEAD_R = (0.0, 87.0), (12.5, 13.0)
NAVEL = (0.0, 56.0)
SPINE = ((0.0, 74.0), (0.0, 49.5))


def crease(limb: Limb, i: int, xf: Xf, span: tuple[float, float]) -> Path:
    """A soft skin fold across a limb at joint `i`: chubby thighs and wrists read as a baby's."""
    j, r = limb.joints[i], limb.radii[i]
    a, b = limb.joints[max(i - 1, 0)], limb.joints[min(i + 1, len(limb.joints) - 1)]
    t = _unit(_sub(b, a))
    n = (-t[1], t[0]) if j[0] < 0 else (t[1], -t[0])  # towards the body's midline first
    p0 = (j[0] + n[0] * r * span[0], j[1] + n[1] * r * span[0])
    p1 = (j[0] + n[0] * r * span[1], j[1] + n[1] * r * span[1])
    mid = ((p0[0] + p1[0]) / 2 + t[0] * 0.9, (p0[1] + p1[1]) / 2 + t[1] * 0.9)
    pts = [p0, mid, p1]
    return path(pts, xf, closed=False, stroke=SKIN_LINE, width=W_FINE)


def limb_shape(limb: Limb, xf: Xf, **kw) -> Path:
    return path(tube(limb.joints, limb.radii), xf, fill=kw.pop("fill", SKIN), **kw)


GHOST_STYLE = {"fill": None, "stroke": GHOST, "width": 1.0, "dash": (2.4, 1.8)}


def ghost_arm(limb: Limb, xf: Xf) -> Group:
    """The dashed outline of an arm where it starts or ends a movement."""
    return Group(limb_shape(limb, xf, **GHOST_STYLE), baby_hand(limb, xf, **GHOST_STYLE))


def baby_hand(limb: Limb, xf: Xf, **kw) -> Group:
    """A small closed baby hand (a mitten with a thumb nub) at the end of a forearm."""
    (ex, ey), (wx, wy) = limb.joints[-2], limb.joints[-1]
    d = _unit((wx - ex, wy - ey))
    ang = math.degrees(math.atan2(d[1], d[0]))
    c = (wx + d[0] * 3.4, wy + d[1] * 3.4)
    side = 1 if wx < 0 else -1
    thumb = (c[0] - d[1] * 3.0 * side - d[0] * 0.8, c[1] + d[0] * 3.0 * side - d[1] * 0.8)
    fill = kw.pop("fill", SKIN)
    return Group(
        ellipse(*thumb, 1.7, 1.3, xf, angle=ang, fill=fill, **kw),
        ellipse(*c, 4.2, 3.4, xf, angle=ang, fill=fill, **kw),
    )


def baby_foot(limb: Limb, xf: Xf, sole: bool = False, **kw) -> Group:
    """A small foot pointing up-and-out from the ankle, as seen when the baby lies flat."""
    (kx, ky), (ax, ay) = limb.joints[-2], limb.joints[-1]
    d = _unit((ax - kx, ay - ky))
    side = 1 if ax < 0 else -1
    a = math.radians(-40 * side)
    d = (d[0] * math.cos(a) - d[1] * math.sin(a), d[0] * math.sin(a) + d[1] * math.cos(a))
    ang = math.degrees(math.atan2(d[1], d[0]))
    c = (ax + d[0] * 3.5, ay + d[1] * 3.5)
    fill = kw.pop("fill", SKIN)
    g = Group(ellipse(*c, 5.6, 3.6, xf, angle=ang, fill=fill, **kw))
    if sole:
        pad = (c[0] + d[0] * 0.6, c[1] + d[1] * 0.6)
        g.add(ellipse(*pad, 3.4, 1.8, xf, angle=ang, stroke=SKIN_LINE, width=0.5))
    return g


def leg(limb: Limb, xf: Xf, sole: bool = False) -> Group:
    """One leg with its foot and skin folds (also redrawn alone, to lie over a hand)."""
    return BabyPart(
        baby_foot(limb, xf, sole=sole),
        limb_shape(limb, xf),
        crease(limb, 1, xf, (0.15, 0.75)),
        crease(limb, len(limb.joints) - 1, xf, (-0.55, 0.55)),
    )


def baby(
    xf: Xf,
    *,
    back: bool = False,
    arms: tuple[Limb, Limb] = (ARM_DOWN, ARM_DOWN.mirrored()),
    legs: tuple[Limb, Limb] = (LEG_STRAIGHT, LEG_STRAIGHT.mirrored()),
    face: bool = True,
    hair: bool = True,
    spine: bool = True,
) -> Group:
    """A friendly baby lying flat, seen from above: front view (on its back) or back view (on its tummy)."""
    g = Group()
    for lg in legs:
        g.add(leg(lg, xf, sole=back))
    for arm in arms:  # behind the torso, so shoulders join without a seam
        g.add(limb_shape(arm, xf))
    g.add(path(TORSO, xf, fill=SKIN))
    g.add(path(NAPPY_BACK if back else NAPPY_FRONT, xf, fill=NAPPY))
    if back:
        for s in (-1, 1):
            blade = [(s * 5.0, 68.5), (s * 7.8, 67.0), (s * 8.8, 63.5)]
            g.add(path(blade, xf, closed=False, stroke=SKIN_LINE, width=W_FINE))
        if spine:
            g.add(path(SPINE, xf, closed=False, smooth=False, stroke=SKIN_LINE, width=1.3, dash=(0.01, 2.6)))
    else:
        g.add(ellipse(*NAVEL, 1.2, 1.5, xf, stroke=SKIN_LINE, width=0.8))
    for arm in arms:
        front = arm.front_part()
        if front is not None:
            g.add(limb_shape(front, xf))
        g.add(baby_hand(arm, xf))
    g.add(head(xf, back=back, face=face, hair=hair))
    return (BabyOnTummy if back else Baby)(*g.contents)


def head(xf: Xf, *, back: bool = False, face: bool = True, hair: bool = True) -> Group:
    cx, cy = HEAD_C
    rx, ry = HEAD_R
    g = Group()
    for s in (-1, 1):
        g.add(ellipse(cx + s * (rx - 0.3), cy - 0.5, 2.6, 3.6, xf, fill=SKIN))
    g.add(ellipse(cx, cy, rx, ry, xf, fill=SKIN))
    if back:  # the crown's hair whorl and a few strands
        whorl = [(1.2, 93.0), (0.0, 94.2), (-1.4, 92.8), (0.0, 91.2), (2.6, 92.4), (2.4, 95.4), (-1.0, 96.8)]
        g.add(path(whorl, xf, closed=False, stroke=SKIN_LINE, width=W_FINE))
        for a in (-5.0, 5.0):
            strand = [(a * 0.6, 97.0), (a, 95.5), (a * 1.5, 92.0)]
            g.add(path(strand, xf, closed=False, stroke=SKIN_LINE, width=W_FINE))
        return g
    # a curl of hair, closed contented eyes, a small smile
    if hair:
        g.add(path([(-1.0, 97.5), (0.6, 99.8), (2.4, 98.4), (1.0, 96.8)], xf, closed=False, width=0.9))
    if face:
        for s in (-1, 1):
            g.add(path([(s * 6.8, 88.5), (s * 4.8, 86.8), (s * 2.8, 88.5)], xf, closed=False, width=0.9))
        g.add(path([(-2.6, 81.8), (0.0, 80.3), (2.6, 81.8)], xf, closed=False, width=0.9))
    return g


# --- adult hands -----------------------------------------------------------------------------------------
# Local units: wrist at (0, 0), fingers pointing up (+y), a right hand palm-down (thumb on the left); about
# 38 long, i.e. a third of a newborn's length, as a real adult hand is.

FINGERS = (  # base, length, radius: index, middle, ring, little
    ((-5.7, 16.5), 15.5, 2.2),
    ((-1.9, 17.5), 17.0, 2.2),
    ((1.9, 17.0), 15.5, 2.15),
    ((5.6, 15.5), 12.5, 2.0),
)
PALM = [(-7.8, 0.0), (-8.8, 8.0), (-8.3, 17.0), (-4.0, 19.0), (0.0, 19.5), (4.0, 19.0), (7.6, 17.0),
        (8.0, 8.0), (7.2, 0.0), (0.0, -1.0)]


def _finger(base: Pt, length: float, r: float, angle: float) -> list[Pt]:
    a = math.radians(90 + angle)
    m = (base[0] + math.cos(a) * length * 0.55, base[1] + math.sin(a) * length * 0.55)
    tip = (base[0] + math.cos(a) * length, base[1] + math.sin(a) * length)
    return tube([base, m, tip], [r, r * 0.95, r * 0.85])


def _finger_joints(i: int, spread: float, reach: float) -> tuple[Pt, Pt, Pt]:
    base, length, _ = FINGERS[i]
    a = math.radians(90 + spread * (1.3 - i))
    length *= reach
    m = (base[0] + math.cos(a) * length * 0.55, base[1] + math.sin(a) * length * 0.55)
    tip = (base[0] + math.cos(a) * length, base[1] + math.sin(a) * length)
    return base, m, tip


def fingertips(xf: Xf, spread: float = 0.0, reach: float = 1.0) -> list[Pt]:
    """Where the four fingertips of `adult_hand(xf, spread=..., reach=...)` touch: for tap marks."""
    out = []
    for i in range(4):
        _, m, tip = _finger_joints(i, spread, reach)
        d = _unit(_sub(tip, m))
        out.append(apply(xf, (tip[0] + d[0] * FINGERS[i][2], tip[1] + d[1] * FINGERS[i][2])))
    return out


class Hand(Group):
    """An adult hand (or thumb) in a drawing: a Group of its own kind, so tests can count the hands. `touch` is
    the point (in figure units) where it rests on the baby: the middle of the fingers, or the thumb's tip."""

    _attrMap = AttrMap(BASE=Group, touch=AttrMapValue(isAnything))


def adult_hand(
    xf: Xf,
    *,
    spread: float = 0.0,
    thumb_out: float = 0.0,
    forearm: float = 70.0,
    reach: float = 1.0,
) -> Group:
    """An adult hand and forearm seen from above, drawn as one silhouette (no seams) with finger lines.

    The forearm runs `forearm` units back from the wrist, into a sleeve, and is meant to leave the figure's
    frame: hands come in from the edge rather than float. `spread` fans the fingers (degrees between
    neighbours); `thumb_out` swings the thumb away; `reach` < 1 shortens the fingers as when they curl down
    onto the skin.
    """
    ta = math.radians(125 + thumb_out)
    t0 = (-6.0, 5.0)
    t1 = (t0[0] + math.cos(ta) * 6.5, t0[1] + math.sin(ta) * 6.5)
    ta2 = math.radians(105 + thumb_out)
    t2 = (t1[0] + math.cos(ta2) * 6.5, t1[1] + math.sin(ta2) * 6.5)
    parts: list[list[Pt]] = [tube([t0, t1, t2], [3.6, 2.8, 2.35])]
    for i, (_, _, r) in enumerate(FINGERS):
        parts.append(tube(_finger_joints(i, spread, reach), [r, r * 0.95, r * 0.85]))
    parts.append(PALM)
    if forearm > 0:
        parts.append(tube([(0.0, 2.0), (0.0, -forearm * 0.5), (0.0, -forearm)], [7.4, 8.2, 8.8]))
    g = silhouette(parts, xf, HAND)
    if spread < 6:  # fingers lying together: draw the gaps between them
        for (b0, l0, _), (b1, l1, _) in itertools.pairwise(FINGERS):
            x = (b0[0] + b1[0]) / 2
            y0 = max(b0[1], b1[1]) + 2.0
            y1 = min(b0[1] + l0 * reach, b1[1] + l1 * reach) - 3.0
            g.add(path([(x, y0), (x, y1)], xf, closed=False, smooth=False, stroke=OUTLINE, width=W_FINE))
    if forearm > 24:
        sleeve = [(-9.4, -20.0), (9.4, -20.0), (10.4, -forearm - 10), (-10.4, -forearm - 10)]
        g.add(path(sleeve, xf, fill=SLEEVE, smooth=False))
    return Hand(*g.contents, touch=apply(xf, _finger_joints(1, spread, reach)[1]))  # the middle finger's middle


def thumb(xf: Xf, length: float = 22.0) -> Group:
    """An adult thumb seen from above, tip up with its nail; it runs on past the frame's edge."""
    body = tube([(0.0, -70.0), (0.0, -10.0), (0.0, length * 0.5), (0.0, length)], [5.8, 5.2, 4.7, 4.2])
    top = length + 1.8
    nail = [(-2.6, length - 4.5), (-2.6, top), (0.0, length + 3.2), (2.6, top), (2.6, length - 4.5)]
    knuckle = [(-3.2, length * 0.3 + 0.6), (0.0, length * 0.3), (3.2, length * 0.3 + 0.6)]
    return Hand(path(body, xf, fill=HAND), path(nail, xf, fill=white, width=W_FINE),
                path(knuckle, xf, closed=False, width=W_FINE), touch=apply(xf, (0.0, length)))


def silhouette(parts: Sequence[Sequence[Pt]], xf: Xf, fill: Color) -> Group:
    """Overlapping parts drawn as one outlined shape: a double-width outline under a borderless fill."""
    g = Group()
    for p in parts:
        g.add(path(p, xf, width=W_OUT * 2))
    for p in parts:
        g.add(path(p, xf, fill=fill, stroke=None))
    return g


# --- close-ups: the sole of a foot, an open hand ---------------------------------------------------------
# Local units: heel (or wrist) at (0, 0), toes (or fingers) up; 60 long; the big toe (or thumb) on the right.

SOLE = [(0.0, -1.0), (-7.5, 4.0), (-9.5, 16.0), (-10.5, 30.0), (-11.0, 42.0), (-9.5, 50.0), (-4.0, 53.5),
        (3.0, 55.0), (10.5, 54.0), (13.0, 46.0), (10.0, 32.0), (8.5, 16.0), (7.5, 4.0)]
TOES = ((-9.2, 52.5, 2.7), (-5.2, 56.3, 3.0), (-0.8, 58.6, 3.2), (3.9, 59.8, 3.4), (10.0, 59.0, 4.8))


def foot_sole(xf: Xf) -> Group:
    """A baby's foot seen from the sole, with the leg running off behind the heel."""
    g = Group(path(tube([(0.0, 6.0), (-1.0, -30.0), (-2.0, -70.0)], [7.6, 8.6, 10.0]), xf, fill=SKIN))
    for x, y, r in TOES:
        g.add(ellipse(x, y, r, r * 1.12, xf, fill=SKIN))
    g.add(path(SOLE, xf, fill=SKIN))
    g.add(path([(-8.0, 45.0), (0.0, 48.5), (9.5, 46.5)], xf, closed=False, stroke=SKIN_LINE, width=W_FINE))
    return BabyPart(*g.contents)


PALM_OPEN = [(-7.5, 1.0), (-9.8, 10.0), (-9.8, 18.0), (-8.5, 23.5), (-3.0, 25.5), (2.0, 25.8), (7.0, 24.0),
             (9.5, 17.0), (9.5, 8.0), (7.0, 0.5), (0.0, -0.5)]
BABY_FINGERS = (  # base, length, radius, lean (degrees): little, ring, middle, index
    ((-6.8, 21.5), 9.0, 2.1, 10.0),
    ((-2.6, 23.5), 11.0, 2.25, 3.0),
    ((1.6, 24.0), 12.0, 2.35, -3.0),
    ((5.8, 22.5), 10.5, 2.35, -9.0),
)


def baby_palm(xf: Xf) -> Group:
    """A baby's open hand, palm towards you, fingers spread a little, forearm running off below."""
    parts: list[list[Pt]] = [tube([(0.0, 2.0), (0.0, -30.0), (0.0, -70.0)], [7.8, 8.6, 9.4])]
    parts += [_finger(base, length, r, ang) for base, length, r, ang in BABY_FINGERS]
    parts.append(tube([(6.5, 7.0), (11.5, 12.5), (14.0, 18.5)], [3.6, 3.0, 2.5]))
    parts.append(PALM_OPEN)
    g = silhouette(parts, xf, SKIN)
    for pts in ([(-8.5, 16.5), (-2.0, 18.0), (6.0, 15.0)], [(-8.0, 11.0), (-1.0, 11.5), (3.0, 9.0)],
                [(5.5, 3.0), (4.5, 9.0), (6.0, 14.5)], [(-5.0, -1.5), (0.0, -2.3), (5.0, -1.5)]):
        g.add(path(pts, xf, closed=False, stroke=SKIN_LINE, width=W_FINE))
    return BabyPart(*g.contents)


# --- the baby in profile ---------------------------------------------------------------------------------
# Local units: lying on its back along x, head at the left, surface at y=0; about 95 long, head 26.

SIDE_TORSO = [(21.0, 1.0), (22.5, 12.0), (29.0, 16.5), (38.0, 17.0), (47.0, 19.5), (56.0, 17.5), (63.0, 11.0),
              (64.5, 3.0), (56.0, 0.0), (36.0, 0.0)]
SIDE_NAPPY = [(52.5, 18.2), (59.0, 16.8), (65.0, 12.0), (68.0, 5.5), (65.5, 0.0), (57.0, -0.3), (52.0, 2.0),
              (51.5, 10.0)]
SIDE_ARM = Limb(((28.5, 10.5), (38.0, 7.0), (46.5, 7.5)), (4.3, 3.5, 2.6))
LEG_REST = Limb(((61.5, 7.5), (75.5, 13.5), (88.5, 7.5)), (7.2, 5.0, 3.3))
LEG_UP = Limb(((61.5, 7.5), (58.5, 22.0), (72.0, 24.5)), (7.2, 5.0, 3.3))
HIP = LEG_REST.joints[0]


def side_foot(limb: Limb, xf: Xf, **kw) -> Path:
    ax, ay = limb.joints[-1]
    return ellipse(ax + 1.8, ay + 4.0, 5.6, 3.2, xf, angle=70.0, fill=kw.pop("fill", SKIN), **kw)


def side_leg(limb: Limb, xf: Xf, *, ghost: bool = False) -> Group:
    """A leg in profile; `ghost` is the dashed outline of where the leg starts or ends."""
    if ghost:
        return Group(limb_shape(limb, xf, **GHOST_STYLE), side_foot(limb, xf, **GHOST_STYLE))
    return BabyPart(side_foot(limb, xf), limb_shape(limb, xf))


def baby_side(xf: Xf, leg: Limb = LEG_REST) -> Group:
    """A baby lying on its back seen from the side, face up: for knees-to-tummy and the set-up."""
    raised = leg.joints[1][1] > 18.0  # a knee lifted over the tummy comes out above the nappy
    g = Group(path(SIDE_TORSO, xf, fill=SKIN))
    if not raised:
        g.add(side_leg(leg, xf))
    g.add(path(SIDE_NAPPY, xf, fill=NAPPY))
    if raised:
        g.add(side_leg(leg, xf))
    g.add(limb_shape(SIDE_ARM, xf))
    g.add(ellipse(50.0, 8.0, 3.9, 3.1, xf, angle=10.0, fill=SKIN))
    # the head in profile, face up: nose over the edge, closed eye, smile, a curl of hair
    g.add(ellipse(16.0, 25.6, 2.3, 1.7, xf, angle=70.0, fill=SKIN))
    g.add(ellipse(13.0, 13.0, 13.0, 12.5, xf, fill=SKIN))
    g.add(path([(9.6, 18.6), (11.6, 20.2), (13.6, 19.6)], xf, closed=False, width=1.0))
    g.add(path([(19.2, 20.2), (20.6, 21.0), (21.8, 20.4)], xf, closed=False, width=1.0))
    g.add(path([(2.2, 15.0), (0.9, 18.0), (3.6, 19.8), (4.6, 17.2)], xf, closed=False, width=0.9))
    return Baby(*g.contents)


def thermometer(x: float, y: float, h: float) -> Group:
    """A room thermometer: bulb at (x, y), tube `h` tall, filled to a comfortable mid reading, with ticks."""
    tube_w = 6.0
    left, right = x - tube_w / 2, x + tube_w / 2
    g = Group(path([(left, y), (left, y + h), (right, y + h), (right, y)], fill=white, smooth=False))
    g.add(Circle(x, y + h, tube_w / 2, fillColor=white, strokeColor=OUTLINE, strokeWidth=W_OUT))
    g.add(path([(x - tube_w / 2 + 0.6, y + h), (x + tube_w / 2 - 0.6, y + h)], closed=False, smooth=False,
               stroke=white, width=2.0))
    g.add(Circle(x, y, 6.5, fillColor=ACCENT, strokeColor=OUTLINE, strokeWidth=W_OUT))
    g.add(path([(x - 1.4, y), (x - 1.4, y + h * 0.55), (x + 1.4, y + h * 0.55), (x + 1.4, y)], fill=ACCENT,
               stroke=None, smooth=False))
    for i in range(1, 8):
        ty = y + 8 + i * (h - 12) / 8
        g.add(Line(x + tube_w / 2, ty, x + tube_w / 2 + (4.0 if i % 2 else 2.4), ty, strokeColor=OUTLINE,
                   strokeWidth=W_FINE))
    return g
