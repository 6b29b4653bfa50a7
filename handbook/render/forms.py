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


class RadioOption:
    """One option of a radio group: every option drawn under the same name joins one group (ReportLab makes the
    group the field and the options its kids), so only one can be on."""

    def __init__(self, group: str, value: str, size: float, tooltip: str) -> None:
        self.group, self.value, self.size, self.tooltip = group, value, size, tooltip

    def draw_at(self, canv: Canvas, x: float, y: float) -> None:
        canv.acroForm.radio(
            name=self.group,
            value=self.value,
            tooltip=self.tooltip,
            x=x,
            y=y,
            size=self.size,
            buttonStyle="circle",
            shape="circle",
            borderColor=None,  # the ring is printed under the field (see render/chart.py)
            fillColor=None,
            textColor=black,
            borderWidth=0,
            fieldFlags="noToggleToOff radio",
            annotationFlags="print",
            relative=True,
        )


class TextField(Flowable):
    """A write-in cell: on paper the table grid is the box, on screen this field takes the typing."""

    def __init__(self, name: str, width: float, height: float, font_size: float = 9) -> None:
        super().__init__()
        self.name, self.width, self.height, self.font_size = name, width, height, font_size

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        mark = tagging.begin_annots(self.canv, self.__dict__.get("tag"))
        self.draw_at(self.canv, 0, 0)
        tagging.end_annots(self.canv, mark)

    def draw_at(self, canv: Canvas, x: float, y: float) -> None:
        """The field at (x, y) in the canvas's current coordinates (inside a chart cell's drawing)."""
        canv.acroForm.textfield(
            name=self.name,
            tooltip=self.name.replace("_", " "),
            x=x,
            y=y,
            width=self.width,
            height=self.height,
            borderWidth=0,
            borderColor=TRANSPARENT,
            fillColor=TRANSPARENT,
            textColor=black,
            fontSize=self.font_size,
            fieldFlags="multiline" if self.height > 20 else "",
            annotationFlags="print",
            relative=True,
        )
