"""Blocks → ReportLab flowables. One function per block type; no layout decisions elsewhere."""

from __future__ import annotations

import io
import re
import weakref
import zlib
from ast import literal_eval
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache, partial

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.shapes import Image as RLImage
from reportlab.lib.colors import black
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents, drawPageNumbers

from handbook.compose import blocks as b
from handbook.render.figures import BODY_MAP_LEGEND, figure_aspect, make_figure
from handbook.render.fonts import FACES, register_fonts
from handbook.render.forms import CheckBox, TextField
from handbook.render.styles import styles
from handbook.render.theme import Theme

# Tables draw plain-string cells in their own font; Helvetica would be an unembedded base-14 font.
BODY_FONT = "DejaVuSans"

TONE_COLOURS = {
    "plain": ("accent_light", "accent"),
    "info": ("info", "info_edge"),
    "warning": ("warning", "warning_edge"),
    "danger": ("danger", "danger_edge"),
}


@dataclass(frozen=True)
class RenderOptions:
    theme: Theme
    fillable: bool = False
    width: float | None = None  # set inside a column; None means the page frame
    compact: bool = False  # tighter box spacing, for printables that must fit one page

    @property
    def frame_width(self) -> float:
        return self.width if self.width is not None else self.theme.frame_width


class Lazy:
    """Mixin: draws nothing on a layout-only canvas.

    The document's first pass only finds page numbers for the contents and the footer; its canvas is thrown
    away, so drawing on it would be wasted work.
    """

    def drawOn(self, canv, x: float, y: float, _sW: float = 0) -> None:
        if getattr(canv, "layout_only", False):
            return
        super().drawOn(canv, x, y, _sW)


class _Parsed:
    """What a text in a style always gives: its parse, its line breaks per width and its drawing (Ops).

    Kept per process and shared by every paragraph with the same text and style, because ReportLab parses and
    breaks each paragraph anew in every build, every pass, and several times within a pass (keep-together
    groups, table sizing, table drawing), and draws it anew in every handbook. The paragraphs themselves are
    never shared: Platypus leaves state on a flowable after a build (postponed, keep-with-next), so each build
    gets fresh ones.
    """

    def __init__(self, text: str, style: ParagraphStyle, bullet: str | None) -> None:
        first = Paragraph(text, style, bulletText=bullet)
        self.text, self.style, self.bullet, self.frags = first.text, first.style, first.bulletText, first.frags
        self.lines: dict[float, tuple] = {}
        self.tapes: dict[tuple, Ops | None] = {}
        self.reusable = _reusable(first)


# Characters given fixed codes in every document's font subsets before anything is drawn (see seed_fonts).
SEED_CHARS = "•·—–°…’‘“”"
_FIXED = frozenset(map(chr, range(32, 127))) | frozenset(SEED_CHARS)


def seed_fonts(canv: Canvas) -> None:
    """Give SEED_CHARS the same subset codes in every document, before anything is drawn.

    ReportLab numbers a font's characters in the order a document first uses them (ASCII keeps its own codes),
    so without this the same paragraph encodes its text differently from one handbook to the next, and its
    drawing could not be reused (see Para.draw). Costs a few glyphs in each embedded subset.
    """
    for name in FACES:
        pdfmetrics.getFont(name).splitString(SEED_CHARS, canv._doc)


def _reusable(p: Paragraph) -> bool:
    """Drawing the paragraph only writes operators: no links, anchors, callbacks or images, no transparency,
    and only characters whose codes are fixed in every document."""
    frags = list(p.frags) + (p.bulletText if isinstance(p.bulletText, list) else [])
    for f in frags:
        if getattr(f, "link", None) or hasattr(f, "cbDefn"):
            return False
        for colour in (getattr(f, "textColor", None), getattr(f, "backColor", None)):
            if getattr(colour, "alpha", None) not in (None, 1):
                return False
    text = p.getPlainText() + (p.bulletText if isinstance(p.bulletText, str) else "")
    return "/F" not in text and set(text) <= _FIXED


