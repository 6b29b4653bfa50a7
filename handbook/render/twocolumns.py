"""Text in two columns that run on over pages, the last page's pair balanced: the references, and the running
text of the sections on A4 and Letter (issue 13: a measure of at most 70 characters, where one column across
the page ran to 90).

ReportLab's BalancedColumns finds its split by deep-copying the whole story for every trial, which cost more
than the rest of a handbook's build together (seconds per build). Here the columns are planned from the items'
heights: fill the left column, then the right, page after page; on the page where the rest fits, the columns
are balanced. A column keeps what a frame keeps: a heading with the start of its text (keep-with-next), a box
whole (it moves to the next column rather than split, unless it is taller than a whole column), and a
paragraph taller than the room left splits at a line.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import cast

from reportlab.platypus import Flowable, Paragraph

from handbook.cache import remember
from handbook.render.panels import Kept
from handbook.render.paragraphs import Para

_TALL = 1e6  # "as tall as it likes": the height offered when only an item's own height is wanted
_PRECISION = 0.5  # pt: how close the balanced height is searched for
_WHOLE_SLACK = 14.0  # pt, about a line: balanced with whole items if that is at most this much taller
MAX_BALANCED = 1024  # RenderCache.balanced: a few pairs a handbook, most at the same heights in every one


def _space(prev: Flowable | None, item: Flowable) -> float:
    """The gap above `item` in a column, as a frame puts it: none at the top, else the larger of the two."""
    if prev is None:
        return 0.0
    return max(prev.getSpaceAfter(), item.getSpaceBefore())


Column = list[Flowable]


def _column_sum(heights: list[float], gaps: list[float]) -> float:
    """The height of a column of these items, summed in the order _column_height sums (same rounding)."""
    total = 0.0
    for gap, h in zip(gaps, heights, strict=True):
        total += gap + h
    return total


@dataclass
class _Sized:
    """The items measured once at a column width: what every trial of the balancing reads."""

    items: list[Flowable]  # the list measured (compared by identity)
    width: float
    heights: list[float]
    gaps: list[float]  # above item i in a column, below item i - 1 (none above the first)
    keep: list[bool]  # keep-with-next
    total: float  # all the items as one column


def _pure_split(item: Flowable) -> bool:
    """Whether splitting a copy leaves `item` as it was: a shared paragraph breaks the copy afresh (Para.split).
    A part of a split keeps its breaks on itself, and a trial split edits them, so those are split as before."""
    return isinstance(item, Para) and item._shared is not None


def _leaves_alone(item: Flowable) -> bool:
    """Whether every trial made of `item` leaves it as it was: a shared paragraph, a box (never split in a
    column), or a flowable that does not split. Only columns of such items reuse a balancing: what a trial
    split may leave on anything else depends on which trials ran, and the search runs them all."""
    return isinstance(item, Kept) or _pure_split(item) or type(item).split is Flowable.split


def _likeness(item: Flowable, height: float) -> tuple:
    """All that balancing reads of an item that leaves itself alone, but for how a paragraph splits: its kind,
    height, spaces and keep-with-next, and a paragraph's leading (whether two of its lines fit)."""
    look = (type(item), height, item.getSpaceBefore(), item.getSpaceAfter(), bool(item.getKeepWithNext()))
    return (*look, item.style.leading) if isinstance(item, Para) else look


def _text(item: Flowable) -> tuple:
    """What a paragraph's parts are made from: the parse it shares with every paragraph of the same text and
    style (compared by identity, and kept alive by the memo that holds it), and the style."""
    return item._shared, item.style


def _split_key(item: Flowable, room: float) -> tuple:
    """What a paragraph's split at `room` depends on: the number of lines that fit, as Paragraph.split counts
    them (or the room itself when its leading varies by line)."""
    style = item.style
    if getattr(item, "autoLeading", getattr(style, "autoLeading", "")) in ("", "off"):
        return "lines", int(room / float(style.leading))
    return "room", room


