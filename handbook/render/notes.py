"""Ruled lines to write on, filling what is left of the page: a booklet's notes pages."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable


class RuledLines(Flowable):
    """As many writing lines as fit below what the page already holds, `pitch` apart.

    It takes the frame's remaining height (less a hair, so it never pushes onto a new page), which makes a
    notes page exactly one page however long its heading is.
    """

    def __init__(self, pitch: float, colour: Color, line_width: float = 0.6) -> None:
        super().__init__()
        self.pitch, self.colour, self.line_width = pitch, colour, line_width
        self.width = self.height = 0.0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = avail_w, max(avail_h - 1, 0)
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        return []  # never split: a page of lines is whatever the page has left

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.colour)
        canv.setLineWidth(self.line_width)
        y = self.height - self.pitch
        while y >= 0:
            canv.line(0, y, self.width, y)
            y -= self.pitch
        canv.restoreState()
