"""Document → PDF bytes: page templates, footer, TOC, bookmarks, metadata, reproducible output."""

from __future__ import annotations

import calendar
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageTemplate, Spacer
from reportlab.platypus.doctemplate import ActionFlowable, IndexingFlowable, LayoutError

from handbook.cache import BuildCache, default_cache
from handbook.compose import blocks as b
from handbook.errors import HandbookError
from handbook.render.cache import RenderCache, Shelf, render_cache
from handbook.render.flowables import RenderOptions, measured, to_flowables
from handbook.render.fonts import FACES, register_fonts
from handbook.render.frames import cheap_copies
from handbook.render.onepage import OnePage
from handbook.render.pagerefs import PageRefs, report
from handbook.render.panels import Kept
from handbook.render.paragraphs import Contents, Heading1, slots_for
from handbook.render.replay import FIXED_CHARS, HandbookCanvas, replayed
from handbook.render.shelved import shelved_work
from handbook.render.tagging import Marks, Node, TaggedCanvas
from handbook.render.theme import BOOKLET_PAGES, Theme, load_theme
from handbook.render.twocolumns import TwoColumns


class PageCount(IndexingFlowable):
    """Zero-size marker at the end: multiBuild repeats until the page total it saw is stable."""

    def __init__(self, doc: HandbookDoc) -> None:
        super().__init__()
        self.doc = doc
        self.seen = 0
        self.ok = False
        self.width = self.height = 0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.seen = self.canv.getPageNumber()

    def afterBuild(self) -> None:
        # Here, not in isSatisfied: multiBuild stops asking at the first unsatisfied flowable (the contents).
        layout_only = getattr(self.doc.canv, "layout_only", False)
        self.ok = self.seen == self.doc.page_total and not layout_only
        self.doc.page_total = self.seen

    def isSatisfied(self) -> bool:
        return self.ok


def fit_width(text: str, room: float, width_of: Callable[[str], float]) -> str:
    """`text` cut with an ellipsis to fit `room` points: a long clinic name must not run into the page number."""
    if width_of(text) <= room:
        return text
    while text and width_of(text.rstrip() + "…") > room:
        text = text[:-1]
    return text.rstrip(" ·") + "…"


