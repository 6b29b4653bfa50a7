"""Drawing recorded once per build cache and replayed in every handbook.

A batch draws the same paragraphs and figures hundreds of times; ReportLab would redo the same canvas calls
(and compress the same figure streams) each time. Here they are recorded as PDF operators once and added to
each document as they are, with the document's own font names filled in.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable
from functools import partial
from itertools import pairwise

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handbook.cache import remember
from handbook.render.cache import RenderCache
from handbook.render.fonts import FACES, register_fonts
from handbook.render.pdfwrite import fast, speed_up


class Lazy:
    """Mixin: draws nothing on a layout-only canvas.

    The document's first pass only finds page numbers for the contents and the footer; its canvas is thrown
    away, so drawing on it would be wasted work.
    """

    def drawOn(self, canv, x: float, y: float, _sW: float = 0) -> None:
        if getattr(canv, "layout_only", False):
            return
        super().drawOn(canv, x, y, _sW)  # type: ignore[misc]  # a mixin: the flowable it is mixed into draws


# Characters given fixed codes in every document's font subsets before anything is drawn (see seed_fonts).
SEED_CHARS = "•·—–°…’‘“”\u00a0"  # and the no-break space the compose stage puts between numbers and units
FIXED_CHARS = frozenset(map(chr, range(32, 127))) | frozenset(SEED_CHARS)
# The shipped theme's box symbols and the locales' oil marks, seeded in the bold face only: box titles and
# verdicts are set in it, and every handbook has some. (Another theme's symbols are drawn live.)
BOLD_SEEDS = "⚠ℹ◷✓✗"
FACE_SEEDS = {face: SEED_CHARS + BOLD_SEEDS if face.endswith("-Bold") else SEED_CHARS for face in FACES}
FIXED_IN = {face: FIXED_CHARS | frozenset(seeds) for face, seeds in FACE_SEEDS.items()}  # by face


def seed_fonts(canv: Canvas) -> None:
    """Give SEED_CHARS the same subset codes in every document, before anything is drawn.

    ReportLab numbers a font's characters in the order a document first uses them (ASCII keeps its own codes),
    so without this the same paragraph encodes its text differently from one handbook to the next, and its
    drawing could not be reused (see Para.draw). Costs a few glyphs in each embedded subset.
    """
    for name, seeds in FACE_SEEDS.items():
        pdfmetrics.getFont(name).splitString(seeds, canv._doc)


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

    @classmethod
    def kept(cls, fonts: tuple[tuple[str, int], ...], template: str) -> Ops:
        """Operators recorded by an earlier process, from what `fonts` and `template` held there."""
        ops = cls.__new__(cls)
        ops.fonts, ops.template = fonts, template
        return ops

    def text(self, names: tuple[str, ...]) -> str:
        return self.template % names if self.fonts else self.template

    def play(self, canv: HandbookCanvas) -> None:
        if self.fonts:
            canv.addLiteral(self.template % tuple(map(canv.font_name, self.fonts)))
        elif self.template:
            canv.addLiteral(self.template)


_FONT_REF = re.compile(r"/(F\d+)\+(\d+)(?= [0-9.]+ Tf)")


_OTHER_FONT = re.compile(r"/F\d+ [0-9.]+ Tf")


# A compressed stream for these font names, made with the given function unless known already.
Packed = Callable[[tuple[str, ...], Callable[[], bytes]], bytes]


class HandbookCanvas(Canvas):
    """A canvas whose fonts give the same characters the same codes in every handbook (see seed_fonts), so
    drawing recorded once (Ops) can be played on it."""

    def __init__(self, *args, cache: RenderCache, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cache = cache  # the build's render cache: what flowables drawn on this canvas may reuse
        self._font_names: dict[tuple[str, int], str] = {}
        self._forms: dict[Ops, str] = {}
        self._doc.__class__ = _Document  # its font files compressed once per cache (see _Document)
        self._doc.packed_fonts = cache.packed_fonts
        self._doc.font_subsets = cache.font_subsets
        self._doc.pdf_names = cache.pdf_names
        seed_fonts(self)

    def place(self, ops: Ops, scale: float = 1.0, packed: Packed | None = None) -> None:
        """Draw recorded operators as a form XObject, `scale` times their size: defined once per document, with
        its compressed stream made once per cache (a figure's operators are most of a page's bytes, and
        compressing them most of the time spent writing the file). `packed`, given the font names and the way to
        compress, gives the stream from elsewhere (a figure's record on the shelf)."""
        name = self._forms.get(ops)
        if name is None:
            names = tuple(map(self.font_name, ops.fonts))
            make: Callable[[], bytes] = lambda: _pack(ops, names)  # noqa: E731
            data = remember(self.cache.packed, (ops, names), make if packed is None else lambda: packed(names, make))
            form = pdfdoc.PDFFormXObject(-_FAR, -_FAR, _FAR, _FAR)  # no clipping beyond what the figure does
            form.Contents = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFName("FlateDecode")}), data)
            name = self._forms[ops] = f"HandbookFigure{len(self._forms) + 1}"
            self._doc.addForm(name, form)
        if scale == 1:
            self.doForm(name)
            return
        self.saveState()
        self.transform(scale, 0, 0, scale, 0, 0)
        self.doForm(name)
        self.restoreState()

    def font_name(self, ref: tuple[str, int]) -> str:
        """This document's name for a font subset; the first time, this also adds the font to the document."""
        name = self._font_names.get(ref)
        if name is None:
            name = self._font_names[ref] = pdfmetrics.getFont(ref[0]).getSubsetInternalName(ref[1], self._doc)
        return name


