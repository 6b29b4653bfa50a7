"""Real PDF form fields (AcroForm) so a parent can fill the printables in on a tablet.

ReportLab's form fields draw their appearance with the PDF standard fonts (Helvetica for text,
ZapfDingbats for the tick); viewers supply those, so only fillable output refers to them.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, black, white
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handbook.render import tagging

TRANSPARENT = Color(1, 1, 1, alpha=0)


class CheckBox:
    """A tick box field drawn at the canvas's current transform (so it works inside flowables)."""

    def __init__(self, name: str, size: float) -> None:
        self.name, self.size = name, size

    def draw_on(self, canv: Canvas, x: float, y: float) -> None:
        canv.acroForm.checkbox(
            name=self.name,
            tooltip=self.name.replace("_", " "),
            x=x,
            y=y,
            size=self.size,
            buttonStyle="check",
            borderColor=black,
            fillColor=white,
            textColor=black,
            borderWidth=0.8,
            forceBorder=True,
            fieldFlags="",
            annotationFlags="print",
            relative=True,
        )


class TextField(Flowable):
    """A write-in cell: on paper the table grid is the box, on screen this field takes the typing."""

    def __init__(self, name: str, width: float, height: float) -> None:
        super().__init__()
        self.name, self.width, self.height = name, width, height

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        mark = tagging.begin_annots(self.canv, self.__dict__.get("tag"))
        self._field()
        tagging.end_annots(self.canv, mark)

    def _field(self) -> None:
        self.canv.acroForm.textfield(
            name=self.name,
            tooltip=self.name.replace("_", " "),
            x=0,
            y=0,
            width=self.width,
            height=self.height,
            borderWidth=0,
            borderColor=TRANSPARENT,
            fillColor=TRANSPARENT,
            textColor=black,
            fontSize=9,
            fieldFlags="multiline" if self.height > 20 else "",
            annotationFlags="print",
            relative=True,
        )
