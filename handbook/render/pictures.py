"""Vector figures and the clinic logo as flowables; figures are placed as form XObjects recorded once."""

from __future__ import annotations

import base64
import copy
import json
import zlib
from collections.abc import Callable, Iterator

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.shapes import Image as RLImage
from reportlab.platypus import Flowable, Image

from handbook.cache import remember
from handbook.render import tagging
from handbook.render.cache import Shelf
from handbook.render.fonts import FACES
from handbook.render.replay import FIXED_CHARS, HandbookCanvas, Lazy, Ops, canvas_state, record


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "contents", None) or ():
        yield from _nodes(child)


def _figure_ops(drawing: Drawing, like: HandbookCanvas) -> Ops | None:
    """The drawing's operators, or None if it cannot be reused: images and transparency add resources to the
    document, and text is only reusable in characters whose codes are fixed (see seed_fonts)."""
    for n in _nodes(drawing):
        if isinstance(n, RLImage) or getattr(n, "fillOpacity", None) is not None \
                or getattr(n, "strokeOpacity", None) is not None:
            return None
        if isinstance(n, String) and not set(n.text) <= FIXED_CHARS:
            return None
    return record(lambda canv: renderPDF.draw(drawing, canv, 0, 0), like)


def _placement(drawing: Drawing, like: HandbookCanvas) -> tuple[Ops, float] | None:
    """The figure's operators at its own size and the scale to place them at, or None (see _figure_ops).

    The same figure printed at two widths (the routine card's thumbnails and the technique pages) differs only
    by its scale, so it is recorded unscaled and the document carries one form per figure, placed at each size
    with a `cm`: the figures are most of a handbook's bytes.
    """
    a, b, c, d, e, f = drawing.transform
    if b or c or e or f or a != d or not a:  # not a plain scale: record it as it is
        ops = _figure_ops(drawing, like)
        return None if ops is None else (ops, 1.0)
    unit = copy.copy(drawing)  # shares the nodes (drawing never changes them), with no scale of its own
    unit.transform = (1, 0, 0, 1, 0, 0)
    ops = _figure_ops(unit, like)
    return None if ops is None else (ops, float(a))


SKETCH_FORMAT = 3  # of the record kept on a shelf; a new layout of it gets a new number


class Sketch:
    """One figure at one size and skin tone: its size, its alignment and its operators for each canvas state
    it was drawn in. The Drawing itself is made only when something is not known yet, so a fresh process
    whose shelf holds the record (made by an earlier process from the same code) never builds or renders it.

    `name` says everything the drawing depends on besides the code (figure, width, tones); the shelf's
    fingerprint covers the code. Kept in the build cache (RenderCache.figures), one per name.
    """

    __slots__ = ("_drawing", "_make", "_read", "h_align", "name", "ops", "scale", "size", "streams")

    def __init__(self, make: Callable[[], Drawing], name: str | None = None) -> None:
        self._make = make
        self._drawing: Drawing | None = None
        self.name = name  # None: never kept on a shelf
        self.size: tuple[float, float] | None = None
        self.h_align: str | None = None
        self.scale = 1.0  # the operators are the figure at its own size, placed `scale` times it (_placement)
        self.ops: dict[tuple, Ops | None] = {}  # canvas state → operators (None: drawn live each time)
        self.streams: dict[tuple[tuple, tuple[str, ...]], bytes] = {}  # (state, font names) → compressed form
        self._read = name is None

    @classmethod
    def of(cls, drawing: Drawing) -> Sketch:
        """A drawing already made (a QR code), kept in memory only."""
        sketch = cls(lambda: drawing)
        sketch._drawing = drawing
        return sketch

    def drawing(self) -> Drawing:
        if self._drawing is None:
            self._drawing = self._make()
        return self._drawing

    def _load(self, shelf: Shelf | None) -> None:
        """What the shelf knows of this sketch, once (a record that does not read back whole is ignored)."""
        if self._read or shelf is None or self.name is None:
            return
        self._read = True
        data = shelf.get(self._shelf_name())
        kept = _parse(data) if data is not None else None
        if kept is not None:
            self.size, self.h_align, self.scale, ops, streams = kept
            self.ops = {**ops, **self.ops}
            self.streams = {**streams, **self.streams}

    def _shelf_name(self) -> str:
        # zlib's own version too: the streams must be what this process's zlib would make
        return f"sketch-{SKETCH_FORMAT} zlib-{zlib.ZLIB_RUNTIME_VERSION} {self.name}"

    def _keep(self, shelf: Shelf | None) -> None:
        if shelf is None or self.name is None or self.size is None:
            return
        record = {"size": list(self.size), "h_align": self.h_align, "scale": self.scale,
                  "ops": [[list(state), None if ops is None else [list(map(list, ops.fonts)), ops.template]]
                          for state, ops in self.ops.items()],
                  "streams": [[list(state), list(names), base64.b64encode(data).decode("ascii")]
                              for (state, names), data in self.streams.items()]}
        shelf.put(self._shelf_name(), json.dumps(record, ensure_ascii=False).encode("utf-8"))

    def align(self, shelf: Shelf | None) -> str:
        self._load(shelf)
        if self.h_align is None:
            self.h_align = self.drawing().hAlign
        return self.h_align

    def wrap(self, shelf: Shelf | None) -> tuple[float, float]:
        self._load(shelf)
        if self.size is None:
            self.size = self.drawing().wrap(0, 0)  # a Drawing's size does not depend on the room offered
            self._keep(shelf)
        return self.size

    def stream(self, state: tuple, shelf: Shelf | None) -> Callable[[tuple[str, ...], Callable[[], bytes]], bytes]:
        """The compressed form of the operators for `state` under these font names: kept, or made and kept."""

        def packed(names: tuple[str, ...], make: Callable[[], bytes]) -> bytes:
            data = self.streams.get((state, names))
            if data is None:
                data = self.streams[state, names] = make()
                self._keep(shelf)
            return data

        return packed

    def ops_for(self, canv: HandbookCanvas, shelf: Shelf | None) -> tuple[Ops, float] | None:
        """The operators to place and their scale, or None (drawn live). The same figure at two widths has the
        same operators at its own size: one Ops for both (RenderCache.figure_units), so one form per document."""
        self._load(shelf)
        state = canvas_state(canv)
        if state not in self.ops:
            placed = _placement(self.drawing(), canv)
            self.ops[state] = None if placed is None else placed[0]
            if placed is not None:
                self.scale = placed[1]
            self.wrap(shelf)
            self._keep(shelf)
        ops = self.ops[state]
        if ops is None:
            return None
        return remember(canv.cache.figure_units, (ops.template, ops.fonts), lambda: ops), self.scale


