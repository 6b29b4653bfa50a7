"""Blocks → ReportLab flowables. One function per block type; no layout decisions elsewhere."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html import unescape
from typing import TypeVar

from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
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
from reportlab.platypus.doctemplate import ActionFlowable

from handbook.cache import remember
from handbook.compose import blocks as b
from handbook.render import tagging
from handbook.render.cache import RenderCache, Shelf, render_cache
from handbook.render.chart import CellStyle, ChartCell, FitChart
from handbook.render.figures import figure_aspect, make_figure
from handbook.render.fitcolumns import FirstThatFits, best_split, stacked
from handbook.render.fonts import register_fonts
from handbook.render.notes import RuledLines
from handbook.render.onepage import ONE_PAGE_STEPS, OnePage, abreast
from handbook.render.pagerefs import PageNumber, PageRefs
from handbook.render.panels import Box, Card, Grid, Kept
from handbook.render.paragraphs import Contents, Heading1, Para
from handbook.render.pictures import Logo, Picture, Sketch
from handbook.render.styles import styles
from handbook.render.tagging import Node
from handbook.render.theme import Theme, load_theme
from handbook.render.ticks import TickLine
from handbook.render.twocolumns import TwoColumns

# Tables draw plain-string cells in their own font; Helvetica would be an unembedded base-14 font.
BODY_FONT = "DejaVuSans"
T = TypeVar("T")

@dataclass(frozen=True)
class RenderOptions:
    theme: Theme
    fillable: bool = False
    cache: RenderCache = field(default_factory=render_cache)  # what this build may reuse from earlier ones
    width: float | None = None  # set inside a column; None means the page frame
    compact: bool = False  # tighter box spacing, for printables that must fit one page
    tags: Node | None = None  # the structure element new flowables go in; None: an untagged build
    hyphenation: str | None = None  # the locale's pyphen dictionary (Document.hyphenation)
    refs: PageRefs | None = None  # this build's page references (tables with page_refs print from it)
    shelf: Shelf | None = None  # recorded figures kept between processes (None: memory only)
    slots: tuple[str, ...] = ()  # the reader's texts, as paragraphs.slots_for gives them (shared parses)

    @property
    def frame_width(self) -> float:
        return self.width if self.width is not None else self.theme.frame_width

    @property
    def styles(self) -> dict[str, ParagraphStyle]:
        return styles(self.theme.paper, self.theme.scale, self.theme.templates, self.cache, self.hyphenation,
                      self.theme.narrow)


# Paragraph styles that are headings in the structure tree (levels are evened out in structure.py).
HEADING_ROLES = {"h1": "H1", "h2": "H2", "h3": "H3", "cover_title": "H1"}


def _para(text: str, style_name: str, opts: RenderOptions, node: Node | None = None) -> Paragraph:
    """A paragraph tagged as `node`, or else as a new P (or heading) in the current structure element."""
    p = Para.of(opts.cache, text, opts.styles[style_name], slots=opts.slots)
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
            para = tagging.tag(Para.of(opts.cache, text, st["bullet"], slots=opts.slots), body)
            out.append(tagging.tag(TickLine(para, name, opts.fillable), label))
            out.append(Spacer(1, opts.theme.spacing["paragraph"] / 2))  # 2 pt, closer as a printable fits
            continue
        marker = f"{i}." if block.style == "numbers" else "•"
        body = item.add("LBody") if item is not None else None
        out.append(tagging.tag(Para.of(opts.cache, text, st["list_item"], marker, slots=opts.slots), body))
    if block.columns == 2 and block.style == "bullets" and len(out) > 1:
        return [Shorter(out, _two_columns(out))]
    return out


class Shorter(Flowable):
    """A list as it stands or in two columns, whichever is shorter at the width it gets: long lines (ru, es) save
    half their height side by side, short ones (en) would only wrap."""

    def __init__(self, items: list[Flowable], table: Flowable) -> None:
        super().__init__()
        self.items, self.table = items, table
        self.chosen: Flowable = table

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        stack = Grid([[f] for f in self.items], colWidths=[avail_w])
        stack.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        one = stack.wrap(avail_w, avail_h)
        two = self.table.wrap(avail_w, avail_h)
        self.chosen = self.table if two[1] < one[1] else stack
        if self.chosen is stack:
            one = stack.wrap(avail_w, avail_h)
        self.width, self.height = self.chosen.wrap(avail_w, avail_h)
        return self.width, self.height

    def draw(self) -> None:
        self.chosen.drawOn(self.canv, 0, 0)


def _two_columns(items: list[Flowable]) -> Flowable:
    """Items in two columns of half the width each, the first half on the left, so a list reads down."""
    half = (len(items) + 1) // 2
    table = Grid([[items[:half], items[half:]]], colWidths=["50%", "50%"])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 3 * mm),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def box(block: b.Box, opts: RenderOptions) -> list[Flowable]:
    """A warning-level panel drawn as the theme's `boxes` say; one row per part so a long box can still split."""
    t = opts.theme
    style = t.boxes[block.tone]
    opts = _group(opts, "Div")
    rows: list[list[Flowable]] = []
    if block.title:
        title = f"{style.symbol}\u00a0 {block.title}" if style.symbol else block.title
        rows.append([_para(title, "box_title", opts)])
    pad = t.spacing["box_padding"] * (0.6 if opts.compact else 1)
    gap = t.spacing["section_gap"] * (0.5 if opts.compact else 1)
    inside = replace(opts, width=Box.inner_width(opts.frame_width, pad, style))  # columns set inside the frame
    for part in block.body:
        for fl in to_flowables(part, inside if isinstance(part, b.Columns) else opts):
            rows.append([fl])
    if not rows:
        return []
    # Inside a column cell (which never splits) there is nothing to keep together.
    return [Box([r[0] for r in rows], opts.frame_width, pad, style, gap,
                keep=opts.width is None)]


