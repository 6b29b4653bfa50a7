"""Booklet imposition: sheet count, paper, folding order, landscape pages turned, identical bytes every run."""

from __future__ import annotations

import io
import math

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.pdfgen.canvas import Canvas

from handbook.postprocess.booklet import booklet_pages, impose_booklet, sheet_order

A4_LANDSCAPE = (A4[1], A4[0])
LETTER_LANDSCAPE = (letter[1], letter[0])


def source_pdf(count: int, size: tuple[float, float] = A4, landscape_pages: tuple[int, ...] = ()) -> bytes:
    """count pages, each saying 'P01', 'P02', … near its top-left corner."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=size, invariant=1)
    canvas.setTitle("Test handbook")
    for i in range(count):
        w, h = landscape(size) if i in landscape_pages else size
        canvas.setPageSize((w, h))
        canvas.setFont("Helvetica", 24)
        canvas.drawString(40, h - 60, f"P{i + 1:02d}")
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n, in PDF's row-vector convention."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def words(page) -> list[tuple[str, float, float, float]]:
    """(text, x, y, a) of each shown string in sheet coordinates, following cm, q/Q and form XObjects;
    a is the text's x-scale on the sheet (≈0 when the page was turned a quarter)."""
    found: list[tuple[str, float, float, float]] = []

    def run(stream, resources, ctm: Matrix) -> None:
        stack, tm = [], IDENTITY
        for operands, op in ContentStream(stream, page.pdf).operations:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop()
            elif op == b"cm":
                ctm = mul(tuple(float(v) for v in operands), ctm)
            elif op == b"Tm":
                tm = tuple(float(v) for v in operands)
            elif op == b"Td":
                tm = mul((1, 0, 0, 1, float(operands[0]), float(operands[1])), tm)
            elif op == b"Tj":
                trm = mul(tm, ctm)
                found.append((str(operands[0]), trm[4], trm[5], trm[0]))
            elif op == b"Do":
                xobj = resources["/XObject"][operands[0]].get_object()
                if xobj["/Subtype"] == "/Form":
                    run(xobj, xobj.get("/Resources", {}), ctm)

    run(page.get_contents(), page["/Resources"], IDENTITY)
    return found


def sides(pdf: bytes) -> list[tuple[str, str]]:
    """For each printed side, the labels on its (left, right) half; '' for a blank half."""
    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for page in reader.pages:
        half = float(page.mediabox.width) / 2
        left = [t for t, x, _, _ in words(page) if x < half]
        right = [t for t, x, _, _ in words(page) if x >= half]
        out.append(("".join(left), "".join(right)))
    return out


@pytest.mark.parametrize("count", [1, 13, 16, 17])
def test_a4_pages_become_an_a5_booklet_on_a4_landscape(count: int) -> None:
    reader = PdfReader(io.BytesIO(impose_booklet(source_pdf(count))))
    assert len(reader.pages) == math.ceil(count / 4) * 2
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_LANDSCAPE)
        assert page.mediabox.width > page.mediabox.height


def test_letter_pages_become_half_letter_on_letter_landscape() -> None:
    reader = PdfReader(io.BytesIO(impose_booklet(source_pdf(6, letter))))
    assert len(reader.pages) == 4
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(LETTER_LANDSCAPE)


def test_folding_order() -> None:
    assert sheet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert sheet_order(5) == [(7, 0), (1, 6), (5, 2), (3, 4)]  # padded to 8: indices ≥ 5 are blank
    assert sides(impose_booklet(source_pdf(16)))[:4] == [("P16", "P01"), ("P02", "P15"), ("P14", "P03"),
                                                         ("P04", "P13")]
    assert sides(impose_booklet(source_pdf(13)))[:2] == [("", "P01"), ("P02", "")]


def test_back_cover_stays_last_with_blanks_before_it() -> None:
    assert booklet_pages(6) == [0, 1, 2, 3, 4, 5, None, None]
    assert booklet_pages(6, back_cover=True) == [0, 1, 2, 3, 4, None, None, 5]
    assert sides(impose_booklet(source_pdf(6), back_cover=True))[0] == ("P06", "P01")


def test_a4_page_is_scaled_by_one_over_root_two_into_its_half() -> None:
    page = PdfReader(io.BytesIO(impose_booklet(source_pdf(4)))).pages[0]
    (_, x, y, a), = [w for w in words(page) if w[0] == "P01"]
    assert a == pytest.approx(1 / math.sqrt(2), rel=1e-3)
    half = A4_LANDSCAPE[0] / 2
    assert x == pytest.approx(half + 40 / math.sqrt(2), abs=0.5)
    assert y == pytest.approx((A4[1] - 60) / math.sqrt(2), abs=0.5)


def test_landscape_pages_are_turned_to_fit() -> None:
    pdf = impose_booklet(source_pdf(4, landscape_pages=(1,)))
    page = PdfReader(io.BytesIO(pdf)).pages[1]  # back of sheet 1: P02 (the landscape chart) on the left
    (_, x, y, a), = [w for w in words(page) if w[0] == "P02"]
    assert a == pytest.approx(0, abs=1e-6)  # the text now runs up the page
    # The label sat 40 pt from the left and 60 pt below the top; the page's top now faces the half's left edge.
    assert (x, y) == pytest.approx((60 / math.sqrt(2), 40 / math.sqrt(2)), abs=0.5)
    assert ("P04" in sides(pdf)[0][0]) and sides(pdf)[1] == ("P02", "P03")


def test_same_input_gives_identical_bytes() -> None:
    src = source_pdf(17, landscape_pages=(16,))
    first, second = impose_booklet(src), impose_booklet(src)
    assert first == second
    meta = PdfReader(io.BytesIO(first)).metadata
    assert meta is not None and meta.title == "Test handbook"
