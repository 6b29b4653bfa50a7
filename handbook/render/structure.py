"""Tagged PDF, the file side: after ReportLab has written the PDF, add what PDF/UA-1 asks of the document.

The structure tree from the elements and marks that tagging.py collected while drawing, the parent tree (page
MCIDs and annotations back to their elements), /MarkInfo, /Lang, /ViewerPreferences /DisplayDocTitle, XMP
metadata with the PDF/UA identifier, /Tabs /S on pages with annotations, /Contents on links — and a repair of
ReportLab's ToUnicode maps, which give unused codes 0-31 the value U+0000 (PDF/UA-1 §7.21.7).

Written as text straight into ReportLab's output (its objects are plain dictionaries with a classic xref
table), because a handbook has over a thousand structure elements and building them as pikepdf objects
doubled the build time. Nothing of the drawing changes; tests read the result back with pikepdf and check it
with two PDF/UA validators.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from functools import partial

from handbook.cache import remember
from handbook.render.tagging import Marks, Node

# Elements kept even when nothing was drawn in them, so every table row has all its cells.
_KEEP_EMPTY = frozenset({"TD", "TH"})
_HEADINGS = frozenset(f"H{n}" for n in range(1, 7))


def escape(data: str) -> str:
    """XML text escaping, as xml.sax.saxutils.escape does it (importing that module pulls in urllib, http and
    ssl, some 20 ms of every cold start)."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


@dataclass(frozen=True)
class DocInfo:
    title: str
    lang: str
    author: str
    subject: str