Kept = tuple[tuple[float, float], str, float, dict[tuple, Ops | None], dict[tuple[tuple, tuple[str, ...]], bytes]]


def _parse(data: bytes) -> Kept | None:
    """A kept record back as (size, alignment, operators by state, compressed streams by state and font names),
    or None if any part is not as written."""
    try:
        record = json.loads(data.decode("utf-8"))
        w, h = record["size"]
        align, scale = record["h_align"], record["scale"]
        if not (isinstance(w, float | int) and isinstance(h, float | int) and isinstance(align, str)
                and isinstance(scale, float | int)):
            return None
        ops: dict[tuple, Ops | None] = {}
        for state, kept in record["ops"]:
            if not (isinstance(state, list) and len(state) == 4):
                return None
            if kept is None:
                ops[tuple(state)] = None
                continue
            fonts = tuple((face, subset) for face, subset in kept[0])
            template = kept[1]
            if not (isinstance(template, str) and all(face in FACES and isinstance(subset, int)
                                                      for face, subset in fonts)):
                return None
            ops[tuple(state)] = Ops.kept(fonts, template)
        streams: dict[tuple[tuple, tuple[str, ...]], bytes] = {}
        for state, names, packed in record["streams"]:
            if not (isinstance(state, list) and len(state) == 4 and all(isinstance(n, str) for n in names)):
                return None
            streams[tuple(state), tuple(names)] = base64.b64decode(packed.encode("ascii"), validate=True)
        return (w, h), align, float(scale), ops, streams
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):  # UnicodeDecodeError is a ValueError
        return None


class Picture(Lazy, Flowable):
    """A vector figure, sized and placed as the figure; skips drawing on the layout-only pass.

    The drawing is recorded once per sketch and canvas state and placed as a form (see HandbookCanvas.place),
    so it must be one that nothing changes any more: the figures and QR codes come from the build cache.
    """

    def __init__(self, sketch: Sketch, shelf: Shelf | None = None) -> None:
        super().__init__()
        self.sketch = sketch
        self.shelf = shelf
        self.hAlign = sketch.align(shelf)

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = self.sketch.wrap(self.shelf)
        return self.width, self.height

    def draw(self) -> None:
        """Marked as its Figure where it is placed: the recorded form XObject itself carries no tags."""
        mark = tagging.begin(self.canv, self.__dict__.get("tag"))
        self._draw()
        tagging.end(self.canv, mark)

    def _draw(self) -> None:
        canv = self.canv
        if not isinstance(canv, HandbookCanvas):
            renderPDF.draw(self.sketch.drawing(), canv, 0, 0)
            return
        placed = self.sketch.ops_for(canv, self.shelf)
        if placed is None:
            renderPDF.draw(self.sketch.drawing(), canv, 0, 0)
        else:
            canv.place(*placed, packed=self.sketch.stream(canvas_state(canv), self.shelf))


class Logo(Lazy, Image):
    """The clinic's logo; skips drawing on the layout-only pass."""

    def draw(self) -> None:
        mark = tagging.begin(self.canv, self.__dict__.get("tag"))
        super().draw()
        tagging.end(self.canv, mark)
