"""Tagged PDF, the file side: after ReportLab has written the PDF, add what PDF/UA-1 asks of the document.

The structure tree from the elements and marks that tagging.py collected while drawing, the parent tree (page
MCIDs and annotations back to their elements), /MarkInfo, /Lang, /ViewerPreferences /DisplayDocTitle, XMP
metadata with the PDF/UA identifier, /Tabs /S on pages with annotations, /Contents on links — and a repair of
ReportLab's ToUnicode maps, which give unused codes 0-31 the value U+0000 (PDF/UA-1 §7.21.7).
The object work is done with pikepdf (qpdf); nothing of the drawing changes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from handbook.render.tagging import Marks, Node

# Elements kept even when nothing was drawn in them, so every table row has all its cells.
_KEEP_EMPTY = frozenset({"TD", "TH"})
_HEADING = re.compile(r"H([1-6])")


@dataclass(frozen=True)
class DocInfo:
    title: str
    lang: str
    author: str
    subject: str


def write_structure(pdf_bytes: bytes, root: Node, marks: Marks, info: DocInfo) -> bytes:
    pdf = pikepdf.Pdf.open(io.BytesIO(pdf_bytes))
    pages = [p.obj for p in pdf.pages]
    _clamp_headings(root)
    owned = _subtree_content(root, marks)
    tree = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    by_page: dict[int, dict[int, object]] = {}
    annot_elems: list[tuple[int, int, object]] = []
    annots_of: dict[Node, list[tuple[int, int]]] = {}
    for page, index, node in marks.annots:
        annots_of.setdefault(node, []).append((page, index))

    def make(node: Node, parent) -> object | None:
        if not owned.get(node):
            return None
        elem = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent))
        kids = Array()
        spots = marks.content.get(node, ())
        home = spots[0][0] if spots else None
        for page, mcid in spots:
            by_page.setdefault(page, {})[mcid] = elem
            if page == home:
                kids.append(mcid)
            else:
                kids.append(Dictionary(Type=Name.MCR, Pg=pages[page], MCID=mcid))
        for page, index in annots_of.get(node, ()):
            annot = pages[page].Annots[index]
            target = elem
            if annot.get("/Subtype") == Name.Link and node.role != "Link":
                target = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=elem))
                kids.append(target)
                target.K = Array()
            elif annot.get("/Subtype") == Name.Widget and node.role != "Form":
                target = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Form, P=elem))
                kids.append(target)
                target.K = Array()
            objr = Dictionary(Type=Name.OBJR, Obj=annot, Pg=pages[page])
            if target is elem:
                kids.append(objr)
            else:
                target.K.append(objr)
                target.Pg = pages[page]
            annot_elems.append((page, index, target))
            if annot.get("/Subtype") == Name.Link and not str(annot.get("/Contents", "")):
                annot.Contents = String(node.alt or _text_of(node))
        for child in node.children:
            made = make(child, elem)
            if made is not None:
                kids.append(made)
        if home is None:
            home = _first_page(node, marks, annots_of)
        if home is not None:
            elem.Pg = pages[home]
        elem.K = kids
        if node.alt and node.role == "Figure":
            elem.Alt = String(node.alt)
        if node.scope:
            elem.A = Dictionary(O=Name.Table, Scope=Name("/" + node.scope))
        return elem

    top = make(root, tree)
    tree.K = Array([top]) if top is not None else Array()
    nums = Array()
    for i, page in enumerate(pages):
        page.StructParents = i
        found = by_page.get(i, {})
        nums.append(i)
        nums.append(pdf.make_indirect(Array([found[m] for m in sorted(found)])))
    key = len(pages)
    for page, index, elem in annot_elems:
        annot = pages[page].Annots[index]
        annot.StructParent = key
        nums.append(key)
        nums.append(elem)
        key += 1
    for page in pages:
        if "/Annots" in page and len(page.Annots):
            page.Tabs = Name.S
    tree.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    tree.ParentTreeNextKey = key
    tree.RoleMap = Dictionary()
    cat = pdf.Root
    cat.StructTreeRoot = tree
    cat.MarkInfo = Dictionary(Marked=True)
    cat.Lang = String(info.lang)
    cat.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    cat.Metadata = pdf.make_stream(_xmp(pdf, info).encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)
    _fix_to_unicode(pdf)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _clamp_headings(root: Node) -> None:
    """Headings never skip a level (an H3 straight after an H1 becomes an H2), so the outline reads in order."""
    last = 0
    stack = [root]
    while stack:
        node = stack.pop()
        m = _HEADING.fullmatch(node.role)
        if m:
            level = min(int(m[1]), last + 1)
            node.role, last = f"H{level}", level
        stack.extend(reversed(node.children))


def _subtree_content(root: Node, marks: Marks) -> dict[Node, bool]:
    """Which elements are written: those with content or annotations in them, and table cells of tables that
    have any."""
    owned: dict[Node, bool] = {}
    annotated = {n for _, _, n in marks.annots}

    def walk(node: Node) -> bool:
        any_child = False
        for child in node.children:
            any_child = walk(child) or any_child
        has = any_child or node in marks.content or node in annotated
        owned[node] = has
        return has

    walk(root)
    # Empty cells stay, so the rows of a drawn table keep their shape.
    stack = [root]
    while stack:
        node = stack.pop()
        if node.role == "TR" and owned.get(node):
            for cell in node.children:
                if cell.role in _KEEP_EMPTY:
                    owned[cell] = True
        stack.extend(node.children)
    return owned


def _first_page(node: Node, marks: Marks, annots_of) -> int | None:
    pages = [p for p, _ in marks.content.get(node, ())] + [p for p, _ in annots_of.get(node, ())]
    for child in node.children:
        p = _first_page(child, marks, annots_of)
        if p is not None:
            pages.append(p)
    return min(pages) if pages else None


def _text_of(node: Node) -> str:
    return node.alt


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
<xmp:CreateDate>{created}</xmp:CreateDate>
<xmp:ModifyDate>{modified}</xmp:ModifyDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _xmp(pdf: pikepdf.Pdf, info: DocInfo) -> str:
    docinfo = pdf.docinfo

    def get(key: str) -> str:
        return str(docinfo.get(key, ""))

    return _XMP.format(
        title=escape(info.title), author=escape(info.author), subject=escape(info.subject), lang=escape(info.lang),
        producer=escape(get("/Producer")), creator=escape(get("/Creator")),
        created=_iso(get("/CreationDate")), modified=_iso(get("/ModDate")),
    )


def _iso(pdf_date: str) -> str:
    """D:20261124000000+00'00' → 2026-11-24T00:00:00+00:00 (the Info dictionary and XMP must agree)."""
    d = pdf_date.removeprefix("D:")
    stamp = f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}"
    zone = d[14:]
    if zone in ("", "Z") or zone.startswith("Z"):
        return stamp + "Z"
    return f"{stamp}{zone[0]}{zone[1:3]}:{zone[4:6]}"


_ZERO_ENTRY = re.compile(rb"<[0-9A-Fa-f]{2}> <0000>\n?")
_BFCHAR_COUNT = re.compile(rb"(\d+) beginbfchar")


def _fix_to_unicode(pdf: pikepdf.Pdf) -> None:
    """Drop the `<code> <0000>` entries of ReportLab's subset ToUnicode maps: those codes are never used, and
    a map to U+0000 breaks PDF/UA-1 §7.21.7."""
    for obj in pdf.objects:
        if not isinstance(obj, Dictionary) or obj.get("/Type") != Name.Font:
            continue
        cmap = obj.get("/ToUnicode")
        if cmap is not None:
            data = cmap.read_bytes()
            fixed, n = _ZERO_ENTRY.subn(b"", data)
            if n:
                count = int(_BFCHAR_COUNT.search(fixed)[1]) - n
                fixed = _BFCHAR_COUNT.sub(str(count).encode() + b" beginbfchar", fixed, count=1)
                cmap.write(fixed)
