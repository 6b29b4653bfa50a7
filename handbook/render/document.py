"""Document → PDF bytes: page templates, footer, TOC, bookmarks, metadata, reproducible output."""

from __future__ import annotations

import io
import time
from datetime import date

from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import IndexingFlowable

from handbook.compose import blocks as b
from handbook.render.flowables import Heading1, RenderOptions, to_flowables
from handbook.render.fonts import register_fonts
from handbook.render.theme import Theme, load_theme


class PageCount(IndexingFlowable):
    """Zero-size marker at the end: multiBuild repeats until the page total it saw is stable."""

    def __init__(self, doc: HandbookDoc) -> None:
        super().__init__()
        self.doc = doc
        self.seen = 0
        self.width = self.height = 0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.seen = self.canv.getPageNumber()

    def isSatisfied(self) -> bool:
        ok = self.seen == self.doc.page_total
        self.doc.page_total = self.seen
        return ok


class HandbookDoc(BaseDocTemplate):
    def __init__(self, buf: io.BytesIO, doc: b.Document, theme: Theme, first: str) -> None:
        self.model, self.theme, self.page_total = doc, theme, 0
        m = theme.margins
        super().__init__(
            buf,
            pagesize=theme.page_size,
            leftMargin=m["left"],
            rightMargin=m["right"],
            topMargin=m["top"],
            bottomMargin=m["bottom"],
            title=doc.title,
            author=doc.author,
            subject=doc.subject,
            creator="handbook",
            producer="handbook (ReportLab)",
            lang=doc.lang,
            invariant=1,
            initialFontName=register_fonts(),
            initialFontSize=theme.sizes["body"],
        )
        w, h = theme.page_size
        portrait = Frame(m["left"], m["bottom"], w - m["left"] - m["right"], h - m["top"] - m["bottom"], id="p")
        land = Frame(m["left"], m["bottom"], h - m["left"] - m["right"], w - m["top"] - m["bottom"], id="l")
        templates = {
            "cover": PageTemplate("cover", [portrait], pagesize=(w, h)),
            "normal": PageTemplate("normal", [portrait], onPage=self.footer, pagesize=(w, h)),
            "landscape": PageTemplate("landscape", [land], onPage=self.footer, pagesize=(h, w)),
        }
        order = [first] + [k for k in templates if k != first]
        self.addPageTemplates([templates[k] for k in order])

    def footer(self, canv, doc) -> None:
        t = self.theme
        w = canv._pagesize[0]
        canv.saveState()
        canv.setFont(t.fonts["regular"], t.sizes["footer"])
        canv.setFillColor(t.colour("muted"))
        y = t.margins["bottom"] / 2
        canv.drawString(t.margins["left"], y, self.model.footer[:110])
        total = self.page_total or canv.getPageNumber()
        canv.drawRightString(w - t.margins["right"], y, f"Page {canv.getPageNumber()} of {total}")
        canv.setStrokeColor(t.colour("rule"))
        canv.setLineWidth(0.5)
        canv.line(t.margins["left"], y + 10, w - t.margins["right"], y + 10)
        canv.restoreState()

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, Heading1):
            text = flowable.getPlainText()
            key = _key(flowable.toc_key, text)
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=flowable.toc_level - 1, closed=True)
            self.notify("TOCEntry", (flowable.toc_level - 1, text, self.page, key))


def _key(section: str, text: str) -> str:
    """A stable bookmark name (Python's hash() is salted, so never use it for reproducible output)."""
    return "".join(ch if ch.isalnum() else "_" for ch in f"{section}_{text}")[:60]


def _fixed_timestamp(on: date) -> TimeStamp:
    """Creation date = the handbook date, so the same inputs give byte-identical files."""
    stamp = TimeStamp(invariant=1)
    t = time.mktime(on.timetuple()) - time.timezone
    stamp.t = t
    stamp.lt = time.gmtime(t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def _first_template(doc: b.Document) -> str:
    first = doc.blocks[0] if doc.blocks else None
    if isinstance(first, b.Cover):
        return "cover"
    if isinstance(first, b.Heading) and first.landscape:
        return "landscape"
    return "normal"


def render_pdf(doc: b.Document, *, paper: str, on: date, fillable: bool = False) -> bytes:
    theme = load_theme(paper)
    opts = RenderOptions(theme=theme, fillable=fillable)
    story = []
    first = _first_template(doc)
    for i, block in enumerate(doc.blocks):
        if i == 0 and isinstance(block, b.Heading):
            block = b.Heading(block.text, block.level, block.key, new_page=False, landscape=block.landscape)
        story += to_flowables(block, opts)
    buf = io.BytesIO()
    template = HandbookDoc(buf, doc, theme, first)
    story.append(PageCount(template))
    template.multiBuild(story, maxPasses=6, canvasmaker=_canvas_maker(on))
    return buf.getvalue()


def _canvas_maker(on: date):
    stamp = _fixed_timestamp(on)

    def make(*args, **kwargs) -> Canvas:
        canv = Canvas(*args, **kwargs)
        canv._doc._timeStamp = stamp
        return canv

    return make