class Ops:
    """Drawing operators recorded once, to be added again to any seeded canvas (see seed_fonts).

    Font names differ from one document to the next (F1, F2, ... in order of first use), so they are left as
    `%s` in the template and named when played, through canvas.font_name, in the order live drawing would
    have named them.
    """

    __slots__ = ("fonts", "template")

    def __init__(self, ops: str, names: dict[str, str]) -> None:
        parts, fonts, at = [], [], 0
        for m in _FONT_REF.finditer(ops):
            parts.append(ops[at:m.start()].replace("%", "%%"))
            fonts.append((names[m[1]], int(m[2])))
            at = m.end()
        parts.append(ops[at:].replace("%", "%%"))
        self.fonts = tuple(fonts)
        self.template = "%s".join(parts) if fonts else ops  # without fonts, the operators as they are

    def text(self, names: tuple[str, ...]) -> str:
        return self.template % names if self.fonts else self.template

    def play(self, canv: HandbookCanvas) -> None:
        if self.fonts:
            canv.addLiteral(self.template % tuple(map(canv.font_name, self.fonts)))
        elif self.template:
            canv.addLiteral(self.template)


_FONT_REF = re.compile(r"/(F\d+)\+(\d+)(?= [0-9.]+ Tf)")
_OTHER_FONT = re.compile(r"/F\d+ [0-9.]+ Tf")


class HandbookCanvas(Canvas):
    """A canvas whose fonts give the same characters the same codes in every handbook (see seed_fonts), so
    drawing recorded once (Ops) can be played on it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._font_names: dict[tuple[str, int], str] = {}
        self._forms: dict[Ops, str] = {}
        seed_fonts(self)

    def place(self, ops: Ops) -> None:
        """Draw recorded operators as a form XObject: defined once per document, with its compressed stream
        made once per process (a figure's operators are most of a page's bytes, and compressing them most of
        the time spent writing the file)."""
        name = self._forms.get(ops)
        if name is None:
            data = _packed(ops, tuple(map(self.font_name, ops.fonts)))
            form = pdfdoc.PDFFormXObject(-_FAR, -_FAR, _FAR, _FAR)  # no clipping beyond what the figure does
            form.Contents = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFName("FlateDecode")}), data)
            name = self._forms[ops] = f"HandbookFigure{len(self._forms) + 1}"
            self._doc.addForm(name, form)
        self.doForm(name)

    def font_name(self, ref: tuple[str, int]) -> str:
        """This document's name for a font subset; the first time, this also adds the font to the document."""
        name = self._font_names.get(ref)
        if name is None:
            name = self._font_names[ref] = pdfmetrics.getFont(ref[0]).getSubsetInternalName(ref[1], self._doc)
        return name


_FAR = 10000


@lru_cache(maxsize=256)
def _packed(ops: Ops, names: tuple[str, ...]) -> bytes:
    return zlib.compress(pdfdoc.pdfdocEnc(ops.text(names)))


