"""Paragraphs that share their parse, line breaks and drawing with every paragraph of the same text and style;
the section headings and the table of contents built from them."""

from __future__ import annotations

import re
from ast import literal_eval
from functools import partial
from html import escape  # as xml.sax.saxutils.escape with quote=False, without loading urllib, http and ssl
from typing import Any, cast

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer
from reportlab.platypus.tableofcontents import TableOfContents, drawPageNumbers

from handbook.cache import remember
from handbook.render import tagging
from handbook.render.cache import RenderCache
from handbook.render.eventtape import CALLBACKS, Tape, record_events
from handbook.render.fonts import FACES
from handbook.render.panels import Grid
from handbook.render.replay import (
    FIXED_IN,
    SEEN_ONCE,
    UNSEEN,
    HandbookCanvas,
    Lazy,
    Ops,
    bound_draw,
    canvas_state,
    record,
)
from handbook.render.shelved import Record, ShelvedParagraphs


class _Parsed:
    """What a text in a style always gives: its parse, its line breaks per width and its drawing (Ops).

    Kept per build cache and shared by every paragraph with the same text and style, because ReportLab parses and
    breaks each paragraph anew in every build, every pass, and several times within a pass (keep-together
    groups, table sizing, table drawing), and draws it anew in every handbook. The paragraphs themselves are
    never shared: Platypus leaves state on a flowable after a build (postponed, keep-with-next), so each build
    gets fresh ones.

    With a shelf (see handbook.render.shelved), a fresh process starts from what an earlier one kept: `record`
    is what this holds, as read back from there.
    """

    def __init__(self, text: str, style: ParagraphStyle, bullet: str | None, kept: Record | None = None,
                 parse: Parse | None = None, named: bool = False) -> None:
        self.lines: dict[float, tuple] = {}
        self.tapes: dict[tuple, object] = {}  # Ops, None (not reusable), or a SEEN_ONCE / UNSEEN marker
        self.named = named  # its words hold the reader's own texts (the baby's name): see Para._ops
        if kept is not None:
            self.text, self.bullet, self.frags, self.reusable, lines, tapes = kept
            self.style = style
            self.events = False
            self.lines.update(lines)
            self.tapes.update((k, None if t is None else Ops.kept(*t)) for k, t in tapes.items())
            return
        if parse is None:
            first = Paragraph(text, style, bulletText=bullet)
        else:  # the parse of the same words with another reader's texts (see slots)
            first = Paragraph(parse[0], parse[1], bulletText=parse[2], frags=parse[3])
        self.text, self.style, self.bullet, self.frags = first.text, first.style, first.bulletText, first.frags
        self.reusable = _reusable(first)
        self.events = not self.reusable and _reusable(first, events=True)  # replayed as a Tape (eventtape)

    def record(self) -> Record:
        """What the shelf keeps of this: all but the style (its values are in the shelf's key, see shelved)."""
        tapes = {k: None if t is None else (t.fonts, t.template) for k, t in self.tapes.items()
                 if t is None or isinstance(t, Ops)}
        return self.text, self.bullet, self.frags, self.reusable, dict(self.lines), tapes

    def size(self) -> tuple[int, int]:
        """How much the shelf would keep (line breaks, tapes): more than it has means it should keep this."""
        return len(self.lines), sum(t is None or isinstance(t, Ops) for t in self.tapes.values())


def _parsed(cache: RenderCache, text: str, style: ParagraphStyle, bullet: str | None,
            slots: tuple[str, ...] = ()) -> _Parsed:
    """The text parsed in this style: by ReportLab, or as an earlier process kept it on the build's shelf, or
    from the parse of the same words with another reader's name in them (see slots)."""
    shelved: ShelvedParagraphs | None = cache.shelved
    key = shelved.key(text, style, bullet) if shelved is not None else None
    kept = shelved.find(key) if shelved is not None and key is not None else None
    if kept is None:
        named = any(value in text for value in slots)
        return _Parsed(text, style, bullet, parse=_slot_parse(cache, text, style, bullet, slots), named=named)
    parsed = _Parsed(text, style, bullet, kept)
    if shelved is not None and key is not None:
        shelved.shelved(key, parsed.size())
    return parsed


# A parse as ReportLab makes it: (text as cleaned, style, bullet as parsed, frags).
Parse = tuple[str, ParagraphStyle, Any, list]