NARROW_COLUMNS_BELOW = 120 * mm  # an A4 or Letter frame is ~170 mm, an A5 one ~115 mm


def columns(block: b.Columns, opts: RenderOptions) -> list[Flowable]:
    gap = 5 * mm
    width = _landscape_width(opts) if block.landscape else opts.frame_width
    if width < NARROW_COLUMNS_BELOW:  # a half-sheet booklet page: two columns would be too narrow to read
        parts = (*block.left, *block.right, *block.foot)
        return [f for part in parts for f in to_flowables(part, opts)]
    foot = [f for part in block.foot for f in to_flowables(part, opts)]
    if not block.balance:
        return [_columns(block, opts, width, gap, block.ratio), *foot]
    # A one-page printable: the share of the width at which the taller column is shortest (first one on a tie),
    # from each block's height at each width, measured once. The trials are untagged, so only the kept layout
    # adds structure elements.
    quiet = replace(opts, tags=None)
    ratios = [block.ratio + d / 100 for d in BALANCE_STEPS]
    flow = (*block.left, *block.right)
    every = (*flow, *block.foot)
    heights: dict[tuple[int, float], float] = {}

    def height(i: int, r: float, left: bool) -> float:
        col = (width - gap) * r if left else (width - gap) * (1 - r)
        if (i, col) not in heights:
            trial = replace(quiet, width=col, compact=True)
            heights[i, col] = measured(trial, "height", every[i],
                                       lambda: _stack_height(to_flowables(every[i], trial), col))
        return heights[i, col]

    _, best = best_split([len(block.left)], len(flow), ratios, height)
    as_given = [_columns(block, opts, width, gap, best), *foot]
    if not block.foot:
        return as_given
    # When the columns as given and the box at their foot are taller than the page has room for, the same blocks
    # in reading order are split where the columns come out even, then the foot box joins the columns' end.
    # Each is built only if needed, in its own structure element (those never drawn are left out).

    def evened(n: int) -> Callable[[], Flowable]:
        own = _group(opts, "Div")

        def make() -> Flowable:
            k, r = best_split(range(1, n), n, ratios, height)
            flows = [_columns(replace(block, left=every[:k], right=every[k:n]), own, width, gap, r)]
            flows += [f for part in every[n:] for f in to_flowables(part, own)]
            return stacked(flows, width)
        return make

    return [FirstThatFits([lambda: stacked(as_given, width), evened(len(flow)), evened(len(every))])]


