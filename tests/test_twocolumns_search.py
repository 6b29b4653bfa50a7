"""TwoColumns' split between whole items is as short as the shortest the column heights give (each column
summed as a column sums it), and never leaves a keep-with-next item (a heading) at the foot of the left column."""

from __future__ import annotations

import random

from handbook.render.twocolumns import TwoColumns


class _Entry:
    def __init__(self, height: float, after: float, before: float, keep: bool) -> None:
        self.height, self.after, self.before, self.keep = height, after, before, keep

    def wrapOn(self, canv: object, w: float, h: float) -> tuple[float, float]:
        return w, self.height

    def getSpaceAfter(self) -> float:
        return self.after

    def getSpaceBefore(self) -> float:
        return self.before

    def getKeepWithNext(self) -> bool:
        return self.keep


def test_the_whole_item_split_is_the_shortest_the_column_heights_give() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        n = rng.randint(1, 30)
        cols = TwoColumns([], 6.0)
        cols._measure(200.0)
        cols.items = [_Entry(rng.choice([rng.random() * 40, 12.0, 24.6, 0.1 + 0.2]), rng.choice([0, 1.5, 2.0, 3.3]),
                             rng.choice([0, 1.1, 2.0, 6.0]), rng.random() < 0.2) for _ in range(n)]
        left, right = cols._whole()
        assert left + right == cols.items
        allowed = [k for k in range(1, n + 1) if k == n or not cols.items[k - 1].keep]
        best = min(max(cols._column_height(cols.items[:k]), cols._column_height(cols.items[k:])) for k in allowed)
        got = max(cols._column_height(left), cols._column_height(right))
        assert got <= best + 1e-9
        assert len(left) == n or not left[-1].keep
