"""The tracking chart's table: few wide columns, each cell holding one or more parts (a write-in line, the
printed date, one exclusive choice), rows sized so the whole course fits one landscape page.

Every box printed in a cell is a form field when the chart is fillable: a text field per write-in part and a
radio group per exclusive choice (its options are the group's kids), so a parent on a tablet can tick one
face only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import Color, black, white
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handbook.cache import remember
from handbook.compose import blocks as b
from handbook.render import tagging
from handbook.render.forms import RadioOption, TextField
from handbook.render.replay import FIXED_CHARS, HandbookCanvas, Lazy, Ops, bound_draw, canvas_state, record

ROW_MAX = 11 * mm  # rows grow to this when the page has room (the ongoing log)
ROW_MIN = 7.5 * mm  # and never shrink below it: still room for a word and a tick
PAD = 2  # cell padding (points), as in the table style
# Share of a cell's height each kind of part takes: a choice needs room for its faces, a printed date two lines.
BAND_WEIGHT = {"choice": 1.5, "yesno": 1.5, "date": 2.0, "age": 0.0}


@dataclass(frozen=True)
class CellStyle:
    """Fonts and sizes for the words printed inside chart cells."""

    regular: str
    bold: str
    date_size: float = 9.5
    prompt_size: float = 7.5
    option_size: float = 7.5
    ink: Color = black
    rule: Color = black


def field_name(prefix: str, number: int, key: str) -> str:
    return f"{prefix}_{number:02d}_{key}"


def option_value(option: str) -> str:
    """A radio button's export value: a PDF name, so no spaces."""
    return "".join(ch if ch.isalnum() else "_" for ch in option) or "option"