def _stack_height(flowables: list[Flowable], width: float) -> float:
    """How tall `flowables` are one under the other in a column, spaces around each included."""
    return sum(f.wrapOn(None, width, 72000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def shortest(block: b.Shortest, opts: RenderOptions) -> list[Flowable]:
    """The option that is shortest at this width, measured on untagged trials (so only the printed one adds
    structure elements); the first on a tie."""
    quiet = replace(opts, tags=None)

    def height(option: tuple[b.Block, ...]) -> float:
        canv = Canvas(io.BytesIO())  # a scratch canvas to measure on; nothing is drawn
        flows = [f for part in option for f in to_flowables(part, quiet)]
        return sum(f.wrapOn(canv, opts.frame_width, 72000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                   for f in flows)

    best = block.options[measured(opts, "shortest", block,
                                  lambda: min(range(len(block.options)), key=lambda i: height(block.options[i])))]
    return [f for part in best for f in to_flowables(part, opts)]


MAX_MEASURED = 8192  # RenderCache.measured: about 200 blocks a handbook, most the same in every one


def sizing(opts: RenderOptions) -> tuple:
    """What a block's flowables' sizes depend on besides the block: two builds alike in these lay out the same
    block at the same sizes (the theme as load_theme keys it, the styles' hyphenation, fields, the width)."""
    t = opts.theme
    return t.paper, t.scale, t.templates, t.narrow, opts.fillable, opts.hyphenation, opts.frame_width, opts.compact


def measured(opts: RenderOptions, what: str, block: b.Block, measure: Callable[[], T]) -> T:
    """`measure()` (a size or a choice made by measuring `block`'s flowables), kept in the build's cache for
    every later build with the same sizing: most blocks are the same in every handbook, and their trial layouts
    would be made and measured again each time (an unhashable block is measured afresh)."""
    try:
        key = (what, block, sizing(opts))
        hash(key)
    except TypeError:
        return measure()
    return remember(opts.cache.measured, key, measure, limit=MAX_MEASURED)


BALANCE_STEPS = tuple(range(-10, 11, 2))  # hundredths of the width either side of the Columns' ratio


def _columns(block: b.Columns, opts: RenderOptions, width: float, gap: float, ratio: float) -> Flowable:
    left_w = (width - gap) * ratio
    right_w = width - gap - left_w
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
    return table


def _figure(opts: RenderOptions, figure_id: str, width: float) -> Picture:
    """The figure from the cache: drawing never changes a Drawing, so every handbook on it can share it (and
    its record on the build's shelf, so a fresh process need not draw it; see pictures.Sketch)."""
    tones = opts.theme.figure_tones(figure_id)
    hexes = tones and tuple(c.hexval() for c in tones)
    sketch = remember(opts.cache.figures, (figure_id, width, hexes),
                      lambda: Sketch(lambda: make_figure(figure_id, width, tones), f"{figure_id} {width!r} {hexes}"),
                      limit=128)
    return Picture(sketch, opts.shelf)


def figure_flowables(fig: b.Figure, opts: RenderOptions, width: float) -> list[Flowable]:
    opts = _group(opts, "Div")
    picture = tagging.tag(_figure(opts, fig.figure_id, width), _child(opts, "Figure", alt=fig.alt))
    caption = _para(f"<b>{fig.label}</b> {fig.caption}" if fig.label else fig.caption, "caption", opts,
                    _child(opts, "Caption"))
    if fig.figure_id != "body_map":
        return [picture, Spacer(1, 2), caption]
    # The body map's numbers need their key beside the drawing, so it reads at a glance on the fridge.
    # The key's words come from content (checked and linted like every other text); numbers match the drawing.
    labels = fig.legend
    legend = _group(opts, "L")
    key = []
    for n, text in enumerate(labels, 1):
        item = _child(legend, "LI")
        key.append(_para(f"<b>{n}</b>  {text}", "caption", legend, item.add("LBody") if item else None))
    table = Grid([[[picture, Spacer(1, 2), caption], key]], colWidths=[width + 6 * mm, None])
    fit = min(1.0, opts.theme.scale)  # a printable fitted to its page sets the spaces round the map closer
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * fit),  # ReportLab's 3 pt at full size
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * fit),
            ]
        )
    )
    after = Spacer(1, 4 * fit)
    return [table, after] if opts.width is not None else [KeepTogether([table, after])]