_FAR = 10000


class _Document(pdfdoc.PDFDocument):
    """ReportLab's document, whose embedded font subsets are compressed once per cache.

    A handbook's font files are a third of its bytes, and most handbooks use the same characters, so their
    subsets are the same bytes build after build; compressing them again was a twentieth of each build. The
    stream is written exactly as ReportLab writes it (FlateDecode, the same zlib output).
    """

    packed_fonts: dict
    pdf_names: dict  # dictionary key → the key as a PDF name (pdfwrite)
    font_subsets: dict  # (font, subset name, characters) → _Subset
    delayedFonts: list  # ReportLab's, untyped

    def GetPDFData(self, canvas: Canvas) -> bytes:
        for font in self.delayedFonts:  # as ReportLab does first thing, so the font files exist now
            if type(font) is ttfonts.TTFont and self.compression:
                _add_font(font, self)
            else:
                font.addObjects(self)
        self.delayedFonts = []
        for obj in self.idToObject.values():
            if isinstance(obj, pdfdoc.PDFStream) and "Length1" in obj.dictionary.dict \
                    and obj.filters == [pdfdoc.PDFZCompress] and isinstance(obj.content, bytes):
                obj.content = remember(self.packed_fonts, obj.content, partial(pdfdoc.PDFZCompress.encode, obj.content),
                                       limit=32)
                obj.filters = None
                obj.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
        if fast(self):  # not encrypted, no comments in the file
            for page in self.Pages.pages:
                _pack_page(page)
        # The rest of ReportLab's GetPDFData, with the objects given faster formatting (pdfwrite) once the
        # outline has made its entries.
        self.info.invariant = self.invariant
        self.info.digest(self.signature)
        self.Reference(self.Catalog)
        self.Reference(self.info)
        self.Outlines.prepare(self, canvas)
        if self.Outlines.ready < 0:
            self.Catalog.Outlines = None
        speed_up(self)
        return self.format()


