"""Tick boxes: printed squares to tick by pen, or real check-box fields with --fillable."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from handbook.render import tagging
from handbook.render.forms import CheckBox
from handbook.render.replay import Lazy


class TickLine(Lazy, Flowable):
    """A tick box and its text; with fillable output the box is a real check box field."""

    def __init__(self, para: Paragraph, field_name: str, fillable: bool, box: float = 4.2 * mm) -> None:
        super().__init__()
        self.para, self.field_name, self.fillable, self.box = para, field_name, fillable, box
        self.gap = 3 * mm

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        _, h = self.para.wrap(avail_w - self.box - self.gap, avail_h)
        self.width, self.height = avail_w, max(h, self.box + 2)
        return self.width, self.height

    def draw(self) -> None:
        top = self.height
        first_line = self.para.style.leading
        y = top - (first_line + self.box) / 2 - 1
        if self.fillable:
            mark = tagging.begin_annots(self.canv, self.__dict__.get("tag"))
            CheckBox(self.field_name, self.box).draw_on(self.canv, 0, y)
            tagging.end_annots(self.canv, mark)
        else:
            self.canv.setLineWidth(0.9)
            self.canv.rect(0, y, self.box, self.box, stroke=1, fill=0)
        self.para.drawOn(self.canv, self.box + self.gap, top - self.para.height)
