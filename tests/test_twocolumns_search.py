"""TwoColumns' balanced split is the one the column heights give, summed as a column sums them."""

from __future__ import annotations

import random

from handbook.render.twocolumns import TwoColumns


class _Entry:
    def __init__(self, after: float, before: float) -> None:
        self.after, self.before = after, before

    def getSpaceAfter(self) -> float:
        return self.after

    def getSpaceBefore(self) -> float:
        return self.before


def _by_heights(cols: TwoColumns) -> int:
    """The split whose taller column is shortest (left if tied), each column measured whole."""
    n = len(cols.items)
    return min(range((n + 1) // 2, n + 1), key=lambda k: max(cols._column_height(0, k), cols._column_height(k, n)))


def test_the_search_finds_the_split_the_column_heights_give() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        n = rng.randint(0, 30)
        cols = TwoColumns([], 6.0)
        cols.items = [_Entry(rng.choice([0, 1.5, 2.0, 3.3]), rng.choice([0, 1.1, 2.0, 6.0])) for _ in range(n)]
        cols._heights = [rng.choice([rng.random() * 40, 12.0, 24.6, 0.1 + 0.2]) for _ in range(n)]
        assert cols._search() == _by_heights(cols)