def _pack_page(page: pdfdoc.PDFPage) -> None:
    """Give the page the content stream ReportLab would make for it, with its filters applied already.

    ReportLab turns the ASCII85 text of the compressed stream into bytes through its pdfdoc codec, a
    character map that cost as much as compressing the page; ASCII85 text is ASCII, which that codec leaves
    as it is, so encoding it as ASCII gives the same bytes. Done only for files without comments (see
    pdfwrite.fast): with comments on, ReportLab writes one naming the stream.
    """
    if page.Contents or not page.stream or not page.compression or page.Override_default_compilation:
        return  # ReportLab makes these streams itself, its own way
    filters = [pdfdoc.PDFBase85Encode, pdfdoc.PDFZCompress] if rl_config.useA85 else [pdfdoc.PDFZCompress]
    content = page.stream
    for f in reversed(filters):
        content = f.encode(content)
    stream = pdfdoc.PDFStream(content=content.encode("ascii") if isinstance(content, str) else content)
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(f.pdfname) for f in filters])
    page.Contents = stream


class _Subset:
    """What one font subset always gives, whichever document it is in: its widths, its ToUnicode map and its
    font file (both compressed as ReportLab compresses them)."""

    __slots__ = ("cmap", "file", "length1", "widths")

    def __init__(self, face: ttfonts.TTFontFile, base_name: str, subset: list[int]) -> None:
        self.widths = _Formatted(pdfdoc.PDFArray(list(map(face.getCharWidth, subset))).format(pdfdoc.DummyDoc()))
        self.cmap = pdfdoc.PDFZCompress.encode(ttfonts.makeToUnicodeCMap(base_name, subset))
        font_file = face.makeSubset(subset)
        self.length1 = len(font_file)
        self.file = pdfdoc.PDFZCompress.encode(font_file)


class _Formatted(pdfdoc.PDFObject):
    """A direct object formatted once already: a subset's Widths array, the same bytes in every document it is
    in (formatting its few hundred numbers one by one was most of the time spent writing each font)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        return self.data


def _packed_stream(data: bytes, **entries: object) -> pdfdoc.PDFStream:
    """A stream whose content is compressed already: the same object ReportLab writes after compressing it."""
    stream = pdfdoc.PDFStream()
    for key, value in entries.items():
        stream.dictionary[key] = value
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
    stream.content = data
    return stream


def _add_font(font: ttfonts.TTFont, doc: _Document) -> None:
    """TTFont.addObjects, with each subset's widths, ToUnicode map and font file made once per cache (see
    _Subset): most handbooks use the same characters of each face, and making the subset file and the map and
    compressing them was a twentieth of writing the file. The objects are the ones ReportLab makes, in its order."""
    try:
        state = font.state[doc]
    except KeyError:
        state = font.state[doc] = ttfonts.TTFont.State(font._asciiReadable)
    state.frozen = 1
    face = font.face
    for n, subset in enumerate(state.subsets):
        internal = font.getSubsetInternalName(n, doc)[1:]
        base_name = b"".join((ttfonts.SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
        made = remember(doc.font_subsets, (font.fontName, base_name, tuple(subset)),
                        partial(_Subset, face, base_name, subset), limit=64)
        pdf_font = pdfdoc.PDFTrueTypeFont()
        pdf_font.__Comment__ = f"Font {font.fontName} subset {n}"
        pdf_font.Name = internal
        pdf_font.BaseFont = base_name
        pdf_font.FirstChar = 0
        pdf_font.LastChar = len(subset) - 1
        pdf_font.Widths = made.widths
        pdf_font.ToUnicode = doc.Reference(_packed_stream(made.cmap), "toUnicodeCMap:" + base_name)
        font_file = doc.Reference(_packed_stream(made.file, Length1=made.length1),
                                  f"fontFile:{face.filename}({base_name})")
        flags = face.flags & ~ttfonts.FF_NONSYMBOLIC | ttfonts.FF_SYMBOLIC
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor",
            "Ascent": face.ascent,
            "CapHeight": face.capHeight,
            "Descent": face.descent,
            "Flags": flags,
            "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(base_name),
            "ItalicAngle": face.italicAngle,
            "StemV": face.stemV,
            "FontFile2": font_file,
            "MissingWidth": face.defaultWidth,
        })
        pdf_font.FontDescriptor = doc.Reference(descriptor, "fontDescriptor:" + base_name)
        doc.Reference(pdf_font, internal)
        doc.idToObject["BasicFonts"].dict[internal] = pdf_font
    del font.state[doc]


def _pack(ops: Ops, names: tuple[str, ...]) -> bytes:
    return zlib.compress(pdfdoc.pdfdocEnc(ops.text(names)))


class _Recorder(Canvas):
    """The scratch canvas things are first drawn on, to keep their operators (see Ops)."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), invariant=1, initialFontName=register_fonts())
        seed_fonts(self)

    def record(self, draw: Callable[[Canvas], None], like: Canvas) -> Ops | None:
        """The operators `draw` gives on a canvas in the state `like` is in; None if they name a font that is
        not one of ours (a base-14 font would have to be added to the document as well)."""
        pieces = self.take(draw, like, [])
        return pieces[0] if pieces is not None else None

    def take(self, draw: Callable[[Canvas], None], like: Canvas, cuts: list[int]) -> list[Ops] | None:
        """As record, cut into pieces where the length of the canvas's operator list was `cuts` (filled in
        while `draw` runs): len(cuts) + 1 pieces."""
        self.setFont(like._fontname, like._fontsize, like._leading)
        self.setLineWidth(like._lineWidth)
        mark = len(self._code)
        draw(self)
        code = self._code[mark:]
        del self._code[mark:]
        bounds = [0, *(at - mark for at in cuts), len(code)]
        texts = ["\n".join(code[a:b]) for a, b in pairwise(bounds)]  # the canvas joins its operators so too
        if any(_OTHER_FONT.search(t) for t in texts):
            return None
        names = {v.lstrip("/"): k for k, v in self._doc.fontMapping.items()}
        return [Ops(t, names) for t in texts]


