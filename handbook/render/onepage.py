"""Blocks that must share one page, set tighter step by step until they do (the back cover, issue 13).

The back cover carries the clinic's block and the whole help panel; a newborn's longer lists, a translation a
third longer or Letter's shorter page would push its last levels onto a page of their own. The blocks are set
again with smaller headings and spacing, then in the theme's condensed letters, at the same 11 pt body: the
first way that fits is drawn, each built only when the one before did not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, Paragraph

from handbook.render.panels import Stacked
from handbook.render.paragraphs import Heading1

# (text scale, condensed letters), roomiest first: the theme's sizes at 1.0, then headings, spacing and line
# height giving way (the body never does; see theme.FIXED_SIZES), then the same in condensed letters.
ONE_PAGE_STEPS = ((1.0, False), (0.88, False), (0.76, False), (0.64, False), (0.52, False),
                  (0.76, True), (0.64, True), (0.52, True), (0.4, True), (0.28, True))


class Stack(Flowable):
    """Flowables one under another as the frame would set them: the spaces between them count, the first's
    space before and the last's space after do not (the page's top and foot)."""

    def __init__(self, flowables: list[Flowable], width: float) -> None:
        super().__init__()
        self.stack = Stacked(flowables, width)
        self.width = width

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.height = self.stack.wrap(self.canv)
        return self.width, self.height

    def draw(self) -> None:
        self.stack.draw(self.canv, 0, self.height)


class Abreast(Flowable):
    """A heading and the line after it (the emergency number) side by side on one baseline when each fits on
    one line there, else one under the other: a tighter step's way to keep the big number without a line of
    its own."""

    def __init__(self, left: Paragraph, right: Paragraph, gap: float) -> None:
        super().__init__()
        self.parts, self.gap = (left, right), gap
        self.beside = False

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        left, right = self.parts
        hl = left.wrapOn(self.canv, avail_w, avail_h)[1]
        widths = left.getActualLineWidths0()
        room = avail_w - (widths[0] if widths else avail_w) - self.gap
        self.beside = len(widths) == 1 and room > 0 and len(right.breakLines([room]).lines) == 1
        if self.beside:
            hr = right.wrapOn(self.canv, room, avail_h)[1]
            self.room, self.height = room, max(hl, hr)
        else:
            hr = right.wrapOn(self.canv, avail_w, avail_h)[1]
            self.height = hl + left.getSpaceAfter() + right.getSpaceBefore() + hr
        self.width = avail_w
        self.sizes = (hl, hr)
        return self.width, self.height

    def draw(self) -> None:
        (left, right), hl = self.parts, self.sizes[0]
        if self.beside:  # the foot of both lines on one level: the heading's and the number's baselines
            left.drawOn(self.canv, 0, 0)
            right.drawOn(self.canv, self.width - self.room, 0)
        else:
            left.drawOn(self.canv, 0, self.height - hl)
            right.drawOn(self.canv, 0, 0)


def abreast(flows: list[Flowable], gap: float) -> list[Flowable]:
    """A heading followed by a `display` line (the emergency number) set as one Abreast."""
    out: list[Flowable] = []
    for f in flows:
        last = out[-1] if out else None
        if isinstance(last, Heading1) and isinstance(f, Paragraph) and f.style.name == "display":
            out[-1] = Abreast(last, f, gap)
        else:
            out.append(f)
    return out


class OnePage(Flowable):
    """The first of `layouts` (makers of the same flowables set tighter and tighter) whose stack fits the room
    it is offered. When none does, the tightest one's flowables run on over the page as any others would:
    nothing is ever cut. Its headings are reported by the document (see `headings`) as if they stood alone."""

    def __init__(self, layouts: Sequence[Callable[[], list[Flowable]]], width: float) -> None:
        super().__init__()
        self.layouts, self.width = list(layouts), width
        self.made: list[tuple[Flowable, list[Flowable]] | None] = [None] * len(self.layouts)
        self.chosen = 0

    def _layout(self, i: int) -> tuple[Flowable, list[Flowable]]:
        made = self.made[i]
        if made is None:
            flows = self.layouts[i]()
            made = self.made[i] = (Stack(flows, self.width), flows)
        return made

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        for i in range(len(self.layouts)):
            self.chosen = i
            _, self.height = self._layout(i)[0].wrapOn(self.canv, self.width, avail_h)
            if self.height <= avail_h:
                break
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        return list(self._layout(self.chosen)[1])  # the tightest way, flowing on like the blocks it is made of

    def draw(self) -> None:
        self._layout(self.chosen)[0].drawOn(self.canv, 0, 0)

    def headings(self) -> list[Heading1]:
        """The drawn way's headings, for the bookmarks and contents (the document sees only this flowable)."""
        flows = self._layout(self.chosen)[1]
        parts = [p for f in flows for p in (f.parts if isinstance(f, Abreast) else (f,))]
        return [f for f in parts if isinstance(f, Heading1)]