# The contents lists the sections only (their sub-headings are in the bookmarks): it then shares its page with
# the start of the handbook instead of filling one of its own (issue 13).
CONTENTS_LEVELS = (1,)
FRAME_PADDING = 6  # ReportLab's default, written out because the text width depends on it
BACK_TEMPLATE = "back"  # the back cover's page (see flowables.one_page): the theme's back margins


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
        pad = FRAME_PADDING
        # A printable fitted to its page (scale below 1) has its margins at a printer's reach already: the
        # frame adds no padding above and below them.
        vpad = pad if theme.scale >= 1 else 0
        portrait = Frame(m["left"], m["bottom"], w - m["left"] - m["right"], h - m["top"] - m["bottom"], id="p",
                         leftPadding=pad, rightPadding=pad, topPadding=vpad, bottomPadding=vpad)
        land = Frame(m["left"], m["bottom"], h - m["left"] - m["right"], w - m["top"] - m["bottom"], id="l",
                     leftPadding=pad, rightPadding=pad, topPadding=pad, bottomPadding=pad)
        self.text_width = w - m["left"] - m["right"] - 2 * pad  # what a portrait page gives a flowable
        bm = theme.back_margins
        back = Frame(bm["left"], bm["bottom"], w - bm["left"] - bm["right"], h - bm["top"] - bm["bottom"], id="b",
                     leftPadding=pad, rightPadding=pad, topPadding=0, bottomPadding=0)  # its margins are the edge
        templates = {
            "cover": PageTemplate("cover", [portrait], pagesize=(w, h)),
            "normal": PageTemplate("normal", [portrait], onPage=self.footer, pagesize=(w, h)),
            BACK_TEMPLATE: PageTemplate(BACK_TEMPLATE, [back], onPage=self.footer, pagesize=(w, h)),
            "landscape": PageTemplate("landscape", [land], onPage=self.footer, pagesize=(h, w)),
        }
        # A booklet's left-hand (even) pages mirror the right-hand ones: the gutter is on the other side.
        self.versos: dict[str, PageTemplate] = {}
        if theme.mirrored:
            verso = Frame(m["right"], m["bottom"], w - m["left"] - m["right"], h - m["top"] - m["bottom"],
                          id="pv", leftPadding=pad, rightPadding=pad, topPadding=pad, bottomPadding=pad)
            self.versos = {"normal": PageTemplate("normal_verso", [verso], onPage=self.footer, pagesize=(w, h))}
            templates["normal_verso"] = self.versos["normal"]
        order = [first] + [k for k in templates if k != first]
        self.addPageTemplates([templates[k] for k in order])
        cheap_copies([f for t in self.pageTemplates for f in t.frames])

    def handle_pageBegin(self) -> None:
        """On a booklet's left-hand pages, the mirrored twin of the template the story asked for."""
        current: PageTemplate = self.pageTemplate  # type: ignore[has-type]  # ReportLab sets it untyped
        tid = str(current.id).removesuffix("_verso")
        if tid in self.versos:
            upcoming = self.page + 1
            self.pageTemplate = self.versos[tid] if upcoming % 2 == 0 else self._named(tid)
        super().handle_pageBegin()

    def _named(self, name: str) -> PageTemplate:
        return next(t for t in self.pageTemplates if t.id == name)

    def footer(self, canv, doc) -> None:
        if getattr(canv, "layout_only", False):
            return
        t = self.theme
        w = canv._pagesize[0]
        page_margins = t.back_margins if doc.pageTemplate.id == BACK_TEMPLATE else t.margins
        left, right = page_margins["left"], page_margins["right"]  # the footer shares the page's left edge
        verso = t.mirrored and canv.getPageNumber() % 2 == 0  # a left-hand booklet page: gutter on the right
        if verso:
            left, right = right, left
        font, size, muted, rule = t.fonts["regular"], t.sizes["footer"], t.colour("muted"), t.colour("rule")
        y = t.margins["bottom"] / 2
        total = self.page_total or canv.getPageNumber()
        # A printable of one sheet (the checklist) needs no page number (issue 13).
        page = "" if self.model.max_pages == 1 else self.model.page_label.replace(
            "{page}", str(canv.getPageNumber())).replace("{total}", str(total))
        keep = self.model.footer_keep
        width_of = partial(stringWidth, fontName=font, fontSize=size)
        room = w - left - right - width_of(page) - 12 - width_of(keep)
        footer = fit_width(self.model.footer, room, width_of) + keep
        canv.saveState()
        canv.setFont(font, size)
        canv.setFillColor(muted)
        # The page number and the rule are the same in every handbook: replayed. The words (the baby's name) are
        # drawn as they are.
        number = partial(_draw_number, page, verso, left, w - right, y)
        if font in FACES and set(page) <= FIXED_CHARS:
            replayed(canv, ("page_number", font, size, muted, page, verso, left, w - right, y), number, muted)
        else:
            number(canv)
        if verso:  # the page number on the outside edge, the footer towards the fold
            canv.drawRightString(w - right, y, footer)
        else:
            canv.drawString(left, y, footer)
        line = partial(_draw_rule, rule, left, w - right, y + 10)
        replayed(canv, ("footer_rule", rule, left, w - right, y + 10), line, rule)
        canv.restoreState()

    def afterFlowable(self, flowable) -> None:
        report(self, flowable)
        # A page's blocks set as one (the back cover) carry their headings inside.
        for head in flowable.headings() if isinstance(flowable, OnePage) else [flowable]:
            if isinstance(head, Heading1):
                self._outline(head)

    def _outline(self, head: Heading1) -> None:
        """A heading's bookmark, outline entry and (for a section) contents entry."""
        text = _entry_text(head)
        key = _key(head.toc_key, text)
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=head.toc_level - 1, closed=True)
        if head.toc_level in CONTENTS_LEVELS:
            self.notify("TOCEntry", (head.toc_level - 1, text, self.page, key))


def _draw_number(page: str, verso: bool, left: float, right: float, y: float, canv: Canvas) -> None:
    """A footer's page number: on the outside edge of the page (the left one on a booklet's verso)."""
    if verso:
        canv.drawString(left, y, page)
    else:
        canv.drawRightString(right, y, page)