# Private-use characters that stand for the reader's own texts (the baby's name) in a parse shared by every
# reader: the same words with another name parse to the same frags but for the name (see _slot_parse).
SLOTS = "\ue000\ue001\ue002\ue003"
_SLOT_SET = frozenset(SLOTS)
_TAG_SPLIT = re.compile(r"(<[^>]*>)")
SLOTTED_LIMIT = 2048  # RenderCache.slotted: the few dozen paragraphs of each edition and language that name the baby


def slottable(value: str) -> bool:
    """Whether a reader's text can stand in a shared parse as one character: a text ReportLab passes through as
    it is (no entity, no whitespace but single spaces between words, none of the slot characters)."""
    return bool(value) and "&" not in value and " ".join(value.split()) == value and _SLOT_SET.isdisjoint(value)


def slots_for(texts: tuple[str, ...]) -> tuple[str, ...]:
    """The reader's texts that paragraphs share a parse around (see _slot_parse): those that can stand as one
    character, longest first, so a name is never replaced inside a longer one."""
    return tuple(sorted(filter(slottable, set(texts)), key=lambda t: (-len(t), t)))[:len(SLOTS)]


def _slotted(text: str, slots: tuple[str, ...]) -> str | None:
    """`text` with each of `slots` (longest first) in its words replaced by its slot character, or None when
    none is there. Only the words between tags, and only where they have no entity: a name that is also the
    word of a tag or an entity (`b`, `amp`) is left as it is there, so the parse cannot read it otherwise."""
    if not _SLOT_SET.isdisjoint(text):
        return None
    parts = _TAG_SPLIT.split(text)
    changed = False
    for i in range(0, len(parts), 2):  # the words between tags
        words = parts[i]
        if "&" in words:
            continue
        for slot, value in zip(SLOTS, slots, strict=False):
            if value in words:
                words = words.replace(value, slot)
                changed = True
        parts[i] = words
    return "".join(parts) if changed else None


def _filled(text: str, slots: tuple[str, ...]) -> str:
    for slot, value in zip(SLOTS, slots, strict=False):
        text = text.replace(slot, value)
    return text


def _fill_frags(frags: list, slots: tuple[str, ...]) -> list:
    """Copies of the frags that hold a slot character, with the reader's text in its place; the rest shared."""
    out = []
    for f in frags:
        text = getattr(f, "text", None)
        out.append(f.clone(text=_filled(text, slots)) if isinstance(text, str) and not _SLOT_SET.isdisjoint(text)
                   else f)
    return out


def _slot_parse(cache: RenderCache, text: str, style: ParagraphStyle, bullet: str | None,
                slots: tuple[str, ...]) -> Parse | None:
    """ReportLab's parse of `text`, made from the parse of the same words with slot characters for the reader's
    texts (kept in RenderCache.slotted), or None to parse it directly.

    Every handbook names its baby in a few dozen paragraphs; parsing each of them was a twelfth of a new baby's
    build. The parser passes plain characters through untouched, so the name in place of its slot gives the
    frags the text itself parses to; not when the style transforms case or letters (textTransform, greek)."""
    slotted = _slotted(text, slots) if slots else None
    if slotted is None or getattr(style, "textTransform", None):  # applied after parsing: not in the frags
        return None

    def parse() -> Parse | None:
        p = Paragraph(slotted, style, bulletText=bullet)
        bullets = p.bulletText if isinstance(p.bulletText, list) else []
        if any(getattr(f, "textTransform", None) or getattr(f, "greek", 0) for f in [*p.frags, *bullets]):
            return None
        return p.text, p.style, p.bulletText, p.frags

    template = remember(cache.slotted, (slotted, style, bullet), parse, limit=SLOTTED_LIMIT)
    if template is None:
        return None
    cleaned, parsed_style, parsed_bullet, frags = template
    if isinstance(parsed_bullet, list):
        parsed_bullet = _fill_frags(parsed_bullet, slots)
    elif isinstance(parsed_bullet, str):
        parsed_bullet = _filled(parsed_bullet, slots)
    return _filled(cleaned, slots), parsed_style, parsed_bullet, _fill_frags(frags, slots)