class ChartCell(Lazy, Flowable):
    """One cell of the chart: its parts stacked in bands (a prompted write-in has a line to write on)."""

    def __init__(self, column: b.ChartColumn, row: b.ChartRow, prefix: str, width: float, height: float,
                 fillable: bool, style: CellStyle) -> None:
        super().__init__()
        self.column, self.row, self.prefix, self.fillable, self.style = column, row, prefix, fillable, style
        self.width, self.height = width - 2 * PAD, height - 2 * PAD
        self.parts = [p for p in column.parts if BAND_WEIGHT.get(p.kind, 1.0) > 0]
        self.age = next((p for p in column.parts if p.kind == "age"), None)

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def bands(self) -> list[tuple[b.ChartPart, float, float]]:
        """(part, bottom, height) from the top band down."""
        weights = [BAND_WEIGHT.get(p.kind, 1.0) for p in self.parts]
        total = sum(weights) or 1.0
        out, top = [], self.height
        for part, w in zip(self.parts, weights, strict=True):
            h = self.height * w / total
            out.append((part, top - h, h))
            top -= h
        return out

    def drawOn(self, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """As Flowable.drawOn (save the state, move to x, y, draw, restore) in one go when the drawing is
        replayed: the same operators without a round of canvas calls per cell (a chart has ninety)."""
        if getattr(canv, "layout_only", False):
            return
        self.canv = canv
        try:
            ops = self._ops()
        finally:
            del self.canv
        if ops is None:
            super().drawOn(canv, x, y, _sW)
            return
        canv.addLiteral(f"q\n1 0 0 1 {fp_str(self._hAlignAdjust(x, _sW), y)} cm")
        mark = tagging.begin(canv, self.__dict__.get("tag"))
        ops.play(canv)
        tagging.end(canv, mark)
        canv.addLiteral("Q")

    def draw(self) -> None:
        mark = tagging.begin(self.canv, self.__dict__.get("tag"))
        ops = self._ops()
        if ops is None:
            self._draw_parts()
        else:
            ops.play(self.canv)
        tagging.end(self.canv, mark)

    def _draw_parts(self) -> None:
        for part, y, h in self.bands():
            self._part(part, y, h)

    def _ops(self) -> Ops | None:
        """The operators of a cell drawn the same before (recorded now if it was not): a printed chart's cells
        repeat down every row and in every handbook, and drawing their rings and faces anew was a tenth of a
        build. None when the cell holds form fields (their names differ by row) or text whose codes are not
        fixed in every document (see replay.seed_fonts)."""
        canv = self.canv
        if self.fillable or not isinstance(canv, HandbookCanvas):
            return None
        st = self.style
        if any(getattr(c, "alpha", None) not in (None, 1) for c in (st.ink, st.rule)):
            return None  # transparency adds a graphics state to the document
        dated = any(p.kind == "date" for p in self.parts)
        key = (self.column, self.width, self.height, st, self.row.day_text if dated else None,
               self.row.note if dated else None, *canvas_state(canv))
        return remember(canv.cache.cells, key, lambda: self._record(canv), limit=1024)

    def _record(self, canv: HandbookCanvas) -> Ops | None:
        texts = [self.row.day_text, self.row.note]
        texts += [t for p in self.parts for t in (p.prompt, *p.options)]
        if not set("".join(texts)) <= FIXED_CHARS:
            return None
        return record(bound_draw(self, self._draw_parts), canv)

    def _part(self, part: b.ChartPart, y: float, h: float) -> None:
        name = field_name(self.prefix, self.row.number, part.key)
        if part.kind == "date":
            self._date(part, name, y, h)
        elif part.options:
            self._choice(part, name, y, h)
        else:
            self._write_in(part.prompt, name, 0, y, h)

    def _date(self, part: b.ChartPart, name: str, y: float, h: float) -> None:
        """The planned session's date printed on top (and the age when it changes), the time written below;
        on the ongoing log both lines are written in."""
        st, canv = self.style, self.canv
        if not self.row.day_text:
            self._write_in("", name, 0, y + h / 2, h / 2)
            self._write_in(part.prompt, field_name(self.prefix, self.row.number, "time"), 0, y, h / 2)
            return
        canv.setFillColor(st.ink)
        canv.setFont(st.bold, st.date_size)
        canv.drawString(0, y + h - st.date_size, self.row.day_text)
        right = self.width
        if self.age is not None and self.row.note:  # the age where it changes, under the date on the right
            canv.setFont(st.regular, st.prompt_size)
            canv.drawRightString(self.width, y + (h / 2 - st.prompt_size) / 2 + 1, self.row.note)
            right -= canv.stringWidth(self.row.note, st.regular, st.prompt_size) + 3
        self._write_in(part.prompt, field_name(self.prefix, self.row.number, "time"), 0, y, h / 2, right)

    def _write_in(self, prompt: str, name: str, x: float, y: float, h: float, right: float | None = None) -> None:
        st, canv = self.style, self.canv
        right = self.width if right is None else right
        if prompt:
            canv.setFillColor(st.ink)
            canv.setFont(st.regular, st.prompt_size)
            canv.drawString(x, y + (h - st.prompt_size) / 2 + 1, prompt)
            x += canv.stringWidth(prompt, st.regular, st.prompt_size) + 2
        if self.fillable:
            mark = tagging.begin_annots(canv, self.__dict__.get("tag"))
            TextField(name, right - x, h, font_size=min(9.0, max(6.0, h - 3))).draw_at(canv, x, y)
            tagging.end_annots(canv, mark)
        if prompt:  # a line to write on, so the prompt does not look like a heading
            canv.setStrokeColor(st.rule)
            canv.setLineWidth(0.5)
            canv.line(x, y + 1.5, right, y + 1.5)

    def _choice(self, part: b.ChartPart, name: str, y: float, h: float) -> None:
        """The options side by side, each a circle to tick (a radio button when fillable), its face, its word."""
        st, canv = self.style, self.canv
        n = len(part.options)
        words = sum(canv.stringWidth(o, st.regular, st.option_size) for o in part.options)
        size = min(3.6 * mm, h - 2)
        face = size * 1.15 if part.faces else 0.0
        fixed = n * (size + 1.5 + (face + 1.5 if part.faces else 0.0))
        # A narrow column (Letter) shrinks the options a little rather than letting words run together.
        k = min(1.0, (self.width - 3 * (n - 1)) / (words + fixed))
        size, face, font = size * k, face * k, st.option_size * k
        widths = [canv.stringWidth(o, st.regular, font) for o in part.options]
        gap = max(0.0, self.width - sum(widths) - fixed * k) / max(1, n - 1) if n > 1 else 0.0
        x = 0.0
        cy = y + h / 2
        mark = tagging.begin_annots(canv, self.__dict__.get("tag")) if self.fillable else None
        for i, (option, w) in enumerate(zip(part.options, widths, strict=True)):
            # The ring is printed (viewers draw radio buttons' own rings unevenly); the field over it shows the dot.
            canv.setStrokeColor(st.ink)
            canv.setLineWidth(0.8)
            canv.circle(x + size / 2, cy, size / 2, stroke=1, fill=0)
            if self.fillable:
                RadioOption(name, option_value(option), size, part.label).draw_at(canv, x, cy - size / 2)
            x += (size + 1.5 * k)
            if part.faces:
                draw_face(canv, part.faces[i], x + face / 2, cy, face / 2, st.ink)
                x += face + 1.5 * k
            canv.setFillColor(st.ink)
            canv.setFont(st.regular, font)
            canv.drawString(x, cy - font * 0.35, option)
            x += w + gap
        if self.fillable:
            tagging.end_annots(canv, mark)


def draw_face(canv: Canvas, mood: str, cx: float, cy: float, r: float, ink: Color) -> None:
    """A simple face: a smile, a straight mouth or a frown (read in black and white, not by colour)."""
    canv.saveState()
    canv.setStrokeColor(ink)
    canv.setFillColor(white)
    canv.setLineWidth(max(0.5, r * 0.16))
    canv.circle(cx, cy, r, stroke=1, fill=1)
    canv.setFillColor(ink)
    for dx in (-0.35, 0.35):
        canv.circle(cx + dx * r, cy + 0.25 * r, r * 0.11, stroke=0, fill=1)
    mouth_y, half = cy - 0.35 * r, 0.45 * r
    if mood == "unsure":
        canv.line(cx - half, mouth_y, cx + half, mouth_y)
    else:
        bend = 0.28 * r * (-1 if mood == "happy" else 1)
        p = canv.beginPath()
        p.moveTo(cx - half, mouth_y - bend / 2)
        p.curveTo(cx - half / 2, mouth_y + bend, cx + half / 2, mouth_y + bend, cx + half, mouth_y - bend / 2)
        canv.drawPath(p, stroke=1, fill=0)
    canv.restoreState()


class FitChart(Flowable):
    """The chart's table with its rows sized to the room left on the page (between ROW_MIN and ROW_MAX), so
    the 5-week course takes one page; the table is built again for each size asked."""

    def __init__(self, build: Callable[[float], Flowable], head_height: Callable[[], float], n_rows: int) -> None:
        super().__init__()
        self.build, self.head_height, self.n_rows = build, head_height, n_rows
        self._table: Flowable | None = None
        self._table_row = 0.0  # the row height self._table was built with
        self._head: float | None = None

    def _row_height(self, avail_h: float) -> float:
        if self._head is None:
            self._head = self.head_height()
        room = (avail_h - self._head - 8) / max(1, self.n_rows)
        return max(ROW_MIN, min(ROW_MAX, room))

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        row = self._row_height(avail_h)
        if self._table is None or row != self._table_row:  # Platypus asks several times for the same room
            self._table, self._table_row = self.build(row), row
        self.width, self.height = self._table.wrap(avail_w, avail_h)
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        table = self._table or self.build(ROW_MIN)
        return table.split(avail_w, avail_h)

    def drawOn(self, canv, x: float, y: float, _sW: float = 0) -> None:
        assert self._table is not None
        self._table.drawOn(canv, x, y, _sW)
