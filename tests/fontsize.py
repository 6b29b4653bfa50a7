"""Text sizes as printed, read from a PDF's own text operators (issue 13: body ≥ 11 pt at print size).

Every shown string is followed through the graphics state (q/Q, cm), the text state (Tf, Tm, Td, TD, T*) and
form XObjects (a booklet draws each page as a form, placed with `cm`), so a page shrunk by the imposition
measures smaller. The size is the height of 1 em on the page: the font size times the vertical scale of the
text matrix times the current transformation matrix.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from pypdf import PageObject
from pypdf.generic import ContentStream

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n, in PDF's row-vector convention."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


@dataclass(frozen=True)
class Shown:
    """One shown string: its length in characters (glyph codes), printed size (pt) and origin on the page."""

    chars: int
    size: float
    x: float
    y: float


def _length(operand) -> int:
    if isinstance(operand, list):  # TJ: strings and kerning numbers
        return sum(_length(o) for o in operand if not isinstance(o, int | float))
    return len(bytes(operand) if isinstance(operand, bytes) else str(operand).encode("latin-1", "replace"))


def shown_text(page: PageObject) -> list[Shown]:
    """Every string the page shows, with its printed size."""
    found: list[Shown] = []

    def run(stream, resources, ctm: Matrix) -> None:
        stack: list[tuple[Matrix, float, float]] = []
        size, leading = 0.0, 0.0
        tm = line = IDENTITY
        for operands, op in ContentStream(stream, page.pdf).operations:
            if op == b"q":
                stack.append((ctm, size, leading))
            elif op == b"Q":
                ctm, size, leading = stack.pop()
            elif op == b"cm":
                ctm = mul(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
            elif op == b"BT":
                tm = line = IDENTITY
            elif op == b"Tf":
                size = float(operands[1])
            elif op == b"TL":
                leading = float(operands[0])
            elif op == b"Tm":
                tm = line = tuple(float(v) for v in operands)  # type: ignore[assignment]
            elif op in (b"Td", b"TD"):
                if op == b"TD":
                    leading = -float(operands[1])
                tm = line = mul((1, 0, 0, 1, float(operands[0]), float(operands[1])), line)
            elif op == b"T*":
                tm = line = mul((1, 0, 0, 1, 0, -leading), line)
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                if op in (b"'", b'"'):
                    tm = line = mul((1, 0, 0, 1, 0, -leading), line)
                trm = mul(tm, ctm)
                scale = math.hypot(trm[2], trm[3])  # how tall 1 unit of text space is on the page
                found.append(Shown(_length(operands[-1]), size * scale, trm[4], trm[5]))
            elif op == b"Do":
                xobj = resources["/XObject"][operands[0]].get_object()
                if xobj["/Subtype"] == "/Form":
                    inner = ctm
                    if "/Matrix" in xobj:
                        inner = mul(tuple(float(v) for v in xobj["/Matrix"]), ctm)  # type: ignore[arg-type]
                    run(xobj, xobj.get("/Resources", resources), inner)

    contents = page.get_contents()
    if contents is not None:
        run(contents, page.get("/Resources", {}), IDENTITY)
    return found


def size_census(pages: list[PageObject]) -> Counter[float]:
    """Characters printed at each size (rounded to 0.1 pt) over the pages."""
    census: Counter[float] = Counter()
    for page in pages:
        for s in shown_text(page):
            census[round(s.size, 1)] += s.chars
    return census


def body_size(pages: list[PageObject]) -> float:
    """The size most of the text is printed at: the body text."""
    return size_census(pages).most_common(1)[0][0]