def pdf_text(text: str) -> str:
    """Any text as a PDF string: UTF-16BE with its byte-order mark, in hex (no escaping to get wrong)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _find(pattern: bytes, data: bytes) -> re.Match[bytes]:
    """A match that must be there: ReportLab always writes it."""
    m = re.search(pattern, data)
    if m is None:
        raise ValueError(f"not a PDF as ReportLab writes it: no {pattern!r}")
    return m


_XREF_ROW = struct.Struct(">BIH")  # a cross-reference stream row: type, offset or object stream, generation or index


class _Pdf:
    """ReportLab's output as numbered object bodies, to change some and add others before writing it again."""

    def __init__(self, data: bytes) -> None:
        self.head = data[: data.index(b"\n1 0 obj\n") + 1]
        at = data.rindex(b"\nxref\n")
        m = _find(rb"\A\nxref\n0 (\d+)\n", data[at:])
        count = int(m[1])
        table = data[at + m.end(): at + m.end() + 20 * count]
        offsets = [int(table[i * 20: i * 20 + 10]) for i in range(1, count)]
        self.objects: dict[int, bytes] = {}
        for num, start in enumerate(offsets, 1):
            body_at = data.index(b" 0 obj\n", start) + 7
            end = data.index(b"endobj\n", body_at)
            self.objects[num] = data[body_at:end]
        trailer = data[data.index(b"\ntrailer\n", at):]
        self.root = int(_find(rb"/Root (\d+) 0 R", trailer)[1])
        self.info = int(_find(rb"/Info (\d+) 0 R", trailer)[1])
        self.ident = _find(rb"/ID\s*(\[<[0-9a-f]+><[0-9a-f]+>\])", trailer)[1]
        self.size = count
        self.first_new = count  # objects from here on are ours: packed into one compressed object stream
        self.streams: set[int] = set()  # ... except these

    def add(self, body: str | bytes) -> int:
        num = self.size
        self.size += 1
        self.objects[num] = body.encode("latin-1") if isinstance(body, str) else body
        return num

    def reserve(self) -> int:
        num = self.size
        self.size += 1
        return num

    def set(self, num: int, body: str | bytes) -> None:
        self.objects[num] = body.encode("latin-1") if isinstance(body, str) else body

    def extend(self, num: int, entries: str) -> None:
        """Add `entries` to the dictionary that is object `num` (ReportLab ends each with a newline and >>)."""
        body = self.objects[num]
        close = body.rindex(b">>")
        self.objects[num] = body[:close] + entries.encode("latin-1") + b"\n" + body[close:]

    def pages(self) -> list[int]:
        pages_ref = int(_find(rb"/Pages (\d+) 0 R", self.objects[self.root])[1])
        return self._kids(pages_ref)

    def _kids(self, num: int) -> list[int]:
        body = self.objects[num]
        if b"/Type /Pages" not in body:
            return [num]
        kids = _find(rb"/Kids \[([^\]]*)\]", body)[1]
        return [p for k in re.findall(rb"(\d+) 0 R", kids) for p in self._kids(int(k))]

    def annots(self, page: int) -> list[int]:
        m = re.search(rb"/Annots \[([^\]]*)\]", self.objects[page])
        return [int(k) for k in re.findall(rb"(\d+) 0 R", m[1])] if m else []

    def write(self) -> bytes:
        """The file again: ReportLab's objects as they were (or changed), ours in one compressed object stream,
        and a cross-reference stream (PDF 1.5+; the header says 1.7, the version PDF/UA-1 is built on)."""
        head = self.head.replace(b"%PDF-1.4", b"%PDF-1.7", 1)
        out = [head]
        at = len(head)
        stm = self.size
        xref = stm + 1
        pack = _XREF_ROW.pack
        rows = [pack(0, 0, 65535)] * (xref + 1)  # the cross-reference rows, by object number
        objects, streams = self.objects, self.streams
        for num in (*range(1, self.first_new), *sorted(streams)):
            opening, body = b"%d 0 obj\n" % num, objects[num]
            rows[num] = pack(1, at, 0)
            out += (opening, body, b"endobj\n")
            at += len(opening) + len(body) + 7
        packed = [n for n in range(self.first_new, stm) if n not in streams]
        index, bodies, offset = [], [], 0
        for i, num in enumerate(packed):
            body = objects[num]
            index.append(b"%d %d" % (num, offset))
            bodies.append(body)
            offset += len(body)
            rows[num] = pack(2, stm, i)
        header = b" ".join(index) + b"\n"
        data = zlib.compress(header + b"".join(bodies), 1)  # fast: most of the time tagging costs is here
        chunk = (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
                 % (stm, len(packed), len(header), len(data)) + data + b"\nendstream\nendobj\n")
        rows[stm] = pack(1, at, 0)
        out.append(chunk)
        at += len(chunk)
        rows[xref] = pack(1, at, 0)
        table = zlib.compress(b"".join(rows))
        out.append(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %d 0 R /ID %s "
                   b"/Filter /FlateDecode /Length %d >>\nstream\n" % (xref, xref + 1, self.root, self.info, self.ident,
                                                                       len(table))
                   + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % at)
        return b"".join(out)


