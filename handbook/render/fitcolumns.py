"""One content laid out more than one way, the first way that fits the room the page has.

A one-page printable (the checklist) is two columns of boxes with the emergency box across the foot. A long
name and every flag make the boxes taller than that page; rather than shrink the body text (issue 13: at least
11 pt), the same boxes are set another way: moved between the columns until they are even, then with the
emergency box as the last one in the columns. Each way is built only when the one before it did not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from handbook.render.panels import Grid

_NO_PADDING = TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                          ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])


def stacked(flowables: Sequence[Flowable], width: float) -> Flowable:
    """Flowables one under the other as one flowable (the columns and the box across their foot)."""
    table = Grid([[f] for f in flowables], colWidths=[width])
    table.setStyle(_NO_PADDING)
    return table


def best_split(splits: Iterable[int], n: int, ratios: Sequence[float],
               height: Callable[[int, float, bool], float]) -> tuple[int, float]:
    """The (split, ratio) whose taller column is shortest: `split`, one of `splits`, is the index of the first of
    `n` blocks in the right column, `ratio` the left column's share of the width, and `height(i, ratio, left)`
    block i's height in the left (or right) column at that ratio. The first wins a tie, so the same blocks
    always give the same page."""
    def tallest(k: int, r: float) -> float:
        return max(sum(height(i, r, True) for i in range(k)), sum(height(i, r, False) for i in range(k, n)))

    trials = [(k, r) for k in splits for r in ratios]
    return min(trials, key=lambda kr: tallest(*kr))


class FirstThatFits(Flowable):
    """The first of `layouts` (makers of the same content laid out differently, best first) that fits the room
    it is offered, or else the shortest. It never splits: a printable that does not fit its page tries again
    with smaller headings and spacing (render.document's fit steps), so it is meant for one-page printables."""

    def __init__(self, layouts: Sequence[Callable[[], Flowable]]) -> None:
        super().__init__()
        self.layouts = list(layouts)
        self.made: list[Flowable | None] = [None] * len(self.layouts)
        self.chosen: Flowable | None = None

    def _layout(self, i: int) -> Flowable:
        made = self.made[i]
        if made is None:
            made = self.made[i] = self.layouts[i]()
        return made

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        shortest: tuple[float, float, Flowable] | None = None
        for i in range(len(self.layouts)):
            layout = self._layout(i)
            w, h = layout.wrapOn(self.canv, avail_w, avail_h)
            if h <= avail_h:
                shortest = (w, h, layout)
                break
            if shortest is None or h < shortest[1]:
                shortest = (w, h, layout)
        assert shortest is not None  # there is always a first layout
        self.width, self.height, self.chosen = shortest
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        # No layout fits: the page cannot hold this printable at this size, which the fit steps want to know at
        # once (moving it to a page of its own would only cost a full build that is thrown away).
        raise LayoutError(f"no layout of the columns fits {avail_h:.0f} pt")

    def draw(self) -> None:
        assert self.chosen is not None  # wrapped before drawn
        self.chosen.drawOn(self.canv, 0, 0)