class _Recorder(Canvas):
    """The scratch canvas things are first drawn on, to keep their operators (see Ops)."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), invariant=1, initialFontName=register_fonts())
        seed_fonts(self)

    def record(self, draw: Callable[[Canvas], None], like: Canvas) -> Ops | None:
        """The operators `draw` gives on a canvas in the state `like` is in; None if they name a font that is
        not one of ours (a base-14 font would have to be added to the document as well)."""
        self.setFont(like._fontname, like._fontsize, like._leading)
        self.setLineWidth(like._lineWidth)
        mark = len(self._code)
        draw(self)
        ops = "\n".join(self._code[mark:])  # the canvas joins its operators with newlines too
        del self._code[mark:]
        if _OTHER_FONT.search(ops):
            return None
        return Ops(ops, {v.lstrip("/"): k for k, v in self._doc.fontMapping.items()})


_RECORDER: list[_Recorder] = []


def _record(draw: Callable[[Canvas], None], like: Canvas) -> Ops | None:
    if not _RECORDER:
        _RECORDER.append(_Recorder())
    return _RECORDER[0].record(draw, like)


def _drawn(flowable: Flowable, draw: Callable[[], None]) -> Callable[[Canvas], None]:
    """`draw` (a flowable's drawing method) as a function of the canvas to draw on."""

    def on(canv: Canvas) -> None:
        real = flowable.__dict__.get("canv")
        flowable.canv = canv
        try:
            draw()
        finally:
            if real is None:
                del flowable.canv
            else:
                flowable.canv = real

    return on


def _state(canv: Canvas) -> tuple:
    """What of the canvas's state a recorded drawing may depend on."""
    return canv._fontname, canv._fontsize, canv._leading, canv._lineWidth


@lru_cache(maxsize=4096)
def _parsed(text: str, style: ParagraphStyle, bullet: str | None) -> _Parsed:
    return _Parsed(text, style, bullet)


class Para(Lazy, Paragraph):
    """A Paragraph that reuses the parse and line breaks of the same text in the same style (see _Parsed)."""

    _shared: _Parsed | None = None

    @classmethod
    def of(cls, text: str, style: ParagraphStyle, bullet: str | None = None, **attrs) -> Para:
        shared = _parsed(text, style, bullet)
        p = cls(shared.text, shared.style, bulletText=shared.bullet, frags=shared.frags)
        p._shared = shared
        p.__dict__.update(attrs)
        return p

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        shared = self._shared
        if shared is None:
            return super().wrap(avail_w, avail_h)
        done = shared.lines.get(avail_w)
        if done is None:
            w, h = super().wrap(avail_w, avail_h)
            shared.lines[avail_w] = (self.blPara, self._wrapWidths, w, h)
            return w, h
        self.blPara, self._wrapWidths, self.width, self.height = done
        return self.width, self.height

    def _ops(self, canv: Canvas) -> Ops | None:
        """The operators of the same paragraph drawn before at this width (recorded now if it was not), or
        None when they cannot be reused safely."""
        shared = self._shared
        if shared is None or not shared.reusable or not isinstance(canv, HandbookCanvas):
            return None
        key = (self.width, *_state(canv))
        if key not in shared.tapes:
            shared.tapes[key] = _record(_drawn(self, lambda: Paragraph.draw(self)), canv)
        return shared.tapes[key]

    def drawOn(self, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """As Flowable.drawOn (save the state, move to x, y, draw, restore) in one go when the drawing is
        replayed: the same operators, without a round of canvas calls per paragraph."""
        ops = None if getattr(canv, "layout_only", False) else self._ops(canv)
        if ops is None or self._hAlignAdjust(x, _sW) != x:
            super().drawOn(canv, x, y, _sW)
            return
        canv.addLiteral(f"q\n1 0 0 1 {fp_str(x, y)} cm")
        ops.play(canv)
        canv.addLiteral("Q")

    def draw(self) -> None:
        ops = self._ops(self.canv)
        if ops is None:
            super().draw()
        else:
            ops.play(self.canv)

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        if self._shared is not None:
            # Splitting edits the words of the broken lines (a trailing space per line): break privately.
            self._shared = None
            self.__dict__.pop("blPara", None)
        return super().split(avail_w, avail_h)


class Heading1(Para):
    """A section heading that the document turns into a TOC entry and a bookmark (toc_key, toc_level)."""

    toc_key = ""
    toc_level = 1


class _Stack:
    """Flowables stacked as in a Table cell: spaces between them count, the first's before and last's after do not."""

    def __init__(self, flowables: list[Flowable], width: float) -> None:
        self.flowables, self.width = flowables, width
        self.sizes: list[float] = []
        self.height = 0.0

    def wrap(self, canv) -> float:
        if not self.sizes and self.flowables:
            total = 0.0
            for f in self.flowables:
                h = f.wrapOn(canv, self.width, 72000)[1]
                self.sizes.append(h)
                total += h + f.getSpaceBefore() + f.getSpaceAfter()
            self.height = total - self.flowables[0].getSpaceBefore() - self.flowables[-1].getSpaceAfter()
        return self.height

    def draw(self, canv, x: float, top: float) -> None:
        y = top
        for i, (f, h) in enumerate(zip(self.flowables, self.sizes, strict=True)):
            if i:
                y -= f.getSpaceBefore()
            y -= h
            f.drawOn(canv, x, y)
            y -= f.getSpaceAfter()


class _Kept(Lazy, Flowable):
    """Kept together like the KeepTogether([table, gap]) it replaces: moves whole to the next page when it does
    not fit, and only splits (between rows) at the top of a page that it overfills. `gap` is blank space below,
    part of the height so the panel never sits at the very foot of a page without it.
    """

    # Like the KeepTogether it replaces, never grouped with a keep-with-next heading before it (see _ktAllow).
    locChanger = 1

    def __init__(self) -> None:
        super().__init__()
        self.hAlign = "CENTER"  # as a Table: a panel as wide as the frame overhangs its padding on both sides

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if not getattr(frame, "_atTop", False):
            return []  # Platypus then tries again on the next page
        return self.split_rows(avail_h)

    def split_rows(self, avail_h: float) -> list[Flowable]:
        return []


class Box(_Kept):
    """A tinted panel with a coloured left edge, drawn as the one-column Table it replaces drew it.

    Each row is one flowable between its row paddings (`pad` above the first and below the last, 1 pt between),
    so spaces around a row's own flowable do not count, as in a table cell.
    """

    def __init__(self, rows: list[Flowable], width: float, pad: float, fill, edge, gap: float,
                 first: bool = True, last: bool = True, keep: bool = True) -> None:
        super().__init__()
        self.rows, self.width, self.pad, self.fill, self.edge, self.gap = rows, width, pad, fill, edge, gap
        self.first, self.last, self.keep = first, last, keep
        self.inner = width - (pad + 2) - pad
        self.sizes: list[float] = []

    def _row_pads(self) -> list[tuple[float, float]]:
        n = len(self.rows)
        return [(self.pad if i == 0 and self.first else 1, self.pad if i == n - 1 and self.last else 1)
                for i in range(n)]

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        if not self.sizes:
            self.sizes = [f.wrapOn(self.canv, self.inner, 72000)[1] for f in self.rows]
            self.panel = sum(h + a + b for h, (a, b) in zip(self.sizes, self._row_pads(), strict=True))
            self.height = self.panel + self.gap
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(self.fill)
        c.rect(0, self.gap, self.width, self.panel, stroke=0, fill=1)
        c.setFillColor(black)
        y = self.gap + self.panel
        for f, h, (above, below) in zip(self.rows, self.sizes, self._row_pads(), strict=True):
            y -= above + h
            f.drawOn(c, self.pad + 2, y)
            y -= below
        c.saveState()
        c.setLineCap(1)
        c.setLineJoin(1)
        c.setStrokeColor(self.edge)
        c.setLineWidth(3)
        c.line(0, self.gap, 0, self.gap + self.panel)
        c.restoreState()
        c.restoreState()

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        return super().split(avail_w, avail_h) if self.keep else self.split_rows(avail_h)

    def split_rows(self, avail_h: float) -> list[Flowable]:
        """As the table split by rows: the rows that fit, then the rest (the first part keeps its top padding,
        the rest its bottom one, and the gap goes after the last part)."""
        self.wrap(self.width, avail_h)
        part = dict(width=self.width, pad=self.pad, fill=self.fill, edge=self.edge, keep=False)
        used, n = 0.0, 0
        for h, (above, below) in zip(self.sizes, self._row_pads(), strict=True):
            if used + above + h + below > avail_h:
                break
            used += above + h + below
            n += 1
        if n == 0:
            return []
        if n == len(self.rows):  # the rows fit but not the gap below them: the gap moves on alone
            return [Box(self.rows, gap=0, first=self.first, last=self.last, **part), Spacer(1, self.gap)]
        return [Box(self.rows[:n], gap=0, first=self.first, last=False, **part),
                Box(self.rows[n:], gap=self.gap, first=False, last=self.last, **part)]


class Card(_Kept):
    """A technique card: text and steps beside the figure, a rule below; drawn as the two-column Table it
    replaces drew it (no side padding, 3 pt above, 8 pt below the rule's row)."""

    def __init__(self, left: list[Flowable], right: list[Flowable], widths: tuple[float, float], rule,
                 gap: float) -> None:
        super().__init__()
        self.cells = [_Stack(left, widths[0]), _Stack(right, widths[1])]
        self.widths, self.rule, self.gap = widths, rule, gap
        self.width = sum(widths)
        self.row = 0.0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        if not self.row:
            self.row = max(cell.wrap(self.canv) for cell in self.cells) + 3 + 8
            self.height = self.row + self.gap
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(black)
        top = self.gap + self.row - 3
        self.cells[0].draw(c, 0, top)
        self.cells[1].draw(c, self.widths[0], top)
        c.saveState()
        c.setLineCap(1)
        c.setLineJoin(1)
        c.setStrokeColor(self.rule)
        c.setLineWidth(0.5)
        c.line(0, self.gap, self.width, self.gap)
        c.restoreState()
        c.restoreState()


class Grid(Lazy, Table):
    """A Table that skips drawing on the layout-only pass."""


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "contents", None) or ():
        yield from _nodes(child)


def _figure_ops(drawing: Drawing, like: Canvas) -> Ops | None:
    """The drawing's operators, or None if it cannot be reused: images and transparency add resources to the
    document, and text is only reusable in characters whose codes are fixed (see seed_fonts)."""
    for n in _nodes(drawing):
        if isinstance(n, RLImage) or getattr(n, "fillOpacity", None) is not None \
                or getattr(n, "strokeOpacity", None) is not None:
            return None
        if isinstance(n, String) and not set(n.text) <= _FIXED:
            return None
    return _record(lambda canv: renderPDF.draw(drawing, canv, 0, 0), like)


# Per figure: its operators by canvas state (see _state), or None when it is drawn anew each time.
_FIGURES: weakref.WeakKeyDictionary[Drawing, dict[tuple, Ops | None]] = weakref.WeakKeyDictionary()


class Picture(Lazy, Flowable):
    """A vector figure, sized and placed as the figure; skips drawing on the layout-only pass.

    The drawing is recorded once per process and placed as a form (see HandbookCanvas.place), so it must be
    one that nothing changes any more: the figures and QR codes come from per-process caches.
    """

    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.hAlign = drawing.hAlign

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = self.drawing.wrap(avail_w, avail_h)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if not isinstance(canv, HandbookCanvas):
            renderPDF.draw(self.drawing, canv, 0, 0)
            return
        by_state = _FIGURES.setdefault(self.drawing, {})
        key = _state(canv)
        if key not in by_state:
            by_state[key] = _figure_ops(self.drawing, canv)
        ops = by_state[key]
        if ops is None:
            renderPDF.draw(self.drawing, canv, 0, 0)
        else:
            canv.place(ops)


class Logo(Lazy, Image):
    """The clinic's logo; skips drawing on the layout-only pass."""


class Contents(Lazy, TableOfContents):
    """The table of contents; skips drawing on the layout-only pass.

    Its rows are built as TableOfContents builds them (same markup, same page-number callback), but from
    shared paragraphs (see Para.of), which ReportLab's own wrap would parse and break anew each time. Platypus
    wraps it twice per pass (in the keep-with-next group of its title, then alone); the second time reuses the
    first, as long as it is on the same canvas (each pass's canvas needs the page-number callback).
    """

    _wrapped: tuple | None = None

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        entries = tuple(self._lastEntries) or ((0, "Placeholder for table of contents", 0, None),)
        done = self._wrapped
        if done is not None and done[0] is self.canv and done[1] == (avail_w, entries):
            return self.width, self.height
        self.canv.setNamedCB("drawTOCEntryEnd", partial(self._entry_end, avail_w, avail_h))
        rows: list[list[Flowable]] = []
        for level, text, page, key in entries:
            style = self.getLevelStyle(level)
            key_val = None
            if key:
                text = f'<a href="#{key}">{text}</a>'
                key_val = repr(key).replace(",", "\\x2c").replace('"', "\\x2c")  # as TableOfContents does
            label = f"{page},{level},{key_val}"
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            rows.append([Para.of(f'{text}<onDraw name="drawTOCEntryEnd" label="{label}"/>', style)])
        self._table = Grid(rows, colWidths=(avail_w,), style=self.tableStyle)
        self.width, self.height = self._table.wrapOn(self.canv, avail_w, avail_h)
        self._wrapped = (self.canv, (avail_w, entries))
        return self.width, self.height

    def _entry_end(self, avail_w: float, avail_h: float, canvas: Canvas, kind: str, label: str) -> None:
        """After each entry: the dots and the page number, which links to the heading."""
        page, level, key = label.split(",")
        page, level, key = int(page), int(level), literal_eval(key)
        dot = " . " if self.dotsMinLevel >= 0 and level >= self.dotsMinLevel else ""
        if self.formatter:
            page = self.formatter(page)
        drawPageNumbers(canvas, self.getLevelStyle(level), [(page, key)], avail_w, avail_h, dot)


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


def _para(text: str, style_name: str, opts: RenderOptions) -> Paragraph:
    return Para.of(text, styles(opts.theme.paper)[style_name])


def bullets(block: b.Bullets, opts: RenderOptions, width_hint: float | None = None) -> list[Flowable]:
    st = styles(opts.theme.paper)
    out: list[Flowable] = []
    for i, text in enumerate(block.items, 1):
        if block.style == "ticks":
            name = f"{block.field_prefix or 'tick'}_{i:02d}"
            out.append(TickLine(Para.of(text, st["bullet"]), name, opts.fillable))
            out.append(Spacer(1, 2))
            continue
        marker = f"{i}." if block.style == "numbers" else "•"
        out.append(Para.of(text, st["list_item"], marker))
    return out


def box(block: b.Box, opts: RenderOptions) -> list[Flowable]:
    """A tinted panel with a coloured edge; one table row per part so a long box can still split."""
    t = opts.theme
    fill_name, edge_name = TONE_COLOURS[block.tone]
    rows: list[list[Flowable]] = []
    if block.title:
        rows.append([_para(block.title, "box_title", opts)])
    for part in block.body:
        for fl in to_flowables(part, opts):
            rows.append([fl])
    if not rows:
        return []
    pad = t.spacing["box_padding"] * (0.6 if opts.compact else 1)
    gap = t.spacing["section_gap"] * (0.5 if opts.compact else 1)
    # Inside a column cell (which never splits) there is nothing to keep together.
    return [Box([r[0] for r in rows], opts.frame_width, pad, t.colour(fill_name), t.colour(edge_name), gap,
                keep=opts.width is None)]


def columns(block: b.Columns, opts: RenderOptions) -> list[Flowable]:
    gap = 5 * mm
    left_w = (opts.frame_width - gap) * block.ratio
    right_w = opts.frame_width - gap - left_w
    cells = []
    for parts, width in ((block.left, left_w), (block.right, right_w)):
        inner = replace(opts, width=width, compact=True)
        cells.append([f for part in parts for f in to_flowables(part, inner)])
    table = Grid([cells], colWidths=[left_w + gap, right_w])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), gap),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table]


