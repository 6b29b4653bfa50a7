"""Render work kept on the shelf between processes: each paragraph's parse, line breaks and recorded drawing,
and the page numbers of earlier layouts.

A fresh `handbook build` would otherwise parse, break and draw its few hundred paragraphs anew, over half of its
build time, although the process before it did exactly the same work for exactly the same text. The shelf's
fingerprint covers this package's code and fonts, the content and templates, ReportLab's and pyphen's versions
and Python's (handbook.verdicts); within it, a paragraph is found by its text, the sha256 of every value of its
style and its bullet, so any other text or style value misses and is parsed afresh.

What is kept is what the in-process cache (paragraphs._Parsed) holds after a build, which a later build in the
same process reuses as it is; read back whole by pickle, it is the same. Recorded drawing (replay.Ops) is only
kept for paragraphs whose drawing may be replayed in any document (paragraphs._reusable). All records go in
one shelf file, read once per process and written again, atomically, only after a successful build that made
something new; the records this build used first, then earlier ones up to LIMIT bytes. A record that does not
read back as written is treated as absent.

The layouts (RenderCache.layouts: a story's shape → its contents' page numbers and page total) are the guess
the document's first pass starts from; a right guess saves the layout-only pass, and multiBuild checks it
either way, as it checks the guesses a second build in one process makes from the same memo.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from handbook.render.cache import RenderCache, Shelf

FORMAT = 1  # of the records; a new layout of them gets a new number
NAME = f"paragraphs-{FORMAT}"
LIMIT = 4 << 20  # bytes of records kept: some languages and papers of one content (a build uses about 1 MB)
LAYOUTS = f"layouts-{FORMAT}"
KEEP_LAYOUTS = 64  # the newest layouts kept (each a few hundred bytes)

# A record: (text as parsed, bullet as parsed, frags, drawing reusable, {width: breaks}, {state: tape}), a
# tape being None (drawn live) or (fonts, template) of replay.Ops.
Record = tuple[str, Any, list, bool, dict, dict]


def style_digest(style: Any) -> str | None:
    """The sha256 of every value of a ReportLab style (a style copies its parent's values when made), or None
    when one of them is not plain data whose repr says all of it."""
    try:
        text = repr(sorted((k, _plain(v)) for k, v in vars(style).items() if k != "parent"))
    except TypeError:
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return type(value).__name__, tuple(map(_plain, value))
    if type(value).__module__ == "reportlab.lib.colors":  # a colour: its class and components
        return type(value).__name__, tuple(sorted((k, _plain(v)) for k, v in vars(value).items()))
    raise TypeError(type(value).__name__)


@contextmanager
def shelved_work(cache: RenderCache, shelf: Shelf | None) -> Iterator[None]:
    """A build whose paragraphs and first layout guess come from `shelf` when an earlier process kept them
    there; after it succeeds, the shelf keeps what the build made that it did not have."""
    if shelf is None:
        cache.shelved = None
    elif cache.shelved is None or cache.shelved.shelf != shelf:
        cache.shelved = ShelvedParagraphs(shelf)
        for key, layout in cache.shelved.layouts.items():
            cache.layouts.setdefault(key, layout)
    shelved: ShelvedParagraphs | None = cache.shelved
    if shelved is None:
        yield
        return
    shelved.start()
    yield
    for key, paragraph in shelved.used.items():  # paragraphs._Parsed
        size = paragraph.size()
        if shelved.sizes.get(key) != size:
            shelved.changed(key, paragraph.record(), size)
    shelved.keep()
    shelved.keep_layouts(cache.layouts)


class ShelvedParagraphs:
    """The paragraph records and layouts of one shelf, read once; the build on its cache marks what it uses
    (touch), and keep() writes the records back after a successful build."""

    def __init__(self, shelf: Shelf) -> None:
        self.shelf = shelf
        self.index = _read(shelf.get(NAME))  # key → pickled Record
        self.layouts = _layouts(shelf.get(LAYOUTS))  # as RenderCache.layouts
        self.fresh: dict[tuple, bytes] = {}  # records made or grown since read, to be written
        self.sizes: dict[tuple, tuple] = {}  # key → the size of its record on the shelf (see paragraphs)
        self.used: dict[tuple, Any] = {}  # key → paragraph, as the build under way first uses them
        self._digests: dict[int, tuple[Any, str | None]] = {}  # id(style) → (style, digest)

    def key(self, text: str, style: Any, bullet: Any) -> tuple | None:
        """The shelf's key for a paragraph, or None when it is not one the shelf can keep."""
        known = self._digests.get(id(style))
        if known is None or known[0] is not style:
            known = self._digests[id(style)] = (style, style_digest(style))
        if known[1] is None or not isinstance(bullet, str | None):
            return None
        return text, known[1], bullet

    def find(self, key: tuple) -> Record | None:
        data = self.fresh.get(key) or self.index.get(key)
        return _record(data) if data is not None else None

    def shelved(self, key: tuple, size: tuple) -> None:
        """The record under `key` has this size (as found, or as it will be written)."""
        self.sizes[key] = size

    def start(self) -> None:
        """A new build on the cache."""
        self.used.clear()

    def touch(self, key: tuple, paragraph: Any) -> None:
        self.used.setdefault(key, paragraph)

    def changed(self, key: tuple, record: Record, size: tuple) -> None:
        """What a paragraph holds now is more than the shelf has: keep it at the end of the build."""
        self.fresh[key] = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        self.sizes[key] = size

    def keep(self) -> None:
        """Write the records back if this build made any (best effort; see verdicts.Shelf.put)."""
        if not self.fresh:
            return
        out: dict[tuple, bytes] = {}
        size = 0
        for key in _first(self.used, self.fresh, self.index):
            data = self.fresh.get(key) or self.index.get(key)
            if data is None or key in out:
                continue
            if size + len(data) > LIMIT:
                break
            out[key] = data
            size += len(data)
        self.shelf.put(NAME, pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
        self.index, self.fresh = out, {}

    def keep_layouts(self, layouts: dict) -> None:
        """The newest layouts of the cache, if the shelf lacks any of them."""
        newest = dict(list(layouts.items())[-KEEP_LAYOUTS:])
        if all(self.layouts.get(key) == layout for key, layout in newest.items()):
            return
        self.shelf.put(LAYOUTS, pickle.dumps(newest, protocol=pickle.HIGHEST_PROTOCOL))
        self.layouts = newest


def _first(*orders: dict) -> Iterator:
    for order in orders:
        yield from order


def _read(data: bytes | None) -> dict[tuple, bytes]:
    if data is None:
        return {}
    try:
        index = pickle.loads(data)
    except Exception:  # damaged: as if absent
        return {}
    if not isinstance(index, dict) or not all(isinstance(v, bytes) for v in index.values()):
        return {}
    return index


def _layouts(data: bytes | None) -> dict:
    """Layouts as kept: shape → (page numbers, page total, page references), or none if any is not."""
    try:
        layouts = pickle.loads(data) if data is not None else {}
        for key, (pages, total, refs) in layouts.items():
            if not (isinstance(key, tuple) and isinstance(pages, tuple) and all(isinstance(n, int) for n in pages)
                    and isinstance(total, int) and isinstance(refs, dict)
                    and all(isinstance(k, str) and isinstance(v, int) for k, v in refs.items())):
                return {}
    except Exception:  # damaged: as if absent
        return {}
    return layouts


def _record(data: bytes) -> Record | None:
    """A record back as written, or None."""
    try:
        record = pickle.loads(data)
        text, _bullet, frags, reusable, lines, tapes = record
    except Exception:
        return None
    if not (isinstance(text, str) and isinstance(frags, list) and isinstance(reusable, bool)
            and isinstance(lines, dict) and isinstance(tapes, dict)):
        return None
    for tape in tapes.values():
        if tape is not None and not (isinstance(tape, tuple) and len(tape) == 2 and isinstance(tape[1], str)):
            return None
    return record