def write_structure(pdf_bytes: bytes, root: Node, marks: Marks, info: DocInfo,
                    to_unicode: dict | None = None) -> bytes:
    """ReportLab's PDF with what PDF/UA-1 asks of it; `to_unicode` keeps the repaired ToUnicode maps between
    builds (see _fix_to_unicode)."""
    pdf = _Pdf(pdf_bytes)
    pages = pdf.pages()
    page_ref = [f"{p} 0 R" for p in pages]
    page_annots = {i: pdf.annots(p) for i, p in enumerate(pages)}
    written = _written(root, marks)
    tree = pdf.reserve()
    by_page: list[dict[int, str]] = [{} for _ in pages]
    annot_elems: list[tuple[int, str]] = []  # annotation object, its element
    annots_of: dict[Node, list[tuple[int, int]]] = {}
    for page, index, node in marks.annots:
        annots_of.setdefault(node, []).append((page, index))
    content = marks.content
    new: dict[int, str] = {}  # the elements, as text; about a thousand of them, so kept lean
    next_num = pdf.size
    last_level = 0

    def ref(num: int) -> str:
        return f"{num} 0 R"

    def make(node: Node, parent: str) -> tuple[str, int | None]:
        """The element's reference and first page (its own content's, else its first child's); headings never
        skip a level (an H3 straight after an H1 becomes an H2), so the outline reads in order."""
        nonlocal next_num, last_level
        num = next_num
        next_num += 1
        me = f"{num} 0 R"
        role = node.role
        if role in _HEADINGS:
            last_level = min(int(role[1]), last_level + 1)
            role = node.role = f"H{last_level}"
        kids: list[str] = []
        spots = content.get(node)
        own = annots_of.get(node)
        home = spots[0][0] if spots else own[0][0] if own else None
        if spots:
            for page, mcid in spots:
                by_page[page][mcid] = me
                kids.append(str(mcid) if page == home else f"<< /Type /MCR /Pg {page_ref[page]} /MCID {mcid} >>")
        for page, index in own or ():
            annot = page_annots[page][index]
            body = pdf.objects[annot]
            objr = f"<< /Type /OBJR /Obj {annot} 0 R /Pg {page_ref[page]} >>"
            kind = "Link" if b"/Subtype /Link" in body else "Form" if b"/Subtype /Widget" in body else ""
            if kind and role != kind:  # the annotation gets an element of its own inside this one
                inner = f"{next_num} 0 R"
                new[next_num] = f"<< /Type /StructElem /S /{kind} /P {me} /Pg {page_ref[page]} /K [{objr}] >>\n"
                next_num += 1
                kids.append(inner)
                annot_elems.append((annot, inner))
            else:
                kids.append(objr)
                annot_elems.append((annot, me))
            if kind == "Link" and b"/Contents ()" in body:
                pdf.set(annot, body.replace(b"/Contents ()", b"/Contents " + pdf_text(node.alt).encode(), 1))
        for child in node.children:
            if written[child]:
                child_ref, child_home = make(child, me)
                kids.append(child_ref)
                if home is None:
                    home = child_home
        extra = f" /Pg {page_ref[home]}" if home is not None else ""
        if role == "Figure" and node.alt:
            extra += f" /Alt {pdf_text(node.alt)}"
        if node.scope:
            extra += f" /A << /O /Table /Scope /{node.scope} >>"
        new[num] = f"<< /Type /StructElem /S /{role} /P {parent}{extra} /K [{' '.join(kids)}] >>\n"
        return me, home

    top = make(root, ref(tree))[0] if written[root] else None
    pdf.size = next_num
    pdf.objects.update((n, body.encode("latin-1")) for n, body in new.items())
    nums: list[str] = []
    for i, page in enumerate(pages):
        found = by_page[i]
        entries = pdf.add("[" + " ".join(found[m] for m in sorted(found)) + "]\n")
        nums.append(f"{i} {ref(entries)}")
        pdf.extend(page, f" /StructParents {i}" + (" /Tabs /S" if page_annots[i] else ""))
    key = len(pages)
    for annot, elem in annot_elems:
        pdf.extend(annot, f" /StructParent {key}")
        nums.append(f"{key} {elem}")
        key += 1
    parent_tree = pdf.add(f"<< /Nums [{' '.join(nums)}] >>\n")
    kids = f"[{top}]" if top is not None else "[]"
    pdf.set(tree, f"<< /Type /StructTreeRoot /K {kids} /ParentTree {ref(parent_tree)} "
                  f"/ParentTreeNextKey {key} /RoleMap << >> >>\n")
    xmp = _xmp(pdf, info).encode("utf-8")
    meta = pdf.add(b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp) + xmp + b"\nendstream\n")
    pdf.streams.add(meta)
    catalog = re.sub(rb"/Lang \([^)]*\)\s?", b"", pdf.objects[pdf.root])  # written again below, as text
    pdf.set(pdf.root, catalog)
    pdf.extend(pdf.root, f" /Lang {pdf_text(info.lang)} /MarkInfo << /Marked true >> /Metadata {ref(meta)} "
                         f"/StructTreeRoot {ref(tree)} /ViewerPreferences << /DisplayDocTitle true >>")
    _fix_to_unicode(pdf, {} if to_unicode is None else to_unicode)
    return pdf.write()