def figure_flowables(fig: b.Figure, opts: RenderOptions, width: float) -> list[Flowable]:
    drawing = make_figure(fig.figure_id, width)
    caption = _para(f"<b>Figure {fig.number}:</b> {fig.caption}", "caption", opts)
    if fig.figure_id != "body_map":
        return [Picture(drawing), Spacer(1, 2), caption]
    # The body map's numbers need their key beside the drawing, so it reads at a glance on the fridge.
    key = [_para(f"<b>{n}</b>  {text}", "small", opts) for n, text in BODY_MAP_LEGEND]
    table = Grid([[[Picture(drawing), Spacer(1, 2), caption], key]], colWidths=[width + 6 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, Spacer(1, 4)] if opts.width is not None else [KeepTogether([table, Spacer(1, 4)])]


def technique_card(card: b.TechniqueCard, opts: RenderOptions) -> list[Flowable]:
    t = opts.theme
    fig_w = t.frame_width * 0.42
    text_w = t.frame_width - fig_w - 8 * mm
    steps = bullets(b.Bullets(card.steps, "numbers"), opts)
    left = [_para(card.title, "h3", opts), _para(card.meta, "small", opts), *steps]
    right = figure_flowables(card.figure, opts, fig_w - 4 * mm)
    return [Card(left, right, (text_w, fig_w + 8 * mm), t.colour("rule"), gap=8)]


def data_table(block: b.Table, opts: RenderOptions) -> list[Flowable]:
    t = opts.theme
    total = sum(block.widths)
    widths = [opts.frame_width * w / total for w in block.widths]
    head = [_para(f"<b>{h}</b>", "cell_head", opts) for h in block.header]
    rows = [[_para(c, "cell", opts) for c in row] for row in block.rows]
    table = Grid([head, *rows], colWidths=widths, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, t.colour("accent")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, t.colour("rule")),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if block.zebra:
        style.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, t.colour("zebra")]))
    table.setStyle(TableStyle(style))
    return [table, Spacer(1, t.spacing["section_gap"])]