class TwoColumns(Flowable):
    """`items` down the left column, then down the right one; `columns`, when given, is the pair as already
    laid out for a page (a part of a split), and `claim` the height that part takes: all the room the page had
    left, so what follows goes on the next page, not under the columns. `whole`: the last page's pair is
    balanced between whole items (the references' entries), never by splitting a paragraph between them."""

    # Never grouped with a keep-with-next heading before it: such a group is moved whole to the next page when
    # it is taller than the room left, and the columns run on over pages. The heading's conditional page break
    # keeps it with the columns' start instead (see document._keep_headings_with_boxes).
    locChanger = 1

    def __init__(self, items: list[Flowable], gap: float, columns: tuple[Column, Column] | None = None,
                 claim: float = 0.0, whole: bool = False, memo: dict | None = None) -> None:
        super().__init__()
        self.memo = memo  # RenderCache.balanced: how columns alike in every way balanced in earlier builds
        self.items = items
        self.gap, self.whole = gap, whole
        self.fixed, self.claim = columns, claim
        self.columns: tuple[Column, Column] = columns or ([], [])
        self._col_w = 0.0
        self._sizes: dict[int, tuple[Flowable, float, float]] = {}  # id → (item, width, height); item kept alive
        self._balance: tuple[tuple, tuple[Column, Column]] | None = None  # (what it was found for, the pair)
        self._sized: _Sized | None = None
        self._trials: dict[tuple, list[Flowable]] = {}  # (item index, split key) → a trial split's parts
        self._tried: set[int] | None = None  # while searching: the items it tried to split
        self._made: set[int] = set()  # ids of those parts (kept alive in _trials)
        self._tallest: tuple[tuple[Column, Column], float, float] | None = None  # (pair, column width, height)

    # --- measuring ---------------------------------------------------------------------------------------

    def _measure(self, avail_w: float) -> None:
        self._col_w = (avail_w - self.gap) / 2

    def _height(self, item: Flowable) -> float:
        known = self._sizes.get(id(item))
        if known is not None and known[0] is item and known[1] == self._col_w:
            return known[2]
        h = item.wrapOn(getattr(self, "canv", None), self._col_w, _TALL)[1]
        self._sizes[id(item)] = (item, self._col_w, h)
        return h

    def _measured(self) -> _Sized:
        """The items' heights, gaps and keep-with-next at the column width (measured once per width)."""
        sized = self._sized
        if sized is not None and sized.items is self.items and sized.width == self._col_w:
            return sized
        items = self.items
        heights = [self._height(item) for item in items]
        gaps = [_space(items[i - 1] if i else None, item) for i, item in enumerate(items)]
        keep = [bool(item.getKeepWithNext()) for item in items]
        self._sized = sized = _Sized(items, self._col_w, heights, gaps, keep, _column_sum(heights, gaps))
        self._trials.clear()
        self._made.clear()
        return sized

    def _column_height(self, column: Column) -> float:
        total, prev = 0.0, None
        for item in column:
            total += _space(prev, item) + self._height(item)
            prev = item
        return total

    # --- filling -----------------------------------------------------------------------------------------

    def _starts(self, item: Flowable, room: float) -> bool:
        """Whether `item` can begin in `room`: whole, or (a paragraph) with at least two of its lines."""
        if self._height(item) <= room:
            return True
        if isinstance(item, Paragraph) and not isinstance(item, Kept):
            return room >= 2 * item.style.leading + item.getSpaceBefore()
        return False

    def _column(self, queue: list[Flowable], room: float, whole_page: bool = False) -> tuple[Column, list[Flowable]]:
        """The items from the head of `queue` that fit one column `room` tall, and what is left (the rest of an
        item split at a line comes first). A box splits, and a heading is left without the start of its text,
        only at the top of a column that is a `whole_page` tall, as a frame does only at its top."""
        out: Column = []
        used, prev = 0.0, None
        for i, item in enumerate(queue):
            gap = _space(prev, item)
            left = room - used - gap
            h = self._height(item)
            if h <= left:
                nxt = queue[i + 1] if i + 1 < len(queue) else None
                if (out or not whole_page) and nxt is not None and item.getKeepWithNext() and not self._starts(
                        nxt, left - h - _space(item, nxt)):
                    return out, queue[i:]  # a heading goes to the next column with its text
                out.append(item)
                used += gap + h
                prev = item
                continue
            if isinstance(item, Kept) and (out or not whole_page):
                return out, queue[i:]  # a box moves whole to the next column
            # On a copy: splitting changes the paragraph it is asked of (Para.split breaks it privately from
            # then on), and the balancing tries many heights; the columns' items must stay as they were.
            parts = copy.copy(item).split(self._col_w, left) if left > 0 else []
            if len(parts) >= 2:
                return [*out, parts[0]], [*parts[1:], *queue[i + 1:]]
            return out, queue[i:]
        return out, []

    # --- balancing ---------------------------------------------------------------------------------------

    def _pair(self, room: float) -> tuple[Column, Column] | None:
        """Both columns filled to `room`, or None when the items do not all fit: as _column fills them, from the
        heights measured once, and a paragraph's trial split reused for every room where as many lines fit."""
        k, parts = self._left(room)
        items = self.items
        head = parts[1:] if parts else []
        rest_at = k + 1 if parts else k
        if not self._right_fits(head, rest_at, room):
            return None
        left = [*items[:k], parts[0]] if parts else list(items[:k])
        return left, [*head, *items[rest_at:]]

    def _left(self, room: float) -> tuple[int, list[Flowable] | None]:
        """The left column at `room` as _column(self.items, room) fills it: its first `k` items, then the first
        part of item k when that splits (the parts), else None."""
        sized = self._measured()
        items, heights, gaps, keep = sized.items, sized.heights, sized.gaps, sized.keep
        n, used = len(items), 0.0
        for i in range(n):
            gap = gaps[i]
            left = room - used - gap
            h = heights[i]
            if h <= left:
                if i + 1 < n and keep[i] and not self._starts(items[i + 1], left - h - gaps[i + 1]):
                    return i, None  # a heading goes to the next column with its text
                used += gap + h
                continue
            if isinstance(items[i], Kept):
                return i, None
            parts = self._trial(i, left) if left > 0 else []
            return (i, parts) if len(parts) >= 2 else (i, None)
        return n, None

    def _trial(self, i: int, room: float) -> list[Flowable]:
        """Item i split at `room` in a column, on a copy (see _column); a shared paragraph's split is kept per
        number of lines that fit, as splitting it again would give the same parts."""
        item = self.items[i]
        if self._tried is not None:
            self._tried.add(i)
        if not _pure_split(item):
            return copy.copy(item).split(self._col_w, room)
        key = (i, _split_key(item, room))
        parts = self._trials.get(key)
        if parts is None:
            parts = self._trials[key] = copy.copy(item).split(self._col_w, room)
            self._made.update(map(id, parts))
        return parts

    def _right_fits(self, head: list[Flowable], rest_at: int, room: float) -> bool:
        """Whether `head` and then items[rest_at:] all fit one column `room` tall, as _column fills it. Where one
        does not, a part of a kept trial split is left alone (it must stay as it was made); anything else is
        split on a copy as _column splits it, for what that split may leave on the item (as before)."""
        sized = self._measured()
        items, heights, gaps, keep = sized.items, sized.heights, sized.gaps, sized.keep
        queue = [*head, *items[rest_at:]]
        used, prev = 0.0, None
        for j, item in enumerate(queue):
            at = rest_at + j - len(head) if j >= len(head) else -1  # its index in items (-1: a part)
            if at < 0:
                gap, h, kwn = _space(prev, item), self._height(item), item.getKeepWithNext()
            else:
                gap = gaps[at] if j > len(head) else _space(prev, item)  # below items[at - 1], or a part
                h, kwn = heights[at], keep[at]
            left = room - used - gap
            if h <= left:
                nxt = queue[j + 1] if j + 1 < len(queue) else None
                if nxt is not None and kwn and not self._starts(nxt, left - h - _space(item, nxt)):
                    return False
                used += gap + h
                prev = item
                continue
            if not isinstance(item, Kept) and left > 0 and id(item) not in self._made and not _pure_split(item):
                copy.copy(item).split(self._col_w, left)  # only for what it leaves on the item
            return False
        return True

    def _whole(self) -> tuple[Column, Column]:
        """The split between whole items whose taller column is shortest (left if tied); a heading never ends
        the left column. Column heights from running sums: every split is tried, so this stays linear."""
        sized = self._measured()
        items, n, h, g = sized.items, len(sized.items), sized.heights, sized.gaps  # g[i]: the gap above item i
        upto = [0.0] * (n + 1)  # items[:k] as one column
        for k in range(1, n + 1):
            upto[k] = upto[k - 1] + h[k - 1] + (g[k - 1] if k > 1 else 0.0)
        best, best_k = float("inf"), n
        for k in range(1, n + 1):
            if k < n and items[k - 1].getKeepWithNext():
                continue
            right = upto[n] - upto[k] - (g[k] if k < n else 0.0)  # items[k:]: no gap above its first
            tallest = max(upto[k], right)
            if tallest < best:
                best, best_k = tallest, k
        return list(items[:best_k]), list(items[best_k:])

    def _balanced(self, avail_h: float) -> tuple[Column, Column]:
        """The pair with the shortest taller column: filled to the least height at which everything fits
        (paragraphs may split between the columns), or split between whole items when that is about as short.

        Kept for the items it was found for: Platypus wraps the columns again and again (keep groups, frame,
        split, draw), and the search fills the columns a dozen times. And kept in the build cache for columns
        alike in every way the search reads (the next pass, the next handbook): they are filled once."""
        key = (self._measured(), avail_h)  # the same items measured at the same width, at the same height
        if self._balance is not None and self._balance[0][0] is key[0] and self._balance[0][1] == avail_h:
            return self._balance[1]
        whole = self._whole()
        if self.whole:
            self._balance = (key, whole)
            return whole
        whole_h = max(map(self._column_height, whole))
        hi = min(whole_h, avail_h)  # what the search depends on: the page's room only where the pair is taller
        look = self._likeness(hi) if self.memo is not None else None
        pair = self._recalled(look, whole) if look is not None else None
        if pair is None:
            self._tried = set()
            room, pair = self._search(whole, whole_h, hi)
            if look is not None:
                self._keep(look, tuple(sorted(self._tried)), room)
            self._tried = None
        self._balance = (key, pair)
        return pair

    # A search's course is set by the items' likeness (heights, spaces, ...) and by how the paragraphs it tried
    # to split split: columns alike in both are searched alike, to the same pair. So the memo keeps, per
    # likeness, which items the last search tried to split, and per likeness and those items' texts, what
    # it found: the room both columns were filled to, or that the pair is between whole items.

    def _likeness(self, hi: float) -> tuple | None:
        """What the search from `hi` reads of the items but for their texts (None when a trial may leave marks
        on an item, so that the search must run all its trials as ever)."""
        sized = self._measured()
        if not all(map(_leaves_alone, sized.items)):
            return None
        return self._col_w, hi, tuple(map(_likeness, sized.items, sized.heights))

    def _recalled(self, look: tuple, whole: tuple[Column, Column]) -> tuple[Column, Column] | None:
        """The pair an earlier search of columns alike in every way found, filled again; None if none did."""
        memo = cast("dict", self.memo)
        tried = memo.get(("tried", look))
        if tried is None:
            return None
        known = memo.get(("found", look, tried, tuple(_text(self.items[i]) for i in tried)))
        if known is None:
            return None
        return whole if known[0] == "whole" else self._pair(known[1])

    def _keep(self, look: tuple, tried: tuple[int, ...], room: float | None) -> None:
        """Keep what the search found (`room`, None for whole items), and which items it tried to split."""
        memo = cast("dict", self.memo)
        memo.pop(("tried", look), None)  # (kept as the newest)
        remember(memo, ("tried", look), lambda: tried, MAX_BALANCED)
        found = ("found", look, tried, tuple(_text(self.items[i]) for i in tried))
        remember(memo, found, lambda: ("whole",) if room is None else ("room", room), MAX_BALANCED)

    def _search(self, whole: tuple[Column, Column], whole_h: float, hi: float
                ) -> tuple[float | None, tuple[Column, Column]]:
        """The balanced pair and the room both its columns were filled to (None: between whole items, `whole`,
        `whole_h` tall), searched for from `hi` down."""
        lo = max(0.0, self._measured().total / 2 - 2 * _WHOLE_SLACK)
        found = self._pair(hi)
        if found is not None:
            while hi - lo > _PRECISION:
                mid = (lo + hi) / 2
                got = self._pair(mid)
                if got is None:
                    lo = mid
                else:
                    hi, found = mid, got
        if found is not None and whole_h > max(map(self._column_height, found)) + _WHOLE_SLACK:
            return hi, found
        return None, whole

    def shape(self, avail_w: float) -> tuple:
        """What decides how the columns fill their pages, for the page-number guess (document._shape): each
        item's kind, height, gap and keep-with-next at the column width. Measured without balancing: the
        balanced height of a whole section, which the guess used to read, cost a full search per build for every
        section that names the baby, and follows from these anyway."""
        self._measure(avail_w)
        sized = self._measured()
        kinds = tuple((type(item).__name__, getattr(getattr(item, "style", None), "name", None),
                       tuple(getattr(item, "_rowHeights", None) or ())) for item in self.items)
        entries = tuple(zip(kinds, sized.heights, sized.gaps, sized.keep, strict=True))
        return ("TwoColumns", self.gap, self.whole, entries)

    def first_at(self, avail_w: float) -> tuple[Flowable, float] | None:
        """The first item and the column width it is set at, when the columns get `avail_w`."""
        return (self.items[0], (avail_w - self.gap) / 2) if self.items else None

    # --- the flowable ------------------------------------------------------------------------------------

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self._measure(avail_w)
        self.width = avail_w
        if self.fixed is None:
            total = self._measured().total
            if total / 2 > avail_h:  # cannot fit however it is balanced: the frame will split it
                self.height = total / 2
                return self.width, self.height
            self.columns = self._balanced(avail_h)
        self.height = self._pair_height()
        return self.width, self.height

    def _pair_height(self) -> float:
        """The height the columns take, summed once per pair and width (Platypus wraps a pair many times)."""
        known = self._tallest
        if known is not None and known[0] is self.columns and known[1] == self._col_w:
            return known[2]
        h = max(self.claim, *map(self._column_height, self.columns))
        self._tallest = (self.columns, self._col_w, h)
        return h

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        self._measure(avail_w)
        at_top = bool(getattr(getattr(self, "_frame", None), "_atTop", False))  # the frame sets these
        left, rest = self._column(self.items, avail_h, at_top)
        right, rest = self._column(rest, avail_h, at_top)
        if not rest:  # everything fits after all: balanced on this page
            balanced = TwoColumns(self.items, self.gap, whole=self.whole, memo=self.memo)
            if balanced.wrap(avail_w, avail_h)[1] <= avail_h:
                return [balanced]
            return [TwoColumns([*left, *right], self.gap, (left, right), whole=self.whole)]
        if not left:
            return []  # not even the first item fits here: the frame moves on
        return [TwoColumns([*left, *right], self.gap, (left, right), claim=avail_h, whole=self.whole),
                TwoColumns(rest, self.gap, whole=self.whole,
                           memo=self.memo)]

    def draw(self) -> None:
        # Headings inside the columns get their bookmarks as they would in a frame (the document's hook).
        doc = getattr(self.canv, "_doctemplate", None)
        for x, column in ((0.0, self.columns[0]), (self._col_w + self.gap, self.columns[1])):
            y, prev = self.height, None
            for item in column:
                h = self._height(item)
                y -= _space(prev, item) + h
                item.wrapOn(self.canv, self._col_w, _TALL)
                item.drawOn(self.canv, x, y)
                if doc is not None:
                    doc.afterFlowable(item)
                prev = item