def recorder(like: HandbookCanvas) -> _Recorder:
    """The scratch canvas of `like`'s cache (one per cache: recording leaves the scratch canvas in a state
    another recording must not see half-way)."""
    cache = like.cache
    if cache.recorder is None:
        cache.recorder = _Recorder()
    return cache.recorder


def record(draw: Callable[[Canvas], None], like: HandbookCanvas) -> Ops | None:
    """`draw` recorded on the scratch canvas of `like`'s cache."""
    return recorder(like).record(draw, like)


def bound_draw(flowable: Flowable, draw: Callable[[], None]) -> Callable[[Canvas], None]:
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


def canvas_state(canv: Canvas) -> tuple:
    """What of the canvas's state a recorded drawing may depend on."""
    return canv._fontname, canv._fontsize, canv._leading, canv._lineWidth


UNSEEN, SEEN_ONCE = object(), object()  # a drawing not seen yet, seen once (drawn live): record and replay
DRAWN_LIMIT = 4096  # RenderCache.drawn: a handbook's footers, panels and table rules, for a few editions


def replayed(canv: Canvas, key: object, draw: Callable[[Canvas], None], *colours: object) -> None:
    """`draw(canv)` as the same operators played from the cache's RenderCache.drawn: recorded the first time `key`
    is seen (recording costs what drawing does, and the next handbook draws the same) and played from then on.
    `key` must hold all the drawing depends on besides canvas_state. Always live on another canvas, with any of the
    `colours` it sets transparent (see opaque), or when it names a font not ours (see record)."""
    if not isinstance(canv, HandbookCanvas) or not opaque(*colours):
        draw(canv)
        return
    store = canv.cache.drawn
    key = (key, *canvas_state(canv))
    ops = store.get(key, UNSEEN)
    if ops is UNSEEN:
        ops = remember(store, key, lambda: record(draw, canv), limit=DRAWN_LIMIT)
    if ops is None:
        draw(canv)
    else:
        ops.play(canv)


def opaque(*colours: object) -> bool:
    """None of `colours` is transparent (transparency adds a graphics state to the document: never replayed)."""
    return all(getattr(c, "alpha", None) in (None, 1) for c in colours)