def chart(block: b.Chart, opts: RenderOptions, frame_width: float) -> list[Flowable]:
    """The tracking chart: big write-in cells, header on every page, rows never split.

    The date and age columns are pre-printed on the course chart (the parent writes only the time);
    on the ongoing log every cell is written by hand.
    """
    t = opts.theme
    cols = block.columns
    first_w = 7 * mm
    total = sum(c.width for c in cols)
    widths = [first_w] + [(frame_width - first_w) * c.width / total for c in cols]
    row_h = 12 * mm
    head = [_para("<b>#</b>", "cell_head", opts)]
    for c in cols:
        label = c.label + (f"<br/>({' / '.join(c.options)})" if c.options else "")
        head.append(_para(f"<b>{label}</b>", "cell_head", opts))
    data: list[list[object]] = [head]
    for row in block.rows:
        cells: list[object] = [_para(f"<b>{row.number}</b>", "cell", opts)]
        for col, w in zip(cols, widths[1:], strict=True):
            cells.append(_chart_cell(block, row, col, w, row_h, opts))
        data.append(cells)
    table = Grid(data, colWidths=widths, rowHeights=[None] + [row_h] * len(block.rows), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
                ("GRID", (0, 0), (-1, -1), 0.6, t.colour("muted")),
                ("BACKGROUND", (0, 0), (-1, 0), t.colour("accent_light")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [table, Spacer(1, 6)]


def _chart_cell(block: b.Chart, row: b.ChartRow, col: b.ChartColumn, width: float, height: float,
                opts: RenderOptions) -> object:
    name = f"{block.field_prefix}_{row.number:02d}_{col.key}"
    if col.kind == "choice":
        return ChoiceCell(name, col.options, width, height, opts.fillable)
    if col.kind == "yesno":
        return ChoiceCell(name, ("yes", "no"), width, height, opts.fillable)
    if col.kind == "date" and row.day_text:
        printed = _para(f"<b>{row.day_text}</b>", "cell", opts)
        if opts.fillable:  # the date is printed; the field takes the time
            return [printed, TextField(f"{block.field_prefix}_{row.number:02d}_time", width - 4, height * 0.45)]
        return [printed, _para("at", "small", opts)]
    if col.kind == "age" and row.day is not None:
        return _para(row.note, "cell", opts) if row.note else ""
    if opts.fillable:
        return TextField(name, width - 4, height - 4)
    return ""


_CELLS: dict[tuple, Ops | None] = {}


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
        if self.fillable or not isinstance(canv, HandbookCanvas) or not set("".join(self.options)) <= _FIXED:
            self.draw_cell()
            return
        key = (self.options, self.width, self.height, *_state(canv))
        if key not in _CELLS:
            if len(_CELLS) >= 256:
                _CELLS.clear()
            _CELLS[key] = _record(_drawn(self, self.draw_cell), canv)
        ops = _CELLS[key]
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


def cover(block: b.Cover, opts: RenderOptions) -> list[Flowable]:
    t = opts.theme
    out: list[Flowable] = [Spacer(1, t.frame_height * 0.12)]
    if block.clinic_logo:
        img = Logo(block.clinic_logo)
        scale = min(60 * mm / img.imageWidth, 30 * mm / img.imageHeight)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        out += [img, Spacer(1, 6)]
    if block.clinic_name:
        out.append(_para(block.clinic_name, "cover_sub", opts))
        out.append(Spacer(1, 18))
    out += [
        _para(block.title, "cover_title", opts),
        _para(block.subtitle, "cover_sub", opts),
        _para(block.name, "cover_name", opts),
    ]
    out += [_para(line, "cover_line", opts) for line in block.lines]
    out.append(Spacer(1, 20))
    out.append(Picture(make_figure("setup", t.frame_width * 0.5)) if _has_figure("setup") else Spacer(1, 1))
    if block.intro:
        out += [Spacer(1, 16), _para(block.intro, "lead", opts)]
    return out


def _has_figure(fid: str) -> bool:
    try:
        figure_aspect(fid)
    except ValueError:
        return False
    return True


def contents(block: b.Contents, opts: RenderOptions) -> list[Flowable]:
    st = styles(opts.theme.paper)
    toc_style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    toc = Contents(levelStyles=[st["toc1"], st["toc2"]], dotsMinLevel=0, tableStyle=toc_style)
    return [
        NextPageTemplate("normal"),
        PageBreak(),
        Para.of(block.title, st["h1"]),
        toc,
    ]


def contact(block: b.ContactBlock, opts: RenderOptions) -> list[Flowable]:
    out: list[Flowable] = [_para(block.title, "h1", opts)]
    out += [_para(line, "lead", opts) for line in block.lines]
    if block.qr_url:
        qr = Picture(qr_drawing(block.qr_url))
        out += [Spacer(1, 10), qr, _para("Scan for the clinic's website.", "small", opts)]
    return out


@lru_cache(maxsize=16)
def qr_drawing(url: str, size: float = 38 * mm) -> Drawing:
    """A QR code of the clinic's website, scaled to a size phones read easily from paper.

    One per process and address: a clinic's batch prints the same code on every handbook.
    """
    from reportlab.graphics.barcode.qr import QrCodeWidget  # only clinics with a website need it

    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    # initialFontName: else the renderer starts the drawing in Helvetica, an unembedded base-14 font.
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0],
                      initialFontName=register_fonts())
    drawing.add(widget, name="qr")
    return drawing


