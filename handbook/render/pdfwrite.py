"""ReportLab's commonest PDF objects formatted straight to the bytes ReportLab writes for them.

ReportLab formats every value of every dictionary through one general function (a type test, a `hasattr`,
the name escaped again, its pdfdoc character-map codec for each number and name): two thirds of the time it
spent writing a handbook's pages, links, outline entries and figures. Here the same objects are written by
functions that know their types, through the same formatting rules (the same key order, line breaks every
six dictionary entries or ten array items, the same number formatting), and give back anything else to
ReportLab's own code. The document swaps its objects over to these classes just before writing them
(replay._Document); tests/test_pdf_format.py builds handbooks both ways and compares the bytes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sequence
from types import MappingProxyType
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc

from handbook.cache import remember


def fast(doc: pdfdoc.PDFDocument) -> bool:
    """Whether these formatters write `doc` as ReportLab would: not encrypted, and no comments in the file."""
    return isinstance(doc.encrypt, pdfdoc.NoEncryption) and (rl_config.invariant or not rl_config.pdfComments)


def _text(text: str) -> bytes:
    """pdfdocEnc: that codec leaves printable ASCII as it is."""
    return text.encode("ascii") if text.isascii() and text.isprintable() else pdfdoc.pdfdocEnc(text)


def _name(key: str, doc: Any) -> bytes:
    """A dictionary key as a PDF name, escaped once per cache (the keys are a few dozen names)."""
    names: dict[Hashable, bytes] = doc.pdf_names
    try:
        return names[key]
    except KeyError:
        return remember(names, key, lambda: _text(pdfdoc.PDFName(key)), limit=1024)


def value(v: Any, doc: pdfdoc.PDFDocument) -> bytes:
    """pdfdoc.format of a value inside an object (not at the top level)."""
    t = type(v)
    if t is str:
        return _text(v)
    if t is pdfdoc.PDFObjectReference:
        return b"%d %d R" % doc.idToObjectNumberAndVersion[v.name]
    if t is int or t is float:
        return pdfdoc.fp_str(v).encode("ascii")
    if t is pdfdoc.PDFDictionary and "__RefOnly__" not in v.__dict__:
        return dictionary(v.dict, doc, v.multiline)
    if t is pdfdoc.PDFArray and "__RefOnly__" not in v.__dict__:
        return array(v.sequence, doc, v.multiline)
    if t is bytes:
        return v
    if t is pdfdoc.PDFString:
        return _string(v, doc)
    if t is pdfdoc.PDFResourceDictionary:
        return _resources(v, doc)
    if t is pdfdoc.Destination and type(v.fmt) is pdfdoc.PDFDestinationFit and v.page is not None:
        v.fmt.page = v.page
        return array([doc.Reference(v.page), "/Fit"], doc, True)
    return pdfdoc.format(v, doc)


def dictionary(d: dict, doc: pdfdoc.PDFDocument, multiline: object = True) -> bytes:
    """PDFDictionary.format of a dictionary with this `multiline`."""
    keys = list(d)
    if not isinstance(d, OrderedDict):
        keys.sort()
    items = [_name(k, doc) + b" " + value(d[k], doc) for k in keys]
    if (multiline and rl_config.pdfMultiLine) or multiline == "forced":
        return b"<<\n" + b"\n ".join(items) + b"\n>>"
    for i in reversed(range(6, len(items), 6)):
        items.insert(i, b"\n ")
    return b"<<\n" + b" ".join(items) + b"\n>>"


_NUMBERS = frozenset((int, float))


def array(seq: Sequence, doc: pdfdoc.PDFDocument, multiline: object = True) -> bytes:
    """PDFArray.format of a sequence with this `multiline`."""
    lines = (multiline and rl_config.pdfMultiLine) or multiline == "forced"
    if not lines and 0 < len(seq) <= 10 and _NUMBERS.issuperset(map(type, seq)):
        return b"[ " + pdfdoc.fp_str(*seq).encode("ascii") + b" ]"  # a rectangle, a matrix: one call spaces them
    items = [value(e, doc) for e in seq]
    if lines:
        return b"[ " + b"\n ".join(items) + b" ]"
    for i in reversed(range(10, len(items), 10)):
        items.insert(i, b"\n ")
    return b"[ " + b" ".join(items) + b" ]"


_PLAIN_ESCAPES = frozenset("()\\")


def _string(s: pdfdoc.PDFString, doc: pdfdoc.PDFDocument) -> bytes:
    """PDFString.format; its own for anything but printable ASCII with nothing to escape."""
    text = s.s
    if type(text) is str and s.enc == "auto" and s.escape == 1 and text.isascii() and text.isprintable() \
            and _PLAIN_ESCAPES.isdisjoint(text):
        return b"(" + text.encode("ascii") + b")"
    return s.format(doc)


def _resources(r: pdfdoc.PDFResourceDictionary, doc: pdfdoc.PDFDocument) -> bytes:
    """PDFResourceDictionary.format."""
    d: dict[str, object] = {}
    for name in r.dict_attributes:
        v = getattr(r, name)
        if isinstance(v, dict):
            if v:
                d[name] = pdfdoc.PDFDictionary(v)
        else:
            d[name] = v
    procs = r.ProcSet
    if isinstance(procs, (tuple, list)):
        if procs:
            d["ProcSet"] = pdfdoc.PDFArray(procs)
    else:
        d["ProcSet"] = procs
    return dictionary(d, doc)


def _catalog_entries(obj: pdfdoc.PDFCatalog, doc: pdfdoc.PDFDocument) -> dict[str, object]:
    """The dictionary PDFCatalog.format writes for `obj` (and its subclasses: pages)."""
    d: dict[str, object] = {}
    for k, v in obj.__Defaults__.items():
        v = getattr(obj, k, v)
        if v is not None:
            d[k] = v
    for k in obj.__NoDefault__:
        v = getattr(obj, k, None)
        if v is not None:
            d[k] = v
    for k in obj.__Refs__:
        if k in d:
            d[k] = doc.Reference(d[k])
    return d


def stream(s: pdfdoc.PDFStream, doc: pdfdoc.PDFDocument) -> bytes:
    """PDFStream.format of a stream whose content is filtered already (or needs no filter)."""
    d = s.dictionary.dict.copy()
    content = s.content
    filters = s.filters if s.filters is not None else doc.defaultStreamFilters
    if content is None or (filters is not None and "Filter" not in d):
        return pdfdoc.PDFStream.format(s, doc)  # ReportLab filters it itself
    data = value(content, doc)
    d["Length"] = len(content)
    return dictionary(d, doc) + b"\nstream\n" + data + b"endstream\n"


class _Page(pdfdoc.PDFPage):
    """A page: ReportLab's check_format, then its dictionary written directly."""

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        self.check_format(document)
        if type(self.Contents) is pdfdoc.PDFStream:  # made just now, or by replay._pack_page
            self.Contents.__class__ = _Stream
        return dictionary(_catalog_entries(self, document), document)