def _reusable(p: Paragraph, events: bool = False) -> bool:
    """Drawing the paragraph only writes operators: no links, anchors, callbacks or images, no transparency,
    and only characters whose codes are fixed in every document, in faces every document seeds (not the
    condensed ones a printable may fit in). With `events`, internal links and the callbacks a Tape may call
    are allowed too (see eventtape)."""
    frags = list(p.frags) + (p.bulletText if isinstance(p.bulletText, list) else [])
    if p.bulletText and p.style.bulletFontName not in FACES:
        return False
    if isinstance(p.bulletText, str) and not set(p.bulletText) <= FIXED_IN[p.style.bulletFontName]:
        return False
    for f in frags:
        font = getattr(f, "fontName", None)
        links, call = getattr(f, "link", None), getattr(f, "cbDefn", None)
        if events:
            if any(not str(link).startswith("#") for _, link in links or ()):
                return False
            if call is not None and (getattr(call, "kind", None) != "onDraw" or call.name not in CALLBACKS):
                return False
        elif links or call is not None:
            return False
        if font not in FACES:
            return False
        for colour in (getattr(f, "textColor", None), getattr(f, "backColor", None)):
            if getattr(colour, "alpha", None) not in (None, 1):
                return False
        if not set(getattr(f, "text", "")) <= FIXED_IN[font]:
            return False
    return "/F" not in p.getPlainText() + (p.bulletText if isinstance(p.bulletText, str) else "")


class _Divides(Exception):
    """A split is about to divide a paragraph's lines between two parts (see Para.split)."""


