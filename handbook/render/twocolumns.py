"""Short entries (the references) in two columns that run on over pages, the last page's pair balanced.

ReportLab's BalancedColumns finds its split by deep-copying the whole story for every trial, which cost more
than the rest of a handbook's build together (seconds per build). The entries here are paragraphs whose
heights the render cache already knows, so the columns are planned from those heights: fill the left column,
then the right, page after page; on the page where the rest fits, split where the taller column is
shortest. An entry taller than what a column has left splits at a line, as a frame would split it.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

_TALL = 1e6  # "as tall as it likes": the height offered when only an entry's own height is wanted


def _space(prev: Flowable | None, item: Flowable) -> float:
    """The gap above `item` in a column, as a frame puts it: none at the top, else the larger of the two."""
    if prev is None:
        return 0.0
    return max(prev.getSpaceAfter(), item.getSpaceBefore())


class TwoColumns(Flowable):
    """`items` down the left column, then down the right one."""

    def __init__(self, items: list[Flowable], gap: float, split_at: int | None = None) -> None:
        super().__init__()
        self.items = items
        self.gap = gap
        self.split_at = split_at  # None: balance; else the index of the first item of the right column
        self._col_w = 0.0
        self._heights: list[float] = []
        self.split_at_used = 0
        self._balance: tuple[tuple, int] | None = None  # (items and heights, the split found for them)

    def _measure(self, avail_w: float) -> None:
        self._col_w = (avail_w - self.gap) / 2
        self._heights = [item.wrap(self._col_w, _TALL)[1] for item in self.items]

    def _column_height(self, lo: int, hi: int) -> float:
        total, prev = 0.0, None
        for i in range(lo, hi):
            total += _space(prev, self.items[i]) + self._heights[i]
            prev = self.items[i]
        return total

    def _balanced(self) -> int:
        """The first index of the right column: the split whose taller column is shortest (left if tied).

        Kept for the items and heights it was found for: Platypus wraps the columns again and again (keep
        groups, frame, split, draw), and the search measures every split."""
        key = (tuple(map(id, self.items)), tuple(self._heights))
        if self._balance is not None and self._balance[0] == key:
            return self._balance[1]
        best_k = self._search()
        self._balance = (key, best_k)
        return best_k

    def _search(self) -> int:
        """Every split's taller column, each column summed as _column_height sums it (the same additions in the
        same order, so the same floats), without asking each item for its spaces once per split."""
        n, heights = len(self.items), self._heights
        steps = [0.0] + [_space(self.items[i - 1], self.items[i]) + heights[i] for i in range(1, n)]
        best, best_k = float("inf"), n
        start = (n + 1) // 2
        left = 0.0
        for i in range(start):
            left += (0.0 + heights[0]) if i == 0 else steps[i]
        for k in range(start, n + 1):
            right = 0.0
            if k < n:
                right += 0.0 + heights[k]
                for i in range(k + 1, n):
                    right += steps[i]
            tallest = max(left, right)
            if tallest < best:
                best, best_k = tallest, k
            if k < n:
                left += (0.0 + heights[0]) if k == 0 else steps[k]
        return best_k

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self._measure(avail_w)
        k = self._balanced() if self.split_at is None else self.split_at
        self.split_at_used = k
        self.width = avail_w
        self.height = max(self._column_height(0, k), self._column_height(k, len(self.items)))
        return self.width, self.height

    def _fill(self, start: int, room: float) -> tuple[list[Flowable], int]:
        """Items from `start` that fit one column `room` tall: (the column's items, index after the last whole
        one). An item that does not fit is split at a line where a part of it fits; its rest comes next."""
        out: list[Flowable] = []
        used, prev, i = 0.0, None, start
        while i < len(self.items):
            item, gap = self.items[i], _space(prev, self.items[i])
            if used + gap + self._heights[i] <= room:
                out.append(item)
                used += gap + self._heights[i]
                prev, i = item, i + 1
                continue
            parts = item.split(self._col_w, room - used - gap) if room - used - gap > 0 else []
            if len(parts) >= 2:
                self.items[i:i + 1] = parts  # the rest is the next item to place
                self._heights[i:i + 1] = [p.wrap(self._col_w, _TALL)[1] for p in parts]
                out.append(self.items[i])
                i += 1
            break
        return out, i

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        self._measure(avail_w)
        left, mid = self._fill(0, avail_h)
        _, end = self._fill(mid, avail_h)
        if end >= len(self.items):  # everything fits after all: balanced on this page
            balanced = TwoColumns(self.items, self.gap)
            if balanced.wrap(avail_w, avail_h)[1] <= avail_h:
                return [balanced]
            # It fits only with an entry split across the columns (balancing keeps entries whole): as filled.
            return [TwoColumns(self.items, self.gap, split_at=len(left))]
        if not left:
            return []  # not even one entry fits here: the frame moves on
        first = TwoColumns(self.items[:end], self.gap, split_at=len(left))
        return [first, TwoColumns(self.items[end:], self.gap)]

    def draw(self) -> None:
        k = self.split_at_used
        for x, lo, hi in ((0.0, 0, k), (self._col_w + self.gap, k, len(self.items))):
            y, prev = self.height, None
            for i in range(lo, hi):
                item = self.items[i]
                y -= _space(prev, item) + self._heights[i]
                item.wrap(self._col_w, _TALL)
                item.drawOn(self.canv, x, y)
                prev = item