def _draw_rule(colour: Color, left: float, right: float, y: float, canv: Canvas) -> None:
    canv.setStrokeColor(colour)
    canv.setLineWidth(0.5)
    canv.line(left, y, right, y)


def _entry_text(heading: Heading1) -> str:
    """A heading's words for the contents and the bookmarks: its no-break spaces (which keep words together
    where the heading wraps in a column) as plain ones, as the contents' line has room of its own."""
    return heading.getPlainText().replace("\u00a0", " ")


def _key(section: str, text: str) -> str:
    """A stable bookmark name (Python's hash() is salted, so never use it for reproducible output)."""
    return "".join(ch if ch.isalnum() else "_" for ch in f"{section}_{text}")[:60]


def _fixed_timestamp(on: date) -> TimeStamp:
    """Creation date = the handbook date, so the same inputs give byte-identical files."""
    stamp = TimeStamp.__new__(TimeStamp)  # not its __init__, which reads the clock and SOURCE_DATE_EPOCH
    t = calendar.timegm(on.timetuple())  # midnight UTC by calendar arithmetic: the machine's time zone plays no part
    stamp.t = t
    stamp.lt = time.gmtime(t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp


def _first_template(doc: b.Document) -> str:
    first = doc.blocks[0] if doc.blocks else None
    if isinstance(first, b.Cover):
        return "cover"
    if isinstance(first, b.Heading) and first.landscape:
        return "landscape"
    return "normal"


def render_pdf(doc: b.Document, *, paper: str, on: date, fillable: bool = False,
               cache: BuildCache | None = None, tagged: bool = True, booklet: bool = False,
               shelf: Shelf | None = None) -> bytes:
    """The document as PDF bytes, reusing what earlier builds on `cache` left (this thread's own if None);
    `tagged`: a tagged PDF (PDF/UA-1) with its structure tree; `booklet`: the pages of a booklet on `paper`
    (A5 for A4, half-Letter for Letter) at print size, mirrored, a multiple of 4 of them (imposed later);
    `shelf`: where recorded figures, paragraphs and layouts are kept between processes (pictures.Sketch, shelved).

    The garbage collector is left alone: pausing it is for entry points (the CLI, batch workers), which know
    whether anything else runs in the process.
    """
    cache = cache or default_cache()
    register_fonts(shelf)  # once per process; a fresh one takes the parsed fonts from the shelf if it has them
    with cache.lock:  # a cache serves one build at a time (see handbook.cache)
        rc = render_cache(cache)
        with shelved_work(rc, shelf):  # paragraphs and page numbers as an earlier process found them
            if booklet:
                return _render_booklet(doc, BOOKLET_PAGES[paper], on, fillable, rc, shelf)
            if doc.max_pages is None:
                pdf, _, tags = _render(doc, paper, on, fillable, rc, tagged=tagged, shelf=shelf)
            else:
                pdf, tags = _render_to_fit(doc, paper, on, fillable, doc.max_pages, rc, tagged, shelf)
        if tags is None:
            return pdf
        from handbook.render.structure import DocInfo, write_structure  # loaded only for tagged output

        return write_structure(pdf, *tags, DocInfo(doc.title, doc.lang, doc.author, doc.subject), rc.to_unicode)


BOOKLET_MULTIPLE = 4  # a saddle-stitched booklet: each folded sheet carries four pages


def _render_booklet(doc: b.Document, page: str, on: date, fillable: bool, rc: RenderCache,
                    shelf: Shelf | None = None) -> bytes:
    """The booklet's pages, as many as fill whole sheets: the spare pages the count needs (lines for notes)
    go in before the back cover, so no page is left blank and the back cover stays the outside back."""
    used = 0
    while True:
        blocks = doc.blocks[:doc.spare_at] + tuple(x for s in doc.spares[:used] for x in s) + doc.blocks[doc.spare_at:]
        pdf, pages, _ = _render(replace(doc, blocks=blocks), page, on, fillable, rc, shelf=shelf)
        short = -pages % BOOKLET_MULTIPLE
        if not short:
            return pdf
        if used + short > len(doc.spares):
            raise HandbookError(f"the booklet has {pages} pages, and not enough spare pages to make whole "
                                f"sheets of {BOOKLET_MULTIPLE}")
        used += short  # each spare is one page, so one more layout normally settles it


# Text sizes tried, largest first, for a printable that must fit its pages; below the last, print gets hard to read.
# (The body keeps its size at every scale: headings, spacing and margins give way; see theme.FIXED_SIZES.)
FIT_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76, 0.7, 0.64, 0.58, 0.52)
# Then the theme's condensed fonts at the same sizes, at these scales: the last steps, for a long name and every flag.
NARROW_SCALES = (0.64, 0.52, 0.4, 0.3)