class _Catalog(pdfdoc.PDFCatalog):
    """The document catalog, written directly."""

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        self.check_format(document)
        return dictionary(_catalog_entries(self, document), document)


class _Font(pdfdoc.PDFTrueTypeFont):
    """A TrueType font subset's dictionary (replay._add_font makes it), written directly."""

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        d: dict[str, object] = {}
        for name in self.name_attributes:
            if hasattr(self, name):
                d[name] = pdfdoc.PDFName(getattr(self, name))
        for name in self.local_attributes:
            if hasattr(self, name):
                d[name] = getattr(self, name)
        return dictionary(d, document)


class _Link(pdfdoc.LinkAnnotation):
    """A link annotation: ReportLab's dictionary, written directly."""

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        d = self.Dict()
        return dictionary(d.dict, document, d.multiline)


class _Outline(pdfdoc.OutlineEntryObject):
    """An outline entry: OutlineEntryObject.format's dictionary, written directly."""

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        d: dict[str, object] = {"Title": pdfdoc.PDFString(self.Title), "Parent": self.Parent, "Dest": self.Dest}
        for name in ("Prev", "Next", "First", "Last", "Count"):
            v = getattr(self, name)
            if v is not None:
                d[name] = v
        return dictionary(d, document)


class _Form(pdfdoc.PDFFormXObject):
    """A form XObject whose stream is made (replay.HandbookCanvas.place): PDFFormXObject.format's
    stream dictionary, written directly."""

    Annots: Any  # ReportLab's attributes, untyped there
    BBox: Any
    Matrix: Any
    Resources: Any
    Contents: Any

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        if self.Annots or not self.Contents or self.compression:
            return super().format(document)  # what ReportLab makes or refuses itself
        self.BBox = self.BBox or pdfdoc.PDFArray([self.lowerx, self.lowery, self.upperx, self.uppery])
        self.Matrix = self.Matrix or pdfdoc.PDFArray([1, 0, 0, 1, 0, 0])
        self.Annots = None
        if not self.Resources:
            resources = pdfdoc.PDFResourceDictionary()
            resources.basicFonts()
            if self.hasImages:
                resources.allProcs()
            else:
                resources.basicProcs()
            if self.XObjects:
                resources.XObject = self.XObjects
            self.Resources = resources
        sdict = self.Contents.dictionary
        sdict["Type"] = pdfdoc.PDFName("XObject")
        sdict["Subtype"] = pdfdoc.PDFName("Form")
        sdict["FormType"] = 1
        sdict["BBox"] = self.BBox
        sdict["Matrix"] = self.Matrix
        sdict["Resources"] = self.Resources
        contents = self.Contents
        return stream(contents, document) if type(contents) is pdfdoc.PDFStream else contents.format(document)


class _Stream(pdfdoc.PDFStream):
    """A stream at the top level (page contents, font files, maps)."""

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        return stream(self, document)


class _Dictionary(pdfdoc.PDFDictionary):
    """A dictionary at the top level (the font list, font descriptors)."""

    def format(self, document: pdfdoc.PDFDocument, IND: bytes = b"\n ") -> bytes:  # ReportLab's signature
        return dictionary(self.dict, document, self.multiline)


# ReportLab's class → the same with the formatting above; only objects of exactly these classes are swapped.
FASTER: MappingProxyType[type, type] = MappingProxyType({
    pdfdoc.PDFPage: _Page,
    pdfdoc.PDFCatalog: _Catalog,
    pdfdoc.PDFTrueTypeFont: _Font,
    pdfdoc.LinkAnnotation: _Link,
    pdfdoc.OutlineEntryObject: _Outline,
    pdfdoc.PDFFormXObject: _Form,
    pdfdoc.PDFStream: _Stream,
    pdfdoc.PDFDictionary: _Dictionary,
})


def speed_up(doc: pdfdoc.PDFDocument) -> None:
    """Give the objects of `doc` the formatting above, if it writes them as ReportLab would (see `fast`)."""
    if not fast(doc):
        return
    faster = FASTER
    for obj in doc.idToObject.values():
        cls = faster.get(type(obj))
        if cls is not None:
            obj.__class__ = cls
