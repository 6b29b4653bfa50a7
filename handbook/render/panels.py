"""Panels drawn directly rather than as Tables: the tinted box and the technique card.

They draw exactly as the Tables they replace, at a fraction of the cost (a Table sizes and splits its cells
anew every time Platypus asks).
"""

from __future__ import annotations

from reportlab.lib.colors import Color, black
from reportlab.platypus import Flowable, Spacer, Table

from handbook.render.replay import HandbookCanvas, Lazy, bound_draw, opaque, replayed
from handbook.render.theme import BoxStyle


class Stacked:
    """Flowables stacked as in a Table cell: spaces between them count, the first's before and last's after do not."""

    def __init__(self, flowables: list[Flowable], width: float) -> None:
        self.flowables, self.width = flowables, width
        self.sizes: list[float] = []
        self.height = 0.0

    def wrap(self, canv) -> float:
        if not self.sizes and self.flowables:
            total = 0.0
            for f in self.flowables:
                h = f.wrapOn(canv, self.width, 72000)[1]
                self.sizes.append(h)
                total += h + f.getSpaceBefore() + f.getSpaceAfter()
            self.height = total - self.flowables[0].getSpaceBefore() - self.flowables[-1].getSpaceAfter()
        return self.height

    def draw(self, canv, x: float, top: float) -> None:
        y = top
        for i, (f, h) in enumerate(zip(self.flowables, self.sizes, strict=True)):
            if i:
                y -= f.getSpaceBefore()
            y -= h
            f.drawOn(canv, x, y)
            y -= f.getSpaceAfter()


class Kept(Lazy, Flowable):
    """Kept together like the KeepTogether([table, gap]) it replaces: moves whole to the next page when it does
    not fit, and only splits (between rows) at the top of a page that it overfills. `gap` is blank space below,
    part of the height so the panel never sits at the very foot of a page without it.
    """

    # Like the KeepTogether it replaces, never grouped with a keep-with-next heading before it (see _ktAllow).
    locChanger = 1

    def __init__(self) -> None:
        super().__init__()
        self.hAlign = "CENTER"  # as a Table: a panel as wide as the frame overhangs its padding on both sides

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if not getattr(frame, "_atTop", False):
            return []  # Platypus then tries again on the next page
        return self.split_rows(avail_h)

    def split_rows(self, avail_h: float) -> list[Flowable]:
        return []


class Box(Kept):
    """A warning-level panel (see the theme's `boxes`): a tint or none, and a solid left bar, a frame or thin
    rules, so the level reads by shape and weight in greyscale as well as in colour.

    Each row is one flowable between its row paddings (`pad` above the first and below the last, 1 pt between),
    so spaces around a row's own flowable do not count, as in a table cell.
    """

    def __init__(self, rows: list[Flowable], width: float, pad: float, style: BoxStyle, gap: float,
                 first: bool = True, last: bool = True, keep: bool = True) -> None:
        super().__init__()
        self.rows, self.width, self.pad, self.style, self.gap = rows, width, pad, style, gap
        self.first, self.last, self.keep = first, last, keep
        self.left = pad + max(2.0, style.bar, style.outline)  # text clear of the bar or frame
        self.inner = self.inner_width(width, pad, style)
        self.sizes: list[float] = []

    @staticmethod
    def inner_width(width: float, pad: float, style: BoxStyle) -> float:
        """What a box `width` wide leaves its rows: clear of the bar or frame and the padding."""
        return width - pad - max(2.0, style.bar, style.outline) - pad - style.outline

    def _row_pads(self) -> list[tuple[float, float]]:
        n = len(self.rows)
        return [(self.pad if i == 0 and self.first else 1, self.pad if i == n - 1 and self.last else 1)
                for i in range(n)]

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        if not self.sizes:
            self.sizes = [f.wrapOn(self.canv, self.inner, 72000)[1] for f in self.rows]
            self.panel = sum(h + a + b for h, (a, b) in zip(self.sizes, self._row_pads(), strict=True))
            self.height = self.panel + self.gap
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        st = self.style
        c.saveState()
        if st.fill is not None:
            replayed(c, ("box_tint", st.fill, self.gap, self.width, self.panel), self._draw_tint, st.fill)
        c.setFillColor(black)
        y = self.gap + self.panel
        for f, h, (above, below) in zip(self.rows, self.sizes, self._row_pads(), strict=True):
            y -= above + h
            f.drawOn(c, self.left, y)
            y -= below
        replayed(c, ("box_edges", st, self.gap, self.width, self.panel, self.first, self.last), self._draw_edges,
                 st.edge)
        c.restoreState()

    def _draw_tint(self, c) -> None:
        c.setFillColor(self.style.fill)
        c.rect(0, self.gap, self.width, self.panel, stroke=0, fill=1)

    def _draw_edges(self, c) -> None:
        """Bar, frame and rules; a part of a split box leaves open the side where it continues."""
        st = self.style
        bottom, top = self.gap, self.gap + self.panel
        c.saveState()
        c.setStrokeColor(st.edge)
        c.setFillColor(st.edge)
        if st.bar:
            c.rect(0, bottom, st.bar, self.panel, stroke=0, fill=1)
        for width, sides in ((st.outline, True), (st.rule, False)):
            if not width:
                continue
            c.setLineWidth(width)
            half = width / 2
            if sides:
                c.line(half, bottom, half, top)
                c.line(self.width - half, bottom, self.width - half, top)
            if self.first:
                c.line(0, top - half, self.width, top - half)
            if self.last:
                c.line(0, bottom + half, self.width, bottom + half)
        c.restoreState()

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        return super().split(avail_w, avail_h) if self.keep else self.split_rows(avail_h)

    def split_rows(self, avail_h: float) -> list[Flowable]:
        """As the table split by rows: the rows that fit, then the rest (the first part keeps its top padding,
        the rest its bottom one, and the gap goes after the last part)."""
        self.wrap(self.width, avail_h)
        used, n = 0.0, 0
        for h, (above, below) in zip(self.sizes, self._row_pads(), strict=True):
            if used + above + h + below > avail_h:
                break
            used += above + h + below
            n += 1
        if n == 0:
            return []
        if n == len(self.rows):  # the rows fit but not the gap below them: the gap moves on alone
            return [self._part(self.rows, 0, self.first, self.last), Spacer(1, self.gap)]
        return [self._part(self.rows[:n], 0, self.first, False),
                self._part(self.rows[n:], self.gap, False, self.last)]

    def _part(self, rows: list[Flowable], gap: float, first: bool, last: bool) -> Box:
        return Box(rows, self.width, self.pad, self.style, gap, first=first, last=last, keep=False)