class Para(Lazy, Paragraph):
    """A Paragraph that reuses the parse and line breaks of the same text in the same style (see _Parsed)."""

    _shared: _Parsed | None = None
    blPara: Any  # set by Paragraph.wrap; declared for the type checker (ReportLab has no type hints)
    _wrapWidths: Any
    _live = False  # drawOn already chose to draw live

    @classmethod
    def of(cls, cache: RenderCache, text: str, style: ParagraphStyle, bullet: str | None = None,
           slots: tuple[str, ...] = (), **attrs) -> Para:
        """A paragraph sharing the parse kept in `cache` (the styles come from the same cache, so they key it);
        `slots`, the reader's texts in it that other readers' paragraphs have in their place (see _slot_parse)."""
        shared = remember(cache.parsed, (text, style, bullet), lambda: _parsed(cache, text, style, bullet, slots),
                          limit=4096)
        shelved: ShelvedParagraphs | None = cache.shelved
        if shelved is not None and shared.style is style:  # (a <para> tag's own style is not in the key)
            key = shelved.key(text, style, bullet)
            if key is not None:
                shelved.touch(key, shared)
        p = cls(shared.text, shared.style, bulletText=shared.bullet, frags=shared.frags)
        p._shared = shared
        p.__dict__.update(attrs)
        return p

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        shared = self._shared
        if shared is None:  # a part of a split paragraph, or one that split: its own breaks, kept per width
            own = self.__dict__.get("_own_lines")
            if own is not None and own[0] == avail_w:
                self.blPara, self._wrapWidths, self.width, self.height = own[1:]
                return self.width, self.height
            w, h = super().wrap(avail_w, avail_h)
            self._own_lines = (avail_w, self.blPara, self._wrapWidths, w, h)
            return w, h
        done = shared.lines.get(avail_w)
        if done is None:
            w, h = super().wrap(avail_w, avail_h)
            shared.lines[avail_w] = (self.blPara, self._wrapWidths, w, h)
            return w, h
        self.blPara, self._wrapWidths, self.width, self.height = done
        return self.width, self.height

    def _ops(self, canv: Canvas) -> Ops | Tape | None:
        """The operators of the same paragraph drawn before at this width (recorded now if it was not), or
        None when they cannot be reused safely."""
        shared = self._shared
        if shared is None or not (shared.reusable or shared.events) or not isinstance(canv, HandbookCanvas):
            return None
        key = (self.width, *canvas_state(canv))
        ops = shared.tapes.get(key, UNSEEN)
        if ops is UNSEEN and shared.named and canv.cache.shelved is None:  # first sight of words naming this
            shared.tapes[key] = SEEN_ONCE  # reader: drawn live, as most are never drawn again
            return None
        # Words every handbook shares (or any, with a shelf for the next process) are recorded at first sight, as
        # recording costs what drawing does; live and replayed drawing give the same bytes.
        if ops is UNSEEN or ops is SEEN_ONCE:
            drawing = bound_draw(self, lambda: Paragraph.draw(self))
            ops = shared.tapes[key] = record_events(drawing, canv) if shared.events else record(drawing, canv)
        return cast("Ops | Tape | None", ops)

    def drawOn(self, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """As Flowable.drawOn (save the state, move to x, y, draw, restore) in one go when the drawing is
        replayed: the same operators, without a round of canvas calls per paragraph."""
        ops = None if getattr(canv, "layout_only", False) else self._ops(canv)
        mark = tagging.begin(canv, self.__dict__.get("tag"))
        if ops is None or self._hAlignAdjust(x, _sW) != x:
            self._live = ops is None  # decided here: draw() must not count this sighting a second time
            try:
                super().drawOn(canv, x, y, _sW)
            finally:
                self._live = False
        elif isinstance(ops, Tape):  # its links are placed through the canvas's own transform: keep it in step
            canv.saveState()
            canv.translate(x, y)
            ops.play(canv)
            canv.restoreState()
        else:
            canv.addLiteral(f"q\n1 0 0 1 {fp_str(x, y)} cm")
            ops.play(canv)
            canv.addLiteral("Q")
        tagging.end(canv, mark)

    def draw(self) -> None:
        ops = None if self._live else self._ops(self.canv)
        if ops is None:
            super().draw()
        else:
            ops.play(self.canv)

    def _get_split_blParaFunc(self):  # ReportLab's name
        """ReportLab's function that divides the lines, asked for just before it edits them (see split)."""
        if self.__dict__.get("_probing"):
            raise _Divides
        return super()._get_split_blParaFunc()

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        if self._shared is not None:
            # Most splits find no room for a line, or room for all: decided on the shared breaks, which stay.
            self._probing = True
            try:
                whole = super().split(avail_w, avail_h)
            except _Divides:
                whole = None
            finally:
                del self._probing
            if whole is not None:
                return whole
            # Dividing edits the words of the broken lines (a trailing space per line): break privately.
            self._shared = None
            self.__dict__.pop("blPara", None)
        self.__dict__.pop("_own_lines", None)  # and the edited breaks are never reused by a later wrap
        parts = super().split(avail_w, avail_h)
        self.__dict__.pop("_own_lines", None)
        node = self.__dict__.get("tag")
        for part in parts:  # a paragraph split over pages stays one structure element
            tagging.tag(part, node)
        return parts


class Heading1(Para):
    """A section heading that the document turns into a TOC entry and a bookmark (toc_key, toc_level)."""

    toc_key = ""
    toc_level = 1


class Contents(Lazy, TableOfContents):
    """The table of contents; skips drawing on the layout-only pass.

    Its rows are built as TableOfContents builds them (same markup, same page-number callback), but from
    shared paragraphs (see Para.of), which ReportLab's own wrap would parse and break anew each time. Platypus
    wraps it twice per pass (in the keep-with-next group of its title, then alone); the second time reuses the
    first, as long as it is on the same canvas (each pass's canvas needs the page-number callback).
    """

    _wrapped: tuple | None = None
    width: float  # set by wrap, as on every Flowable
    height: float
    cache: RenderCache  # set by its maker: where its rows' paragraphs are shared

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        entries = tuple(self._lastEntries) or ((0, "\u00a0", 0, None),)
        done = self._wrapped
        if done is not None and done[0] is self.canv and done[1] == (avail_w, entries):
            return self.width, self.height
        self.canv.setNamedCB("drawTOCEntryEnd", partial(self._entry_end, avail_w, avail_h))
        rows: list[list[Flowable]] = []
        toc = self.__dict__.get("tag")
        for i, (level, text, page, key) in enumerate(entries):
            link = toc.slot(i, "TOCI").slot(0, "Link") if toc is not None else None
            if link is not None:
                link.alt = text
            style = self.getLevelStyle(level)
            key_val = None
            text = escape(text, quote=False)  # the heading's plain text: a name like 'Bo <b>' prints as typed here too
            if key:
                text = f'<a href="#{key}">{text}</a>'
                key_val = repr(key).replace(",", "\\x2c").replace('"', "\\x2c")  # as TableOfContents does
            label = f"{page},{level},{key_val}"
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            entry = Para.of(self.cache, f'{text}<onDraw name="drawTOCEntryEnd" label="{label}"/>', style)
            rows.append([tagging.tag(entry, link)])
        self._table = Grid(rows, colWidths=(avail_w,), style=self.tableStyle)
        self.width, self.height = self._table.wrapOn(self.canv, avail_w, avail_h)
        self._wrapped = (self.canv, (avail_w, entries))
        return self.width, self.height

    def _entry_end(self, avail_w: float, avail_h: float, canvas: Canvas, kind: str, label: str) -> None:
        """After each entry: the dots and the page number, which links to the heading."""
        page_text, level_text, key_text = label.split(",")
        page, level, key = int(page_text), int(level_text), literal_eval(key_text)
        dot = " . " if self.dotsMinLevel >= 0 and level >= self.dotsMinLevel else ""
        if self.formatter:
            page = self.formatter(page)
        drawPageNumbers(canvas, self.getLevelStyle(level), [(page, key)], avail_w, avail_h, dot)
