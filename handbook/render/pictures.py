"""Vector figures and the clinic logo as flowables; figures are placed as form XObjects recorded once."""

from __future__ import annotations

import copy
from collections.abc import Iterator

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.shapes import Image as RLImage
from reportlab.platypus import Flowable, Image

from handbook.cache import remember
from handbook.render import tagging
from handbook.render.replay import FIXED_CHARS, HandbookCanvas, Lazy, Ops, canvas_state, record


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "contents", None) or ():
        yield from _nodes(child)


def _figure_ops(drawing: Drawing, like: HandbookCanvas) -> Ops | None:
    """The drawing's operators, or None if it cannot be reused: images and transparency add resources to the
    document, and text is only reusable in characters whose codes are fixed (see seed_fonts)."""
    for n in _nodes(drawing):
        if isinstance(n, RLImage) or getattr(n, "fillOpacity", None) is not None \
                or getattr(n, "strokeOpacity", None) is not None:
            return None
        if isinstance(n, String) and not set(n.text) <= FIXED_CHARS:
            return None
    return record(lambda canv: renderPDF.draw(drawing, canv, 0, 0), like)


def _placement(drawing: Drawing, like: HandbookCanvas) -> tuple[Ops, float] | None:
    """The figure's operators at its own size and the scale to place them at, or None (see _figure_ops).

    The same figure printed at two widths (the routine card's thumbnails and the technique pages) differs only
    by its scale, so it is recorded unscaled and the document carries one form per figure, placed at each size
    with a `cm`: the figures are most of a handbook's bytes.
    """
    a, b, c, d, e, f = drawing.transform
    if b or c or e or f or a != d or not a:  # not a plain scale: record it as it is
        ops = _figure_ops(drawing, like)
        return None if ops is None else (ops, 1.0)
    unit = copy.copy(drawing)  # shares the nodes (drawing never changes them), with no scale of its own
    unit.transform = (1, 0, 0, 1, 0, 0)
    ops = _figure_ops(unit, like)
    if ops is None:
        return None
    same = remember(like.cache.figure_units, (ops.template, ops.fonts), lambda: ops)
    return same, float(a)


class Picture(Lazy, Flowable):
    """A vector figure, sized and placed as the figure; skips drawing on the layout-only pass.

    The drawing is recorded once per cache and placed as a form (see HandbookCanvas.place), so it must be
    one that nothing changes any more: the figures and QR codes come from the same cache.
    """

    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.hAlign = drawing.hAlign

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = self.drawing.wrap(avail_w, avail_h)
        return self.width, self.height

    def draw(self) -> None:
        """Marked as its Figure where it is placed: the recorded form XObject itself carries no tags."""
        mark = tagging.begin(self.canv, self.__dict__.get("tag"))
        self._draw()
        tagging.end(self.canv, mark)

    def _draw(self) -> None:
        canv = self.canv
        if not isinstance(canv, HandbookCanvas):
            renderPDF.draw(self.drawing, canv, 0, 0)
            return
        # Per figure: its operators by canvas state, or None when it is drawn anew each time. The store keeps
        # the drawing itself as the key, so its id is never reused for another drawing while it is there.
        by_state = remember(canv.cache.figure_ops, self.drawing, dict)
        placed = remember(by_state, canvas_state(canv), lambda: _placement(self.drawing, canv))
        if placed is None:
            renderPDF.draw(self.drawing, canv, 0, 0)
        else:
            canv.place(*placed)


class Logo(Lazy, Image):
    """The clinic's logo; skips drawing on the layout-only pass."""

    def draw(self) -> None:
        mark = tagging.begin(self.canv, self.__dict__.get("tag"))
        super().draw()
        tagging.end(self.canv, mark)