def _written(root: Node, marks: Marks) -> dict[Node, bool]:
    """Which elements are written: those with content or annotations in them, and every cell of a written
    table row (so rows keep their shape)."""
    owned: dict[Node, bool] = {}
    annotated = {n for _, _, n in marks.annots}

    content = marks.content

    def walk(node: Node) -> bool:
        any_child = False
        for child in node.children:
            any_child = walk(child) or any_child
        has = owned[node] = any_child or node in content or node in annotated
        if has and node.role == "TR":  # its cells have been walked: they are kept whatever they hold
            for cell in node.children:
                if cell.role in _KEEP_EMPTY:
                    owned[cell] = True
        return has

    walk(root)
    return owned


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
<xmp:CreateDate>{created}</xmp:CreateDate>
<xmp:ModifyDate>{modified}</xmp:ModifyDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _xmp(pdf: _Pdf, info: DocInfo) -> str:
    docinfo = pdf.objects[pdf.info]

    def date_of(key: bytes) -> str:
        m = re.search(rb"/" + key + rb" \((D:[^)]*)\)", docinfo)
        return _iso(m[1].decode("latin-1")) if m else ""

    return _XMP.format(
        title=escape(info.title), author=escape(info.author), subject=escape(info.subject), lang=escape(info.lang),
        created=date_of(b"CreationDate"), modified=date_of(b"ModDate"),
    )


def _iso(pdf_date: str) -> str:
    """D:20261124000000+00'00' → 2026-11-24T00:00:00+00:00 (the Info dictionary and XMP must agree)."""
    d = pdf_date.removeprefix("D:")
    stamp = f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}"
    zone = d[14:]
    if not zone or zone.startswith("Z"):
        return stamp + "Z"
    return f"{stamp}{zone[0]}{zone[1:3]}:{zone[4:6]}"


_ZERO_ENTRY = re.compile(rb"<[0-9A-Fa-f]{2}> <0000>\n?")
_BFCHAR_COUNT = re.compile(rb"(\d+) beginbfchar")
_TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")


def _fix_to_unicode(pdf: _Pdf, fixed: dict) -> None:
    """Drop the `<code> <0000>` entries of ReportLab's subset ToUnicode maps: those codes are never used, and
    a map to U+0000 breaks PDF/UA-1 §7.21.7. `fixed` has the repaired object of each map seen before (None:
    nothing to repair): most handbooks embed the same subsets."""
    cmaps = {int(m[1]) for n in range(1, pdf.first_new) for m in _TO_UNICODE.finditer(pdf.objects[n])
             if b"/ToUnicode" in pdf.objects[n]}
    for num in sorted(cmaps):
        body = pdf.objects[num]
        repaired = remember(fixed, body, partial(_fixed_map, body), limit=64)
        if repaired is not None:
            pdf.set(num, repaired)


def _fixed_map(body: bytes) -> bytes | None:
    """The ToUnicode stream object `body` without its entries for U+0000; None if it has none, or is not
    written as ReportLab writes it."""
    start = body.index(b"stream\n") + 7
    end = body.rindex(b"endstream")
    raw = body[start:end].rstrip(b"\r\n")
    head = body[:start]
    if b"/FlateDecode" in head and b"/ASCII85Decode" not in head:
        data = zlib.decompress(raw)
    elif b"/Filter" not in head:
        data = raw
    else:
        return None  # not a form ReportLab writes here; leave it
    fixed, n = _ZERO_ENTRY.subn(b"", data)
    if not n:
        return None
    count = int(_find(_BFCHAR_COUNT.pattern, fixed)[1]) - n
    fixed = _BFCHAR_COUNT.sub(b"%d beginbfchar" % count, fixed, count=1)
    packed = zlib.compress(fixed)
    return b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed) + packed + b"\nendstream\n"
