"""The booklet: laid out on A5 / half-Letter pages at print size, then imposed 2-up unscaled in folding order.

First the imposition on its own (sheet count, paper, folding order, scale 1, identical bytes), then real booklets
(issue 13): whole sheets with no blank page, the back cover last, body ≥ 11 pt at print size measured through the
imposition, mirrored margins with the page numbers outside, no sideways chart.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from handbook.cache import BuildCache
from handbook.inputs.clinic import load_clinic
from handbook.inputs.profile import Baby
from handbook.pipeline import BuildRequest, build_pdf, cannot_print
from handbook.postprocess.booklet import booklet_pages, impose_booklet, sheet_order
from tests.conftest import REPO
from tests.fontsize import IDENTITY, Matrix, body_size, mul, shown_text, size_census

A4_LANDSCAPE = (A4[1], A4[0])
LETTER_LANDSCAPE = (letter[1], letter[0])
A5 = (A4[1] / 2, A4[0])  # exactly half an A4 sheet
HALF_LETTER = (letter[1] / 2, letter[0])


def source_pdf(count: int, size: tuple[float, float] = A5, landscape_pages: tuple[int, ...] = ()) -> bytes:
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
def test_a5_pages_become_a_booklet_on_a4_landscape(count: int) -> None:
    reader = PdfReader(io.BytesIO(impose_booklet(source_pdf(count))))
    assert len(reader.pages) == math.ceil(count / 4) * 2
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_LANDSCAPE)
        assert page.mediabox.width > page.mediabox.height


def test_letter_pages_become_half_letter_on_letter_landscape() -> None:
    reader = PdfReader(io.BytesIO(impose_booklet(source_pdf(6, HALF_LETTER))))
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


def test_a5_page_is_placed_at_print_size_in_its_half() -> None:
    page = PdfReader(io.BytesIO(impose_booklet(source_pdf(4)))).pages[0]
    (_, x, y, a), = [w for w in words(page) if w[0] == "P01"]
    assert a == pytest.approx(1, rel=1e-6)  # not shrunk: the booklet's pages are laid out at A5
    assert x == pytest.approx(A5[0] + 40, abs=0.01)
    assert y == pytest.approx(A5[1] - 60, abs=0.01)


def test_landscape_pages_are_turned_to_fit() -> None:
    pdf = impose_booklet(source_pdf(4, landscape_pages=(1,)))
    page = PdfReader(io.BytesIO(pdf)).pages[1]  # back of sheet 1: P02 (a landscape page) on the left
    (_, x, y, a), = [w for w in words(page) if w[0] == "P02"]
    assert a == pytest.approx(0, abs=1e-6)  # the text now runs up the page
    # The label sat 40 pt from the left and 60 pt below the top; the page's top now faces the half's left edge.
    assert (x, y) == pytest.approx((60, 40), abs=0.5)
    assert ("P04" in sides(pdf)[0][0]) and sides(pdf)[1] == ("P02", "P03")


def test_same_input_gives_identical_bytes() -> None:
    src = source_pdf(17, landscape_pages=(16,))
    first, second = impose_booklet(src), impose_booklet(src)
    assert first == second
    meta = PdfReader(io.BytesIO(first)).metadata
    assert meta is not None and meta.title == "Test handbook"


# --- real booklets -------------------------------------------------------------------------------------------

BOOKLETS = {  # (paper, lang, clinic, baby's name and birth date)
    "a4-en-GB": ("a4", "en-GB", None, ("Robin", date(2026, 7, 20))),
    # US English defaults to Letter; a newborn has the longest help panel
    "letter-en-US-newborn": (None, "en-US", None, ("Sam", date(2026, 11, 10))),
    "a4-clinic": ("a4", "en-GB", REPO / "content" / "samples" / "sample-clinic.yaml", ("Robin", date(2026, 7, 20))),
}
EMERGENCY = {"a4-en-GB": "999", "letter-en-US-newborn": "911", "a4-clinic": "999"}


def _request(paper: str | None, lang: str, clinic: Path | None, baby: tuple[str, date]) -> BuildRequest:
    return BuildRequest(baby=Baby(name=baby[0], birth_date=baby[1]), on=date(2026, 11, 24), paper=paper,
                        lang=lang, booklet=True,
                        clinic=load_clinic(clinic, printable=cannot_print) if clinic else None)


@dataclass(frozen=True)
class Built:
    name: str
    pages: PdfReader  # the booklet's pages in reading order
    sheets: PdfReader  # imposed on sheets
    texts: list[str]  # each page's text, whitespace folded (extracted once: it is the slow part)


@pytest.fixture(scope="module", params=list(BOOKLETS))
def booklet(request: pytest.FixtureRequest) -> Built:
    """A real booklet, built once per module."""
    pages = build_pdf(_request(*BOOKLETS[request.param]), impose=False)
    sheets = impose_booklet(pages, back_cover=True)
    reader = PdfReader(io.BytesIO(pages))
    texts = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    return Built(request.param, reader, PdfReader(io.BytesIO(sheets)), texts)


def _content_words(text: str) -> list[str]:
    """The page's words, less its footer line ("Page 3 of 40" and the handbook's name)."""
    text = re.sub(r"Page \d+ of \d+", "", text)
    text = re.sub(r"\w+'s massage handbook( · Meadowbank Family Clinic · \S*)?", "", text)
    return text.split()


def test_booklet_pages_are_half_sheets_and_fill_whole_sheets(booklet: Built) -> None:
    name, pages, sheets = booklet.name, booklet.pages, booklet.sheets
    page, sheet = (HALF_LETTER, LETTER_LANDSCAPE) if name.startswith("letter") else (A5, A4_LANDSCAPE)
    assert len(pages.pages) >= 8
    assert len(pages.pages) % 4 == 0  # planned in: no blank page pads the last sheet
    assert len(sheets.pages) == len(pages.pages) // 2
    for p in pages.pages:  # every page upright and the booklet's size: no sideways chart
        assert (float(p.mediabox.width), float(p.mediabox.height)) == pytest.approx(page)
    for s in sheets.pages:
        assert (float(s.mediabox.width), float(s.mediabox.height)) == pytest.approx(sheet)


def test_no_booklet_page_is_blank(booklet: Built) -> None:
    thin = [i + 1 for i, text in enumerate(booklet.texts) if len(_content_words(text)) < 5]
    assert thin == []
    for s in booklet.sheets.pages:  # and both halves of every printed side carry something
        half = float(s.mediabox.width) / 2
        xs = [t.x for t in shown_text(s)]
        assert any(x < half for x in xs) and any(x >= half for x in xs)


def test_outside_back_is_when_to_get_help_and_the_front_is_the_cover(booklet: Built) -> None:
    name, texts = booklet.name, booklet.texts
    number = EMERGENCY[name]
    # The outside back, the side on the fridge, is the emergency: the number, its signs, the lines to write in.
    back = texts[-1]
    assert f"Emergency: {number}" in back and f"Call {number} now" in back and "Phone:" in back
    assert back.count(f"Emergency: {number}") == 1  # once, large, at the top (the footer comes first in the text)
    # The section starts on the inside pages before it, with the same-day and watch levels.
    start = max(i for i, t in enumerate(texts[:-1]) if "When to get help" in t)
    assert len(texts) - 3 <= start < len(texts) - 1  # one or two inside pages, then the outside back
    inside = " ".join(texts[start:-1])
    assert "Same day:" in inside and "Watch:" in inside and f"Call {number} now" not in inside
    assert "see the back page" in texts[0] and BOOKLETS[name][3][0] in texts[0]
    notes = [i for i, t in enumerate(texts) if "Questions for your" in t or "Notes What" in t]
    assert all(i < start for i in notes)  # spare pages go before the back cover, never after it
    if name == "a4-clinic":  # the clinic's page faces the inside back, where the panel starts
        assert "Your clinic Meadowbank Family Clinic" in texts[start - 1] and (start + 1) % 2 == 1  # a right page


def test_booklet_points_to_the_chart_sheet_instead_of_printing_it_sideways(booklet: Built) -> None:
    text = " ".join(booklet.texts)
    assert "tracking chart" in text and "Your chart is a separate sheet" in text
    assert "Ongoing log" not in text  # the charts themselves are not in the booklet
    assert "{{" not in text  # the chart's title is filled in ("Robin's tracking chart"), not printed as a template


def test_body_text_is_11_pt_at_print_size_through_the_imposition(booklet: Built) -> None:
    name, pages, sheets = booklet.name, booklet.pages, booklet.sheets
    if name != "a4-en-GB":
        # The imposition places every page unscaled (measured in full for A4 below).
        ctms = [op for s in sheets.pages for op in ContentStream(s.get_contents(), sheets).operations
                if op[1] == b"cm"]
        assert ctms and all([float(v) for v in ops[:4]] == [1, 0, 0, 1] for ops, _ in ctms)
        return
    printed = size_census(list(sheets.pages))
    assert printed == size_census(list(pages.pages))  # the same sizes on paper as laid out
    assert body_size(list(sheets.pages)) >= 11


def _placed(page) -> list[tuple[str, float]]:
    """Each shown string and the x where it starts on the page."""
    out: list[tuple[str, float]] = []
    page.extract_text(visitor_text=lambda t, cm, tm, f, s: out.append((t, mul(tm, cm)[4])) if t.strip() else None)
    return out


def test_margins_mirror_and_page_numbers_sit_on_the_outside_edge(booklet: Built) -> None:
    pages = booklet.pages
    width = float(pages.pages[0].mediabox.width)
    for number in (4, 5, 6, 7):
        placed = _placed(pages.pages[number - 1])
        (x,) = [x for t, x in placed if t.startswith(f"Page {number} of")]
        left_edge = min(t.x for t in shown_text(pages.pages[number - 1]) if t.y > 20 * mm)  # above the footer
        if number % 2:  # a right-hand page: number at the right, the gutter (wide margin) at the left
            assert x > width / 2 and left_edge > 18 * mm
        else:
            assert x < width / 2 and left_edge < 16 * mm


def test_booklet_rebuilds_byte_for_byte() -> None:
    req = _request(*BOOKLETS["a4-en-GB"])
    assert build_pdf(req) == build_pdf(req, cache=BuildCache())


@pytest.mark.parametrize("pages", [5, 6, 7, 8])
def test_spare_pages_fill_the_last_sheet_before_the_back_cover(pages: int) -> None:
    from handbook.compose import blocks as b
    from handbook.render.document import render_pdf

    body: list[b.Block] = []
    for i in range(1, pages):
        body += [b.PageBreak()] if i > 1 else []
        body.append(b.Para(f"Page of text number {i}, with a few words on it."))
    back = (b.PageBreak(), b.Para("The back cover, when to get help."))
    spares = tuple((b.PageBreak(), b.NotesPage(f"Spare {n}", "Lines to write on.")) for n in (1, 2, 3))
    doc = b.Document("T", "S", "A", "en", "F", blocks=(*body, *back), spares=spares, spare_at=len(body))
    reader = PdfReader(io.BytesIO(render_pdf(doc, paper="a4", on=date(2026, 11, 24), booklet=True)))
    texts = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    assert len(texts) == math.ceil(pages / 4) * 4
    used = [t for t in texts if "Spare" in t]
    assert len(used) == -pages % 4 and all("Lines to write on." in t for t in used)
    assert "The back cover" in texts[-1]


@pytest.mark.parametrize("lang", ["en-GB", "en-US", "ru-RU", "es-ES"])
def test_booklet_words_exist_in_every_locale(lang: str) -> None:
    """The pointer to the chart and the spare pages have words in every locale, even one whose YAML does not
    list the booklet's strings yet."""
    from handbook.compose import blocks as b
    from handbook.compose.booklet import chart_pointer
    from handbook.compose.edition import compose
    from handbook.compose.sections import Composer
    from handbook.content.loader import cached_content
    from handbook.pipeline import prepare
    from tests.conftest import walk_blocks

    req = BuildRequest(baby=Baby(name="Robin", birth_date=date(2026, 7, 20)), on=date(2026, 11, 24), lang=lang,
                       booklet=True)
    ctx, content = prepare(req), cached_content(None).loaded.content
    pointer = chart_pointer(Composer(ctx, content))[-1]
    assert isinstance(pointer, b.Box) and pointer.title
    assert all(isinstance(p, b.Para) and len(p.text.split()) > 10 for p in pointer.body)
    doc = compose(ctx, content, booklet=True)
    notes = [blk for spare in doc.spares for blk in spare if isinstance(blk, b.NotesPage)]
    assert len(notes) == 3 and all(n.title and n.lead for n in notes)
    assert not any(isinstance(blk, b.Chart) for blk in walk_blocks(doc.blocks))  # no chart printed sideways
