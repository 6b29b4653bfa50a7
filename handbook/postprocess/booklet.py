"""Saddle-stitch booklet imposition: two pages side by side on each side of a landscape sheet, in folding order.

The pages come laid out at print size (A5 for A4 paper, half-Letter for Letter, see render.document), so they are
placed 2-up without scaling: the sheet is two pages wide. Print double-sided, flipping on the short edge, then
fold the stack in half and staple on the fold.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import cast

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
)

PRODUCER = "handbook (ReportLab, booklet by pypdf)"
_KEEP_METADATA = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/CreationDate", "/ModDate")


@dataclass(frozen=True)
class Sheet:
    """The landscape sheet: two portrait halves of half_width × height each."""

    width: float
    height: float

    @property
    def half_width(self) -> float:
        return self.width / 2


def sheet_for(pages: list[PageObject]) -> Sheet:
    """Two of the first portrait page side by side (A5 → A4 landscape, half-Letter → Letter landscape);
    landscape-only input uses its short side as the page width."""
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pages]
    portrait = next(((w, h) for w, h in sizes if w <= h), None)
    short, long = portrait if portrait else (min(sizes[0]), max(sizes[0]))
    return Sheet(width=2 * short, height=long)


def sheet_order(count: int) -> list[tuple[int, int]]:
    """Page indices (left, right) for each printed side, padded to a multiple of 4 (indices ≥ count are blank).

    Sheet i carries [n-1-2i, 2i] on the front and [2i+1, n-2-2i] on the back.
    """
    n = -(-count // 4) * 4
    sides: list[tuple[int, int]] = []
    for i in range(n // 4):
        sides.append((n - 1 - 2 * i, 2 * i))
        sides.append((2 * i + 1, n - 2 - 2 * i))
    return sides


def placement(page: PageObject, sheet: Sheet, slot: int) -> Transformation:
    """Place the page in the left or right half: at print size when it is the booklet's page size (scale 1);
    other pages are scaled (and landscape ones turned a quarter) to fit, centred."""
    box = page.mediabox
    w, h = float(box.width), float(box.height)
    t = Transformation().translate(-float(box.left), -float(box.bottom))
    if w > h:  # a landscape page (the chart): its top goes to the half's left edge
        t = t.rotate(90).translate(h, 0)
        w, h = h, w
    scale = min(sheet.half_width / w, sheet.height / h)
    x = slot * sheet.half_width + (sheet.half_width - w * scale) / 2
    y = (sheet.height - h * scale) / 2
    return t.scale(scale, scale).translate(x, y)


def _strip_internal_links(page: PageObject) -> None:
    """Links to other pages would drag the whole source document in, and a booklet has no page to jump to."""
    annots = page.get("/Annots")
    if annots is None:
        return
    kept = ArrayObject()
    for ref in annots.get_object():
        annot = ref.get_object()
        action = annot.get("/A")
        internal = "/Dest" in annot or (action is not None and action.get_object().get("/S") != "/URI")
        if not (annot.get("/Subtype") == "/Link" and internal):
            kept.append(ref)
    if kept:
        page[NameObject("/Annots")] = kept
    else:
        del page[NameObject("/Annots")]


def _copy_form(reader: PdfReader, writer: PdfWriter) -> None:
    """Keep fillable output fillable: register the moved widgets in the booklet's own AcroForm."""
    source = reader.root_object.get("/AcroForm")
    widgets = ArrayObject(
        ref
        for page in writer.pages
        for ref in cast(ArrayObject, (page.get("/Annots") or ArrayObject()).get_object())
        if ref.get_object().get("/Subtype") == "/Widget"
    )
    if source is None or not widgets:
        return
    source = source.get_object()
    form = DictionaryObject({NameObject("/Fields"): widgets})
    for key in ("/DA", "/DR", "/NeedAppearances"):
        if key in source:
            form[NameObject(key)] = source[key].clone(writer) if key == "/DR" else source[key]
    writer.root_object[NameObject("/AcroForm")] = form


def booklet_pages(count: int, *, back_cover: bool = False) -> list[int | None]:
    """Source page index for each booklet page, blanks (None) padding to a multiple of 4.

    Blanks go at the end; with back_cover the last page stays the outside back (the clinic's contact page)
    and the blanks go just before it.
    """
    pad = [None] * (-count % 4)
    pages: list[int | None] = list(range(count))
    if back_cover and count > 1:
        return [*pages[:-1], *pad, pages[-1]]
    return [*pages, *pad]


def _page_bytes(page: PageObject) -> bytes:
    """The page's content as one byte string, read without parsing it into operators (that is slow)."""
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    parts = contents if isinstance(contents, ArrayObject) else [contents]
    return b"\n".join(part.get_object().get_data() for part in parts)


def _as_form(page: PageObject, writer: PdfWriter) -> IndirectObject:
    """Wrap a source page as a Form XObject in the writer: drawn with one `cm … Do`, clipped to its box."""
    box = page.mediabox
    form = DecodedStreamObject()
    form.set_data(_page_bytes(page))
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (box.left, box.bottom, box.right, box.top)),
    })
    resources = page.get("/Resources")
    if resources is not None:
        form[NameObject("/Resources")] = resources.get_object().clone(writer)
    return writer._add_object(form.flate_encode())


def _draw(side: PageObject, writer: PdfWriter, placed: list[tuple[IndirectObject, Transformation]]) -> None:
    xobjects = DictionaryObject()
    ops = []
    for i, (form, t) in enumerate(placed):
        xobjects[NameObject(f"/Pg{i}")] = form
        ops.append("q " + " ".join(f"{v:.6f}" for v in t.ctm) + f" cm /Pg{i} Do Q")
    content = DecodedStreamObject()
    content.set_data(("\n".join(ops) + "\n").encode("ascii"))
    side[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    side[NameObject("/Contents")] = writer._add_object(content.flate_encode())


def _move_annotations(side: PageObject, page: PageObject, t: Transformation) -> None:
    """Carry form fields and web links across, placed like the page (pypdf moves and turns their boxes)."""
    if not page.get("/Annots"):
        return
    stub = PageObject.create_blank_page(width=page.mediabox.width, height=page.mediabox.height)
    stub[NameObject("/Annots")] = page["/Annots"]
    side.merge_transformed_page(stub, t)  # no content to parse: only the annotations are merged


def impose_booklet(pdf: bytes, *, back_cover: bool = False) -> bytes:
    """Return the booklet PDF: sheets × 2 landscape pages; the same input always gives the same bytes."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    if not pages:
        raise ValueError("cannot make a booklet of a PDF without pages")
    for page in pages:
        if page.rotation:
            page.transfer_rotation_to_content()
        _strip_internal_links(page)
    sheet = sheet_for(pages)
    order = booklet_pages(len(pages), back_cover=back_cover)
    writer = PdfWriter()
    forms = [_as_form(page, writer) for page in pages]
    for left, right in sheet_order(len(order)):
        side = writer.add_blank_page(sheet.width, sheet.height)
        placed = [(index, placement(pages[index], sheet, slot))
                  for slot, index in enumerate((order[left], order[right])) if index is not None]
        _draw(side, writer, [(forms[index], t) for index, t in placed])
        for index, t in placed:
            _move_annotations(side, pages[index], t)
    _copy_form(reader, writer)
    meta = {k: str(v) for k, v in (reader.metadata or {}).items() if k in _KEEP_METADATA}
    writer.add_metadata({**meta, "/Producer": PRODUCER})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
