"""Blocks → ReportLab flowables. One function per block type; no layout decisions elsewhere."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html import unescape

from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)

from handbook.cache import remember
from handbook.compose import blocks as b
from handbook.render import tagging
from handbook.render.cache import RenderCache, render_cache
from handbook.render.figures import BODY_MAP_LEGEND, figure_aspect, make_figure
from handbook.render.fonts import register_fonts
from handbook.render.forms import TextField
from handbook.render.notes import RuledLines
from handbook.render.panels import Box, Card, Grid, Kept
from handbook.render.paragraphs import Contents, Heading1, Para
from handbook.render.pictures import Logo, Picture
from handbook.render.styles import styles
from handbook.render.tagging import Node
from handbook.render.theme import Theme
from handbook.render.ticks import ChoiceCell, TickLine

# Tables draw plain-string cells in their own font; Helvetica would be an unembedded base-14 font.
BODY_FONT = "DejaVuSans"

@dataclass(frozen=True)
class RenderOptions:
    theme: Theme
    fillable: bool = False
    cache: RenderCache = field(default_factory=render_cache)  # what this build may reuse from earlier ones
    width: float | None = None  # set inside a column; None means the page frame
    compact: bool = False  # tighter box spacing, for printables that must fit one page
    tags: Node | None = None  # the structure element new flowables go in; None: an untagged build

    @property
    def frame_width(self) -> float:
        return self.width if self.width is not None else self.theme.frame_width

    @property
    def styles(self) -> dict[str, ParagraphStyle]:
        return styles(self.theme.paper, self.theme.scale, self.theme.templates, self.cache)


# Paragraph styles that are headings in the structure tree (levels are evened out in structure.py).
HEADING_ROLES = {"h1": "H1", "h2": "H2", "h3": "H3", "cover_title": "H1"}


def _para(text: str, style_name: str, opts: RenderOptions, node: Node | None = None) -> Paragraph:
    """A paragraph tagged as `node`, or else as a new P (or heading) in the current structure element."""
    p = Para.of(opts.cache, text, opts.styles[style_name])
    if node is None and opts.tags is not None:
        node = opts.tags.add(HEADING_ROLES.get(style_name, "P"))
    return tagging.tag(p, node)


def _group(opts: RenderOptions, role: str, **kw) -> RenderOptions:
    """Options whose flowables go in a new `role` element inside the current one (unchanged when untagged)."""
    return opts if opts.tags is None else replace(opts, tags=opts.tags.add(role, **kw))


def _child(opts: RenderOptions, role: str, **kw) -> Node | None:
    return None if opts.tags is None else opts.tags.add(role, **kw)


def bullets(block: b.Bullets, opts: RenderOptions, width_hint: float | None = None) -> list[Flowable]:
    st = opts.styles
    out: list[Flowable] = []
    lst = _child(opts, "L")
    for i, text in enumerate(block.items, 1):
        item = lst.add("LI") if lst is not None else None
        if block.style == "ticks":
            name = f"{block.field_prefix or 'tick'}_{i:02d}"
            label = item.add("Lbl") if item is not None else None  # the tick box (a form field when fillable)
            body = item.add("LBody") if item is not None else None
            para = tagging.tag(Para.of(opts.cache, text, st["bullet"]), body)
            out.append(tagging.tag(TickLine(para, name, opts.fillable), label))
            out.append(Spacer(1, 2))
            continue
        marker = f"{i}." if block.style == "numbers" else "•"
        body = item.add("LBody") if item is not None else None
        out.append(tagging.tag(Para.of(opts.cache, text, st["list_item"], marker), body))
    return out


def box(block: b.Box, opts: RenderOptions) -> list[Flowable]:
    """A warning-level panel drawn as the theme's `boxes` say; one row per part so a long box can still split."""
    t = opts.theme
    style = t.boxes[block.tone]
    opts = _group(opts, "Div")
    rows: list[list[Flowable]] = []
    if block.title:
        title = f"{style.symbol}\u00a0 {block.title}" if style.symbol else block.title
        rows.append([_para(title, "box_title", opts)])
    for part in block.body:
        for fl in to_flowables(part, opts):
            rows.append([fl])
    if not rows:
        return []
    pad = t.spacing["box_padding"] * (0.6 if opts.compact else 1)
    gap = t.spacing["section_gap"] * (0.5 if opts.compact else 1)
    # Inside a column cell (which never splits) there is nothing to keep together.
    return [Box([r[0] for r in rows], opts.frame_width, pad, style, gap,
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


def _figure(opts: RenderOptions, figure_id: str, width: float) -> Drawing:
    """The figure from the cache: drawing never changes a Drawing, so every handbook on it can share it."""
    return remember(opts.cache.figures, (figure_id, width), lambda: make_figure(figure_id, width), limit=128)


def figure_flowables(fig: b.Figure, opts: RenderOptions, width: float) -> list[Flowable]:
    drawing = _figure(opts, fig.figure_id, width)
    opts = _group(opts, "Div")
    picture = tagging.tag(Picture(drawing), _child(opts, "Figure", alt=fig.alt))
    caption = _para(f"<b>Figure {fig.number}:</b> {fig.caption}", "caption", opts, _child(opts, "Caption"))
    if fig.figure_id != "body_map":
        return [picture, Spacer(1, 2), caption]
    # The body map's numbers need their key beside the drawing, so it reads at a glance on the fridge.
    # The key's words come from content (checked and linted like every other text); numbers match the drawing.
    labels = fig.legend or tuple(text for _n, text in BODY_MAP_LEGEND)
    legend = _group(opts, "L")
    key = []
    for n, text in enumerate(labels, 1):
        item = _child(legend, "LI")
        key.append(_para(f"<b>{n}</b>  {text}", "small", legend, item.add("LBody") if item else None))
    table = Grid([[[picture, Spacer(1, 2), caption], key]], colWidths=[width + 6 * mm, None])
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
    fig_w = t.frame_width * 0.42 - 4 * mm  # the figure sits flush right, its caption below it
    opts = _group(opts, "Div")
    steps = bullets(b.Bullets(card.steps, "numbers"), opts)
    left = [_para(card.title, "h3", opts), _para(card.meta, "small", opts), *steps]
    right = figure_flowables(card.figure, opts, fig_w)
    return [Card(left, right, (t.frame_width - fig_w, fig_w), t.colour("rule"), gap=8, gutter=6 * mm)]


CELL_PADDING = 12  # ReportLab's default left + right cell padding


def _no_split_words(widths: list[float], block: b.Table, opts: RenderOptions) -> list[float]:
    """Column widths widened, where a narrow page needs it, so no word is broken inside a cell ("10" in the
    step-number column, "recommended" in the oil table on an A5 booklet page); the room comes from the
    columns that have it to spare, in proportion."""
    st = opts.styles
    need = [0.0] * len(widths)
    for r, row in enumerate((block.header, *block.rows)):
        style = st["cell_head"] if r == 0 else st["cell"]
        font = style.fontName if r else opts.theme.fonts["bold"]
        for i, text in enumerate(row):
            for word in re.sub(r"<[^>]+>", " ", text).split():
                need[i] = max(need[i], stringWidth(unescape(word), font, style.fontSize) + CELL_PADDING)
    short = sum(max(n - w, 0) for n, w in zip(need, widths, strict=True))
    spare = sum(max(w - n, 0) for n, w in zip(need, widths, strict=True))
    if short == 0 or spare < short:
        return widths
    return [n if n > w else w - (w - n) * short / spare for n, w in zip(need, widths, strict=True)]


def data_table(block: b.Table, opts: RenderOptions) -> list[Flowable]:
    t = opts.theme
    total = sum(block.widths)
    widths = _no_split_words([opts.frame_width * w / total for w in block.widths], block, opts)
    cells = _cells(opts, len(block.header), len(block.rows), header_rows=0)
    head = [_para(f"<b>{h}</b>", "cell_head", opts, cells(0, i)) for i, h in enumerate(block.header)]
    rows = [[_para(c, "cell", opts, cells(r, i)) for i, c in enumerate(row)] for r, row in enumerate(block.rows, 1)]
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
    cell = _cells(opts, len(cols) + 1, len(block.rows), header_rows=1)
    head = [_para("<b>#</b>", "cell_head", opts, cell(0, 0))]
    for i, c in enumerate(cols, 1):
        label = c.label + (f"<br/>({' / '.join(c.options)})" if c.options else "")
        head.append(_para(f"<b>{label}</b>", "cell_head", opts, cell(0, i)))
    data: list[list[object]] = [head]
    for r, row in enumerate(block.rows, 1):
        cells: list[object] = [_para(f"<b>{row.number}</b>", "cell", opts, cell(r, 0))]
        for i, (col, w) in enumerate(zip(cols, widths[1:], strict=True), 1):
            cells.append(_tag_cell(_chart_cell(block, row, col, w, row_h, opts), cell(r, i)))
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


def _cells(opts: RenderOptions, n_cols: int, n_rows: int, header_rows: int):
    """A Table element with its rows made now (so empty cells are there too); cells(r, c) gives one cell:
    row 0 is the column headers, and the first `header_rows` columns of the other rows are row headers."""
    if opts.tags is None:
        return lambda r, c: None
    table = opts.tags.add("Table")
    grid = []
    for r in range(n_rows + 1):
        tr = table.add("TR")
        grid.append([tr.add("TH", scope="Column") if r == 0 else
                     tr.add("TH", scope="Row") if c < header_rows else tr.add("TD") for c in range(n_cols)])
    return lambda r, c: grid[r][c]


def _tag_cell(content: object, node: Node | None) -> object:
    for f in content if isinstance(content, list) else [content]:
        if isinstance(f, Flowable):  # the cell's words and fields belong to the cell, not a paragraph of their own
            tagging.tag(f, node)
    return content


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


def cover(block: b.Cover, opts: RenderOptions) -> list[Flowable]:
    t = opts.theme
    out: list[Flowable] = [Spacer(1, t.frame_height * 0.12)]
    if block.clinic_logo:
        logo = Logo(io.BytesIO(block.clinic_logo_data) if block.clinic_logo_data else block.clinic_logo)
        img = tagging.tag(logo, _child(opts, "Figure", alt=block.clinic_name))
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
    if block.figure_alt and _has_figure("setup"):  # a cover without alt text carries no drawing
        setup = tagging.tag(Picture(_figure(opts, "setup", t.frame_width * 0.5)),
                            _child(opts, "Figure", alt=block.figure_alt))
        setup.hAlign = "CENTER"
        out.append(setup)
    if block.intro:
        out += [Spacer(1, 16), _para(block.intro, "lead", opts)]
    # A long clinic intro must not push part of the cover onto a page of its own: shrink to fit instead.
    return [KeepInFrame(t.frame_width, t.frame_height - 14, out, mode="shrink")]


def _has_figure(fid: str) -> bool:
    try:
        figure_aspect(fid)
    except ValueError:
        return False
    return True


def contents(block: b.Contents, opts: RenderOptions) -> list[Flowable]:
    st = opts.styles
    toc_style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    toc = Contents(levelStyles=[st["toc1"], st["toc2"]], dotsMinLevel=0, tableStyle=toc_style)
    toc.cache = opts.cache
    return [
        NextPageTemplate("normal"),
        PageBreak(),
        tagging.tag(Para.of(opts.cache, block.title, st["h1"]), _child(opts, "H1")),
        tagging.tag(toc, _child(opts, "TOC")),
    ]


def contact(block: b.ContactBlock, opts: RenderOptions) -> list[Flowable]:
    out: list[Flowable] = [_para(block.title, "h2" if block.compact else "h1", opts)]
    out += [_para(line, "body" if block.compact else "lead", opts) for line in block.lines]
    if not block.qr_url:
        return out
    size = 26 * mm if block.compact else 38 * mm  # 26 mm still reads from paper at arm's length
    qr = tagging.tag(Picture(remember(opts.cache.qr, (block.qr_url, size),
                                      lambda: qr_drawing(block.qr_url, size), limit=16)),
                     _child(opts, "Figure", alt=block.qr_url))
    scan = _para("Scan for the clinic's website.", "small", opts)
    if not block.compact:
        return [*out, Spacer(1, 10), qr, scan]
    # Compact (the back cover): the words on the left, the code on the right, so the help panel keeps its page.
    right = size + 8 * mm
    grid = Grid([[out, [qr, scan]]], colWidths=[opts.frame_width - right, right])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [grid]


def qr_drawing(url: str, size: float = 38 * mm) -> Drawing:
    """A QR code of the clinic's website, scaled to a size phones read easily from paper.

    Kept in the render cache per address (see contact): a clinic's batch prints the same code on every handbook.
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
    st = opts.styles
    out: list[Flowable] = []
    if block.new_page:
        out += [NextPageTemplate("landscape" if block.landscape else "normal"), PageBreak()]
    elif block.level == 2:
        out.append(CondPageBreak(40 * mm))
    style = st["h1"] if block.level == 1 else st["h2"]
    head = Heading1.of(opts.cache, block.text, style, toc_key=block.key or block.text, toc_level=block.level)
    out.append(tagging.tag(head, _child(opts, f"H{block.level}")))
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
    return [KeepTogether([KeepTogether([f]) if isinstance(f, Kept) else f for f in flows])]


def notes_page(block: b.NotesPage, opts: RenderOptions) -> list[Flowable]:
    """A heading, a line saying what the page is for, and writing lines to the foot of the page."""
    out: list[Flowable] = [_para(block.title, "h2", opts)]
    out += [_para(block.lead, "body", opts)] if block.lead else []
    pitch = 9 * mm  # room for handwriting
    return [*out, Spacer(1, 4 * mm), RuledLines(pitch, opts.theme.colour("muted"))]


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
    b.NotesPage: notes_page,
}