def _render_to_fit(doc: b.Document, paper: str, on: date, fillable: bool, max_pages: int,
                   rc: RenderCache, tagged: bool,
                   shelf: Shelf | None = None) -> tuple[bytes, tuple[Node, Marks] | None]:
    """The largest text size at which the document fits `max_pages`: a long name or many flags make the headings
    and spacing a little smaller (then the letters narrower) rather than spill onto another page.

    The steps run from roomiest to tightest, and a step that fits is followed by ones that fit: after the first
    step (which most printables fit) the last one is tried, then the steps between are halved, so a printable
    that needs the tight end costs a few layouts, not one per step."""
    steps = [(scale, False) for scale in FIT_SCALES] + [(scale, True) for scale in NARROW_SCALES]

    def fitted(i: int) -> tuple[bytes, tuple[Node, Marks] | None] | None:
        try:
            pdf, pages, tags = _render(doc, paper, on, fillable, rc, steps[i][0], tagged, steps[i][1], shelf)
        except LayoutError:  # a block that cannot split is taller than a page at this size
            return None
        return (pdf, tags) if pages <= max_pages else None

    best = fitted(0)
    if best is not None:
        return best
    lo, hi = 1, len(steps) - 1  # the answer is in steps[lo:hi + 1], if steps[hi] fits
    best = fitted(hi) if hi >= lo else None
    if best is None:
        raise HandbookError(f"'{doc.title}' does not fit on {max_pages} page(s) even with smaller text; "
                            "a shorter name would help")
    while lo < hi:
        mid = (lo + hi) // 2
        got = fitted(mid)
        if got is None:
            lo = mid + 1
        else:
            best, hi = got, mid
    return best


def _render(doc: b.Document, paper: str, on: date, fillable: bool, rc: RenderCache,
             scale: float = 1.0, tagged: bool = False,
             narrow: bool = False, shelf: Shelf | None = None) -> tuple[bytes, int, tuple[Node, Marks] | None]:
    """The PDF, its page count and, when `tagged`, its structure elements and what the final pass marked."""
    theme = load_theme(paper, scale, doc.templates, rc, narrow)
    root = Node("Document") if tagged else None
    refs = PageRefs()
    opts = RenderOptions(theme=theme, fillable=fillable, cache=rc, tags=root, refs=refs, shelf=shelf,
                         hyphenation=doc.hyphenation, slots=slots_for(doc.reader_texts))
    story: list[Flowable] = [refs]
    first = _first_template(doc)
    spans: list[tuple[b.Block, int, int]] = []  # each block's flowables: story[start:end]
    for i, block in enumerate(doc.blocks):
        if i == 0 and isinstance(block, b.Heading):
            block = b.Heading(block.text, block.level, block.key, new_page=False, landscape=block.landscape)
        start = len(story)
        story += to_flowables(block, opts)
        spans.append((block, start, len(story)))
    _keep_headings_with_boxes(story, theme.frame_width, theme.frame_height)
    buf = io.BytesIO()
    template = HandbookDoc(buf, doc, theme, first)
    shape = _story_shape(story, spans, template.text_width, opts)
    kinds = (paper, fillable, first, scale, "skeleton", _skeleton(shape)) if shape is not None else None
    known = rc.layouts.get((paper, fillable, first, shape)) if shape is not None else None
    if known is None and kinds is not None:  # no story of this shape yet: one with the same flowables, if any
        known = rc.layouts.get(kinds)
    _seed_contents(story, known[0] if known else None)
    template.page_total = known[1] if known else 0
    refs.shown.update(known[2] if known else {})
    story.append(PageCount(template))
    maker = _canvas_maker(on, rc, layout_first=known is None, tagged=tagged)
    template.multiBuild(story, maxPasses=6, canvasmaker=maker)
    if shape is not None and kinds is not None:
        _remember(rc.layouts, (paper, fillable, first, shape), story, template.page_total, refs.shown)
        _remember(rc.layouts, kinds, story, template.page_total, refs.shown)
    tags = (root, maker.last.tag_marks) if root is not None else None
    return buf.getvalue(), template.page_total, tags


