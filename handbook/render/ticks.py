"""Tick boxes: printed squares to tick by pen, or real check-box fields with --fillable."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from handbook.cache import remember
from handbook.render.forms import CheckBox
from handbook.render.replay import FIXED_CHARS, HandbookCanvas, Lazy, bound_draw, canvas_state, record


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
            CheckBox(self.field_name, self.box).draw_on(self.canv, 0, y)
        else:
            self.canv.setLineWidth(0.9)
            self.canv.rect(0, y, self.box, self.box, stroke=1, fill=0)
        self.para.drawOn(self.canv, self.box + self.gap, top - self.para.height)


class ChoiceCell(Lazy, Flowable):
    """Small labelled tick boxes inside a chart cell (engaged / mixed / disengaged, yes / no)."""

    def __init__(self, name: str, options: tuple[str, ...], width: float, height: float, fillable: bool) -> None:
        super().__init__()
        self.name, self.options, self.fillable = name, options, fillable
        self.width, self.height = width - 4, height - 4

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        """Printed cells are all alike, so their drawing is recorded once and played (see Ops); fillable ones
        hold form fields and are drawn each time."""
        canv = self.canv
        if self.fillable or not isinstance(canv, HandbookCanvas) or not set("".join(self.options)) <= FIXED_CHARS:
            self.draw_cell()
            return
        key = (self.options, self.width, self.height, *canvas_state(canv))
        ops = remember(canv.cache.cells, key, lambda: record(bound_draw(self, self.draw_cell), canv))
        if ops is None:
            self.draw_cell()
        else:
            ops.play(canv)

    def draw_cell(self) -> None:
        n = len(self.options)
        size = min(3.6 * mm, self.height / (n + 0.5)) if n > 2 else 3.6 * mm
        step = self.height / n
        for i, option in enumerate(self.options):
            y = self.height - (i + 1) * step + (step - size) / 2
            if self.fillable:
                CheckBox(f"{self.name}_{option.replace(' ', '_')}", size).draw_on(self.canv, 1, y)
            else:
                self.canv.setLineWidth(0.7)
                self.canv.rect(1, y, size, size)
            self.canv.setFont("DejaVuSans", 6.5)
            self.canv.drawString(size + 3, y + size * 0.2, option)