def heading(block: b.Heading, opts: RenderOptions) -> list[Flowable]:
    st = styles(opts.theme.paper)
    out: list[Flowable] = []
    if block.new_page:
        out += [NextPageTemplate("landscape" if block.landscape else "normal"), PageBreak()]
    elif block.level == 2:
        out.append(CondPageBreak(40 * mm))
    style = st["h1"] if block.level == 1 else st["h2"]
    out.append(Heading1.of(block.text, style, toc_key=block.key or block.text, toc_level=block.level))
    return out


def to_flowables(block: b.Block, opts: RenderOptions) -> list[Flowable]:
    handler = HANDLERS.get(type(block))
    if handler is None:  # pragma: no cover - a new block type without a renderer is a programming error
        raise TypeError(f"no renderer for {type(block).__name__}")
    return handler(block, opts)


def keep_together(block: b.KeepTogether, opts: RenderOptions) -> list[Flowable]:
    """A group kept on one page.

    A panel inside it stays wrapped in its own KeepTogether, as when panels were tables: ReportLab sizes a
    nested KeepTogether as taller than any page, so such a group always starts on a new page (unless already at
    the top of one), and the handbook's pages rely on that.
    """
    flows = [f for part in block.body for f in to_flowables(part, opts)]
    return [KeepTogether([KeepTogether([f]) if isinstance(f, _Kept) else f for f in flows])]


def _chart_handler(block: b.Chart, opts: RenderOptions) -> list[Flowable]:
    t = opts.theme
    landscape_w = t.page_size[1] - t.margins["left"] - t.margins["right"]
    return chart(block, opts, landscape_w)


HANDLERS: dict[type, Callable[..., list[Flowable]]] = {
    b.Heading: heading,
    b.Para: lambda blk, o: [_para(blk.text, blk.style, o)],
    b.Bullets: bullets,
    b.Box: box,
    b.Figure: lambda blk, o: figure_flowables(blk, o, o.frame_width * blk.width_ratio),
    b.Columns: lambda blk, o: columns(blk, o),
    b.TechniqueCard: technique_card,
    b.Table: data_table,
    b.KeepTogether: keep_together,
    b.Chart: _chart_handler,
    b.Cover: cover,
    b.Contents: contents,
    b.ContactBlock: contact,
    b.PageBreak: lambda blk, o: [PageBreak()],
    b.Spacer: lambda blk, o: [Spacer(1, blk.height)],
}