def _keep_headings_with_boxes(story: list[Flowable], width: float, height: float) -> None:
    """A heading followed by a box that never splits (a recipe, a warning), or by columns of text that start
    with one, asks for room for both: ReportLab's keep-with-next groups them in a KeepTogether, which measures
    a nested box as taller than any page and so leaves the heading alone at the page foot (and the columns do
    not join such a group at all). The heading's CondPageBreak is raised to the pair's height."""
    for i in range(1, len(story) - 1):
        brk, head, nxt = story[i - 1], story[i], story[i + 1]
        if not (isinstance(brk, CondPageBreak) and isinstance(head, Heading1)):
            continue
        # Running text in columns starting with a box: the box starts the left column (see TwoColumns).
        first = nxt.first_at(width) if isinstance(nxt, TwoColumns) else (nxt, width)
        if first is None or not isinstance(first[0], Kept):
            continue
        box, box_w = first
        canv = Canvas(io.BytesIO())  # a scratch canvas to measure on; nothing is drawn
        need = (head.wrapOn(canv, width, height)[1] + head.getSpaceAfter() + box.getSpaceBefore()
                + box.wrapOn(canv, box_w, height)[1])
        if brk.height < need < height:
            story[i - 1] = CondPageBreak(need)


_MAX_LAYOUTS = 256  # kept in RenderCache.layouts: the contents' page numbers and page total, by story shape


def _shape(story: list[Flowable], width: float) -> tuple | None:
    """What decides where the pages break: each flowable's kind, style and size (and its rows, where it can
    split between them), at the frame's width. Stories of the same shape have the same pages.

    Used only to guess the page numbers before the first pass; multiBuild still checks the guess, and a wrong
    one costs an extra pass, never a wrong page number. None when the story has something not understood here.
    """
    out: list[tuple] = []
    for f in story:
        if isinstance(f, KeepTogether):
            inner = _shape(f._content, width)
            if inner is None:
                return None
            out.append(("keep", inner))
        elif isinstance(f, Contents):
            out.append(("contents",))  # its size follows from the headings, which are in the shape too
        elif isinstance(f, TwoColumns):
            out.append(f.shape(width))
        elif isinstance(f, (ActionFlowable, Spacer)):  # page breaks, template switches, spacers, conditional breaks
            out.append((type(f).__name__, getattr(f, "action", None), getattr(f, "nextTemplate", None),
                        getattr(f, "height", None)))
        else:
            try:
                _, h = f.wrapOn(None, width, 1e6)
            except Exception:  # the build will report it; just make no guess
                return None
            out.append((type(f).__name__, getattr(getattr(f, "style", None), "name", None), h,
                        tuple(getattr(f, "sizes", None) or ()), tuple(getattr(f, "_rowHeights", None) or ())))
    return tuple(out)


_LIVE = (ActionFlowable, Spacer)  # their shape is read off them, never measured (and may change, see above)


def _story_shape(story: list[Flowable], spans: list[tuple[b.Block, int, int]], width: float,
                 opts: RenderOptions) -> tuple | None:
    """_shape(story, width), with each block's measured part kept for the next build (flowables.measured): a
    block the same as in an earlier handbook, laid out with the same sizing, makes flowables of the same sizes,
    so only the blocks that carry the baby's name or dates are measured. Page breaks and spacers are read each
    time (a heading's break is raised to fit the box after it)."""
    out: list[tuple | None] = []
    at = 0
    for block, start, end in spans:
        out += [_shape_of(f, width) for f in story[at:start]]  # the collector before the first block
        flows = story[start:end]

        def parts(flows: list[Flowable] = flows) -> tuple:
            return tuple(None if isinstance(f, _LIVE) else _shape_of(f, width) for f in flows)

        kept = measured(opts, "shape", block, parts)
        if len(kept) != len(flows):  # not the flowables it was measured from: measured afresh
            kept = parts()
        for f, entry in zip(flows, kept, strict=True):
            out.append(_shape_of(f, width) if isinstance(f, _LIVE) else entry)
        at = end
    out += [_shape_of(f, width) for f in story[at:]]
    return None if None in out else tuple(out)