def technique_card(card: b.TechniqueCard, opts: RenderOptions) -> list[Flowable]:
    t = opts.theme
    fig_w = t.frame_width * 0.26 - 4 * mm  # the figure sits flush right, its caption below it
    opts = _group(opts, "Div")
    steps = bullets(b.Bullets(card.steps, "numbers"), opts)
    left = [_para(card.title, "h3", opts), _para(card.meta, "small", opts), *steps]
    right = figure_flowables(card.figure, opts, fig_w)
    made = Card(left, right, (t.frame_width - fig_w, fig_w), t.colour("rule"), gap=5, gutter=6 * mm, below=5)
    made.page_ref = card.ref  # the routine card and table print the page this lands on (see pagerefs)
    return [made]


PICTURE_W = 15 * mm  # a routine row's picture: big enough to tell the moves apart with oily hands
PAGE_W = 16 * mm  # the page-number column: its heading and two digits, with their padding


CELL_PADDING = 12  # ReportLab's default left + right cell padding


def _no_split_words(widths: list[float], block: b.Table, opts: RenderOptions) -> list[float]:
    """Column widths widened, where a narrow page needs it, so no word is broken inside a cell ("10" in the
    step-number column, "recommended" in the oil table on an A5 booklet page); the room comes from the
    columns that have it to spare, in proportion."""
    st = opts.styles
    need = [0.0] * len(widths)
    first = 1 if block.pictures else 0  # the picture and page columns have fixed widths of their own
    header = block.header[first:first + len(widths)]
    for r, row in enumerate((header, *block.rows)):
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
    """A table; with `pictures` a small figure leads each row, with `page_refs` the page each row's move is
    explained on ends it (both columns have fixed widths, so the page numbers never move the layout)."""
    t = opts.theme
    fixed = (PICTURE_W + 6 if block.pictures else 0) + (PAGE_W if block.page_refs else 0)
    total = sum(block.widths)
    widths = [(opts.frame_width - fixed) * w / total for w in block.widths]
    # Widened so no word (nor "10") splits: measured once per block and sizing (it reads every cell's words).
    widths = list(measured(opts, "no_split_widths", block, lambda: tuple(_no_split_words(widths, block, opts))))
    if block.pictures:
        widths.insert(0, PICTURE_W + 6)
    if block.page_refs:
        widths.append(PAGE_W)
    n_cols = len(widths)
    cells = _cells(opts, n_cols, len(block.rows), header_rows=0)
    head = [_para(f"<b>{h}</b>", "cell_head", opts, cells(0, i)) for i, h in enumerate(block.header)]
    rows: list[list[Flowable]] = []
    for r, row in enumerate(block.rows, 1):
        first = 1 if block.pictures else 0
        line: list[Flowable] = []
        if block.pictures:
            line.append(tagging.tag(_figure(opts, block.pictures[r - 1], PICTURE_W),
                                    _child(opts, "Figure", alt=block.picture_alts[r - 1])))
        line += [_para(c, "cell", opts, cells(r, first + i)) for i, c in enumerate(row)]
        if block.page_refs and opts.refs is not None:
            cell_style = opts.styles["cell"]
            number = PageNumber(opts.refs, block.page_refs[r - 1], t.fonts["bold"], cell_style.fontSize,
                                PAGE_W - 12)
            line.append(tagging.tag(number, cells(r, n_cols - 1)))
        elif block.page_refs:
            line.append(Spacer(1, 1))
        rows.append(line)
    table = Grid([head, *rows], colWidths=widths, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE" if block.pictures else "TOP"),
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
    """The tracking chart: few wide columns, header on every page, rows never split, rows as tall as the page
    allows (so the 5-week course is one page).

    The date (and the age where it changes) is pre-printed on the course chart: the parent writes the time;
    on the ongoing log every cell is written by hand. See render/chart.py for the cells.
    """
    t = opts.theme
    cols = block.columns
    first_w = 7 * mm
    total = sum(c.width for c in cols)
    widths = [first_w] + [(frame_width - first_w) * c.width / total for c in cols]
    cell = _cells(opts, len(cols) + 1, len(block.rows), header_rows=1)
    head = [_para("<b>#</b>", "cell_head", opts, cell(0, 0))]
    head += [_para(f"<b>{c.label}</b>", "cell_head", opts, cell(0, i)) for i, c in enumerate(cols, 1)]
    numbers = [_para(f"<b>{row.number}</b>", "cell", opts, cell(r, 0)) for r, row in enumerate(block.rows, 1)]
    # Room for a heading comes only from columns of write-in lines: the choices' ticks and faces keep theirs.
    givers = [0] + [int(all(p.kind in ("text", "number") for p in c.parts)) for c in cols]
    # The headings' widths depend only on the columns, the frame and the styles (not the rows): once per cache.
    key = ("chart_head_widths", block.columns, frame_width, sizing(opts))
    widths = list(remember(opts.cache.measured, key, lambda: tuple(_headings_in_two_lines(head, widths, givers)),
                           limit=MAX_MEASURED))
    for p, w in zip(head, widths, strict=True):
        p.wrap(w - HEAD_PAD, 1e6)  # each heading wrapped at its own width, as after the search
    style = CellStyle(t.fonts["regular"], t.fonts["bold"], ink=t.colour("text"), rule=t.colour("muted"))

    def head_height() -> float:
        return max(p.wrap(w - HEAD_PAD, 1000)[1] for p, w in zip(head, widths, strict=True)) + 4

    def build(row_h: float) -> Flowable:
        data: list[list[object]] = [list(head)]
        for r, row in enumerate(block.rows, 1):
            cells: list[object] = [numbers[r - 1]]
            for i, (col, w) in enumerate(zip(cols, widths[1:], strict=True), 1):
                made = ChartCell(col, row, block.field_prefix, w, row_h, opts.fillable, style)
                cells.append(_tag_cell(made, cell(r, i)))
            data.append(cells)
        table = Grid(data, colWidths=widths, rowHeights=[None] + [row_h] * len(block.rows), repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
                    ("GRID", (0, 0), (-1, -1), 0.8, t.colour("muted")),
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
        return table

    return [FitChart(build, head_height, len(block.rows))]  # no spacer after: it would start a blank page


HEAD_LINES = 2  # a chart heading wraps to at most this many lines where the widths allow
HEAD_PAD = 4  # a chart cell's left and right padding


def _headings_in_two_lines(head: list[Paragraph], widths: list[float], givers: list[int]) -> list[float]:
    """Column widths where each heading wraps to two lines at most: a column whose heading needs three ("Date
    (corrected age)", the Russian headings) takes the room from the columns `givers` marks, each in proportion
    to what it has to spare, so the header row stays low and the 5-week course keeps to one landscape page
    (issue 13)."""
    widths = list(widths)
    pad = HEAD_PAD

    def lines(i: int, width: float) -> float:
        return head[i].wrap(width - pad, 1e6)[1] / head[i].style.leading

    def need(i: int) -> float:  # the narrowest width at which heading i keeps to HEAD_LINES (its own if none)
        lo, hi = widths[i] / 3, widths[i] * 2
        if lines(i, hi) > HEAD_LINES + 0.01:
            return widths[i]
        for _ in range(20):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if lines(i, mid) > HEAD_LINES + 0.01 else (lo, mid)
        return min(hi + 1, widths[i]) if lines(i, widths[i]) <= HEAD_LINES + 0.01 else hi + 1

    needs = [need(i) for i in range(len(widths))]
    for i in range(len(widths)):
        extra = needs[i] - widths[i]
        if extra <= 0:
            continue
        spare = {j: widths[j] - needs[j] for j in range(len(widths)) if j != i and givers[j] and widths[j] > needs[j]}
        total = sum(spare.values())
        if total < extra:
            continue
        for j, room in spare.items():  # each giver in proportion to what it has to spare
            widths[j] -= extra * room / total
        widths[i] += extra
    for p, w in zip(head, widths, strict=True):
        p.wrap(w - pad, 1e6)  # leave each heading wrapped at its own width again
    return widths


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


def cover(block: b.Cover, opts: RenderOptions) -> list[Flowable]:
    t = opts.theme
    # A clinic's logo takes the room of the space above the title, so the contents still fits under the cover.
    out: list[Flowable] = [Spacer(1, t.frame_height * (0.02 if block.clinic_logo else 0.06))]
    if block.clinic_logo:
        logo = Logo(io.BytesIO(block.clinic_logo_data) if block.clinic_logo_data else block.clinic_logo)
        img = tagging.tag(logo, _child(opts, "Figure", alt=block.clinic_name))
        scale = min(60 * mm / img.imageWidth, 24 * mm / img.imageHeight)
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
    if block.figure_alt and _has_figure("setup"):  # a cover without alt text carries no drawing
        out.append(Spacer(1, 20))
        setup = tagging.tag(_figure(opts, "setup", t.frame_width * 0.5),
                            _child(opts, "Figure", alt=block.figure_alt))
        setup.hAlign = "CENTER"
        out.append(setup)
    if block.intro:  # a clinic's welcome: as wide as running text may be (issue 13: at most 70 characters)
        intro = Grid([[_para(block.intro, "lead", opts)]], colWidths=[t.frame_width * COVER_INTRO_SHARE])
        intro.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        out += [Spacer(1, 16), intro]
    # A long clinic intro must not push part of the cover onto a page of its own: shrink to fit instead. The
    # cover takes the top of the page; the contents may follow below it.
    return [KeepInFrame(t.frame_width, t.frame_height * 0.6, out, mode="shrink")]


COVER_INTRO_SHARE = 0.7  # of the frame's width, centred: about 55 characters of lead text on A4 and Letter


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
            # The entries' own leading spaces them; the table's default 3 pt above and below each made the
            # contents too tall to share the page with a clinic's cover (issue 13).
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
    )
    toc = Contents(levelStyles=[st["toc1"], st["toc2"]], dotsMinLevel=0, tableStyle=toc_style)
    toc.cache = opts.cache
    start = [NextPageTemplate("normal")] + ([PageBreak()] if block.new_page else [CondPageBreak(90 * mm)])
    return [
        *start,
        tagging.tag(Para.of(opts.cache, block.title, st["h2"], slots=opts.slots), _child(opts, "H1")),
        tagging.tag(toc, _child(opts, "TOC")),
    ]


def contact(block: b.ContactBlock, opts: RenderOptions) -> list[Flowable]:
    logo: list[Flowable] = []
    if block.logo:
        img = tagging.tag(Logo(io.BytesIO(block.logo_data) if block.logo_data else block.logo),
                          _child(opts, "Figure", alt=block.lines[0] if block.lines else block.title))
        scale = min(LOGO_BOX[0] / img.imageWidth, LOGO_BOX[1] / img.imageHeight)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        img.hAlign = "LEFT"
        logo = [img]
    # Compact (the back cover): the clinic's name in bold heads the block, so the help panel keeps its page.
    out: list[Flowable] = [] if block.compact else [_para(block.title, "h1", opts)]
    out += [_para(line, "body" if block.compact else "lead", opts) for line in block.lines]
    # Compact (the back cover): the leaflet details in the look-up size (≥ 8 pt, as the footers) under the
    # clinic's words, beside the logo and the code rather than across the page, so the panel keeps its page.
    small = [_para(line, "fine" if block.compact else "small", opts) for line in block.small]
    if block.compact and block.qr_url:  # the code's note with the website it points to, not under the code
        out.append(_para(block.qr_note, "fine", opts))
    out += small
    if not block.compact:
        out = [*logo, Spacer(1, 6), *out] if logo else out
        if not block.qr_url:
            return out
    size = QR_COMPACT if block.compact else 38 * mm
    qr: list[Flowable] = []
    if block.qr_url:
        code = tagging.tag(Picture(remember(opts.cache.qr, (block.qr_url, size),
                                            lambda: Sketch.of(qr_drawing(block.qr_url, size)), limit=16)),
                           _child(opts, "Figure", alt=block.qr_url))
        qr = [code] if block.compact else [code, _para(block.qr_note, "small", opts)]
    if not block.compact:
        return [*out, Spacer(1, 10), *qr]
    # Compact (the back cover): logo, words and code side by side, so the help panel keeps its page.
    left = LOGO_BOX[0] + 5 * mm if logo else 0.0
    right = size + 4 * mm if qr else 0.0
    cells = ([logo] if logo else []) + [out] + ([qr] if qr else [])
    widths = ([left] if logo else []) + [opts.frame_width - left - right] + ([right] if qr else [])
    grid = Grid([cells], colWidths=widths)
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [grid]


LOGO_BOX = (32 * mm, 22 * mm)  # the logo beside the clinic's block, aspect kept
QR_COMPACT = 26 * mm  # the back cover's code: well over the 2 cm a phone needs from paper
QR_QUIET_MODULES = 4  # the blank margin round the code, in modules (ISO/IEC 18004 asks for 4)


def qr_drawing(url: str, size: float = 38 * mm) -> Drawing:
    """A QR code of the clinic's website, scaled to a size phones read easily from paper.

    Kept in the render cache per address (see contact): a clinic's batch prints the same code on every handbook.
    """
    from reportlab.graphics.barcode.qr import QrCodeWidget  # only clinics with a website need it

    widget = QrCodeWidget(url, barLevel="M", barBorder=QR_QUIET_MODULES)
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
    elif block.level == 1:  # a section that follows on: only where a real start of it fits below
        out += [NextPageTemplate("normal"), CondPageBreak(70 * mm)]
    elif block.level == 2:
        out.append(CondPageBreak(30 * mm))
    style = st["h1"] if block.level == 1 else st["h2"]
    head = Heading1.of(opts.cache, block.text, style, slots=opts.slots, toc_key=block.key or block.text,
                       toc_level=block.level)
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


def flow(block: b.Flow, opts: RenderOptions) -> list[Flowable]:
    """Two columns; running text on a narrow page (a booklet's) in one, as it is set there without a Flow."""
    if block.running and opts.frame_width < NARROW_COLUMNS_BELOW:
        return [f for part in block.body for f in to_flowables(part, opts)]
    gap = FLOW_GAP
    inner = replace(opts, width=(opts.frame_width - gap) / 2)
    # A heading's conditional page break (and a section's page template) is for a frame: in a column its
    # keep-with-next does the work.
    flows = [f for part in block.body for f in to_flowables(part, inner)
             if not isinstance(f, (CondPageBreak, NextPageTemplate))]
    whole = not block.running  # the references' entries stay whole
    return [TwoColumns(flows, gap, whole=whole, memo=opts.cache.balanced)]


FLOW_GAP = 6 * mm  # between two columns of text


def one_page(block: b.OnePage, opts: RenderOptions) -> list[Flowable]:
    """The blocks set at each of the fit steps in turn (smaller headings and spacing, then condensed letters;
    the body stays at its size) until they share one page; at the frame's own width, whatever the step's
    margins would be. Each way has its own structure element, built only when tried (those never drawn are left
    out). Page breaks and template switches inside are dropped: the blocks are one page's."""
    t = opts.theme
    width = t.back_frame_width

    def at(scale: float, narrow: bool) -> Callable[[], list[Flowable]]:
        def make() -> list[Flowable]:
            theme = load_theme(t.paper, scale * t.scale, t.templates, opts.cache, narrow or t.narrow)
            own = _group(replace(opts, theme=theme, width=width), "Div")
            flows = [f for part in block.body for f in to_flowables(part, own)]
            flows = [f for f in flows if not isinstance(f, ActionFlowable | CondPageBreak)]
            return flows if scale == 1 and not narrow else abreast(flows, 8 * mm)  # tighter: heading and number abreast
        return make

    return [NextPageTemplate("back"), PageBreak(),  # the page of its own, with the back cover's margins
            OnePage([at(scale, narrow) for scale, narrow in ONE_PAGE_STEPS], width)]


def notes_page(block: b.NotesPage, opts: RenderOptions) -> list[Flowable]:
    """A heading, a line saying what the page is for, and writing lines to the foot of the page."""
    out: list[Flowable] = [_para(block.title, "h2", opts)]
    out += [_para(block.lead, "body", opts)] if block.lead else []
    pitch = 9 * mm  # room for handwriting
    return [*out, Spacer(1, 4 * mm), RuledLines(pitch, opts.theme.colour("muted"))]


def _figure_fit(opts: RenderOptions) -> float:
    """A figure's share of its width: smaller in a printable's condensed fit steps (the checklist's body map,
    whose key beside it carries the words), so a long name and every flag keep the page at 11 pt body."""
    return 0.75 if opts.theme.narrow else 1.0


def _landscape_width(opts: RenderOptions) -> float:
    """What a landscape page's frame gives a flowable (ReportLab's frames pad 6 pt on each side)."""
    t = opts.theme
    return t.page_size[1] - t.margins["left"] - t.margins["right"] - 12


def _chart_handler(block: b.Chart, opts: RenderOptions) -> list[Flowable]:
    return chart(block, opts, _landscape_width(opts))


HANDLERS: dict[type, Callable[..., list[Flowable]]] = {
    b.Heading: heading,
    b.Para: lambda blk, o: [_para(blk.text, blk.style, o)],
    b.Bullets: bullets,
    b.Box: box,
    b.Figure: lambda blk, o: figure_flowables(blk, o, o.frame_width * blk.width_ratio * _figure_fit(o)),
    b.Columns: lambda blk, o: columns(blk, o),
    b.Shortest: shortest,
    b.TechniqueCard: technique_card,
    b.Table: data_table,
    b.KeepTogether: keep_together,
    b.Chart: _chart_handler,
    b.Cover: cover,
    b.Contents: contents,
    b.ContactBlock: contact,
    b.PageBreak: lambda blk, o: [NextPageTemplate("normal"), PageBreak()],  # portrait again after the chart
    b.Spacer: lambda blk, o: [Spacer(1, blk.height)],
    b.Flow: flow,
    b.NotesPage: notes_page,
    b.OnePage: one_page,
}