class Card(Kept):
    """A technique card: text and steps beside the figure, a rule below; drawn as the two-column Table it
    replaces drew it (no side padding, 3 pt above, 8 pt below the rule's row). The text wraps `gutter` short of
    the figure, so no line runs into its frame."""

    def __init__(self, left: list[Flowable], right: list[Flowable], widths: tuple[float, float], rule,
                 gap: float, gutter: float = 0, above: float = 3, below: float = 8) -> None:
        super().__init__()
        self.above, self.below = above, below
        self.cells = [Stacked(left, widths[0] - gutter), Stacked(right, widths[1])]
        self.widths, self.rule, self.gap = widths, rule, gap
        self.width = sum(widths)
        self.row = 0.0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        if not self.row:
            self.row = max(cell.wrap(self.canv) for cell in self.cells) + self.above + self.below
            self.height = self.row + self.gap
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(black)
        top = self.gap + self.row - self.above
        self.cells[0].draw(c, 0, top)
        self.cells[1].draw(c, self.widths[0], top)
        replayed(c, ("card_rule", self.rule, self.gap, self.width), self._draw_rule, self.rule)
        c.restoreState()

    def _draw_rule(self, c) -> None:
        c.saveState()
        c.setLineCap(1)
        c.setLineJoin(1)
        c.setStrokeColor(self.rule)
        c.setLineWidth(0.5)
        c.line(0, self.gap, self.width, self.gap)
        c.restoreState()


class Grid(Lazy, Table):
    """A Table that skips drawing on the layout-only pass."""

    _sized: tuple[float, float, bool] | None = None  # what the sizes in place were worked out for

    def _calc(self, avail_w: float, avail_h: float) -> None:
        """Table._calc, skipped when the sizes in place are the ones it would give: Platypus sizes a table
        several times for the same room (keep-with-next groups, the frame, the split). A table sized whole
        (not cut short at the room's foot, as ReportLab does for long tables) is the same in any room at
        least as tall. Only for fixed column widths: sizing fills in free ones, and a second sizing may then
        differ from the first."""
        done = self._sized
        if done is not None and done[0] == avail_w and (done[1] == avail_h or (done[2] and self._height <= avail_h)):
            return
        super()._calc(avail_w, avail_h)
        if None in self._argW or "*" in self._argW:
            return
        self._sized = (avail_w, avail_h, self._hmax == self._nrows)

    def _drawBkgrnd(self) -> None:
        """Table._drawBkgrnd, replayed for a table of the same grid and backgrounds as one drawn before (the
        cells' drawing sets its own fill colour first, so the one left here is never read)."""
        key = self._ground_key(self._bkgrndcmds, 3)
        if key is None:
            super()._drawBkgrnd()
        else:
            replayed(self.canv, ("table_ground", *key),
                     bound_draw(self, lambda: Table._drawBkgrnd(self)))

    def _drawLines(self) -> None:
        """Table._drawLines, replayed for a table of the same grid and rules as one drawn before."""
        key = self._ground_key(self._linecmds, 4)
        if key is None:
            super()._drawLines()
            return
        replayed(self.canv, ("table_rules", *key),
                 bound_draw(self, lambda: Table._drawLines(self)))
        self._curcolor = None  # as Table._drawLines leaves it

    def _ground_key(self, commands: list, colour_at: int) -> tuple | None:
        """What the table's backgrounds or rules depend on (its grid and these commands, whose colour or
        colours are at `colour_at`), or None when they are not to be replayed: cells spanning others, rounded
        corners, anything but plain opaque colours."""
        if not commands or not isinstance(getattr(self, "canv", None), HandbookCanvas) or self._spanCmds \
                or self._roundingRectDef or getattr(self, "_cornerRadii", None):
            return None
        frozen = []
        for cmd in commands:
            found = cmd[colour_at]
            for c in found if isinstance(found, (list, tuple)) else (found,):
                if not (c is None or (isinstance(c, Color) and opaque(c))):
                    return None
            frozen.append(tuple(tuple(v) if isinstance(v, list) else v for v in cmd))
        return tuple(self._colpositions), tuple(self._rowpositions), tuple(self._rowHeights), tuple(frozen)