def _shape_of(f: Flowable, width: float) -> tuple | None:
    """One flowable's entry in _shape; None when it is not understood."""
    shape = _shape([f], width)
    return shape[0] if shape is not None else None


def _skeleton(shape: tuple) -> tuple:
    """The shape without the sizes: the same flowables in the same order. Another baby's handbook of the same
    skeleton (a name a few letters longer, other dates) nearly always breaks its pages in the same places, so
    its page numbers are the next best guess: a right guess saves the layout-only pass, a wrong one costs a
    drawing pass more, and multiBuild checks either way."""
    return tuple(("keep", _skeleton(x[1])) if x[0] == "keep" else x[:2] for x in shape)


def _remember(layouts: dict, key: tuple, story: list[Flowable], total: int, refs: dict[str, int]) -> None:
    tocs = [f for f in story if isinstance(f, Contents)]
    pages = tuple(e[2] for e in tocs[0]._entries) if tocs else ()
    if key not in layouts and len(layouts) >= _MAX_LAYOUTS:
        del layouts[next(iter(layouts))]
    layouts[key] = (pages, total, dict(refs))


def _headings(story: list[Flowable]) -> Iterator[Heading1]:
    for f in story:
        if isinstance(f, Heading1) and f.toc_level in CONTENTS_LEVELS:
            yield f
        elif isinstance(f, KeepTogether):
            yield from _headings(f._content)
        elif isinstance(f, OnePage):  # the same headings in every one of its ways
            yield from _headings(list(f.headings()))
        elif isinstance(f, TwoColumns):  # a section that runs on in the columns of the one before
            yield from _headings(f.items)


def _seed_contents(story: list[Flowable], pages: tuple[int, ...] | None) -> None:
    """Give the contents its entries before the first pass: with the page numbers of an earlier handbook of
    the same shape when there was one, else without.

    The entries' page numbers are drawn beside the text and never change the layout, so with the right
    entries in place the first pass lays out the final pages, and with the right numbers too it is the last.
    """
    tocs = [f for f in story if isinstance(f, Contents)]
    if not tocs:
        return
    heads = list(_headings(story))
    if pages is None or len(pages) != len(heads):
        pages = (0,) * len(heads)
    entries = []
    for h, page in zip(heads, pages, strict=True):
        text = _entry_text(h)
        entries.append((h.toc_level - 1, text, page, _key(h.toc_key, text)))
    for toc in tocs:
        toc.addEntries(entries)


class DatedCanvas(HandbookCanvas):
    """Dated as the handbook, so the same inputs give byte-identical files."""

    def __init__(self, *args, stamp: TimeStamp, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._doc._timeStamp = stamp


class TaggedDatedCanvas(TaggedCanvas, DatedCanvas):
    """A drawing pass of a tagged build: marks what it draws (see tagging.py)."""


class LayoutCanvas(DatedCanvas):
    """The first pass's canvas: it only finds where pages break; flowables and the footer draw nothing on it."""

    layout_only = True


class _CanvasMaker:
    """With `layout_first` the first canvas is layout-only; every other pass draws (the last one is the file,
    and stays as `last` for its marks)."""

    def __init__(self, on: date, rc: RenderCache, layout_first: bool, tagged: bool) -> None:
        self.stamp, self.rc, self.layout_first = _fixed_timestamp(on), rc, layout_first
        self.drawing = TaggedDatedCanvas if tagged else DatedCanvas
        self.made = 0
        self.last: Any = None

    def __call__(self, *args: Any, **kwargs: Any) -> Canvas:
        self.made += 1
        kind = LayoutCanvas if self.made == 1 and self.layout_first else self.drawing
        self.last = kind(*args, stamp=self.stamp, cache=self.rc, **kwargs)
        return self.last


def _canvas_maker(on: date, rc: RenderCache, layout_first: bool, tagged: bool = False) -> _CanvasMaker:
    return _CanvasMaker(on, rc, layout_first, tagged)
