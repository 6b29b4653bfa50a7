"""Tagged PDF, the drawing side: structure elements known when the story is built, marked content while drawing.

The flowables get a structure element (`Node`) when they are made from the blocks, in reading order; while one
is drawn its operators are wrapped in `/Role <</MCID n>> BDC … EMC`, and everything drawn outside such a
sequence (page footers, panel tints, table rules, the frames of tick boxes) is an artifact: each page's stream
is an `/Artifact BMC … EMC` that tagged sequences interrupt (see TaggedCanvas). Replayed drawing (Ops, form
XObjects) is marked where it is placed, so a recording made once serves every tagged or untagged build.
structure.py turns the marks into the structure tree after the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

# Roles whose content is drawn again when a table splits over pages (its header row): only the first drawing
# is real content, later ones are artifacts, as a reader should hear the header once.
_REPEATED = frozenset({"TH"})


@dataclass(eq=False, slots=True)
class Node:
    """One structure element: a role from ISO 32000-1 §14.8.4 and what a reader needs besides the content."""

    role: str
    parent: Node | None = None
    alt: str = ""  # Figure: the alternative text; Link: the description (/Contents)
    scope: str = ""  # TH: Column or Row
    children: list[Node] = field(default_factory=list)
    _slots: dict[int, Node] | None = None

    def add(self, role: str, **kw) -> Node:
        child = Node(role, self, **kw)
        self.children.append(child)
        return child

    def slot(self, i: int, role: str) -> Node:
        """The i-th child made on demand and the same one every time: the contents is wrapped anew in every
        pass, and its entries must stay one element each."""
        if self._slots is None:
            self._slots = {}
        node = self._slots.get(i)
        if node is None:
            node = self._slots[i] = self.add(role)
        return node


@dataclass(eq=False, slots=True)
class Marks:
    """What one canvas drew for which element: (page index, MCID) per element and its annotations."""

    content: dict[Node, list[tuple[int, int]]] = field(default_factory=dict)
    annots: list[tuple[int, int, Node]] = field(default_factory=list)  # page index, index in /Annots, element
    next_mcid: dict[int, int] = field(default_factory=dict)
    open: Node | None = None


def tag(flowable, node: Node | None):
    """`flowable` drawn as (part of) `node`; returned for chaining."""
    if node is not None:
        flowable.tag = node
    return flowable


def marks_of(canv: Canvas) -> Marks | None:
    return getattr(canv, "tag_marks", None)


Token = tuple[Node, int, int] | None  # what begin() hands to end(): element, page index, annotations so far


def begin(canv: Canvas, node: Node | None) -> Token:
    """Start `node`'s marked content; returns what end() needs (None when nothing was started)."""
    marks = marks_of(canv)
    if marks is None or node is None or marks.open is not None:
        return None  # untagged canvas, untagged flowable, or inside an element already being marked
    page = canv.getPageNumber() - 1
    if node.role in _REPEATED and node in marks.content and marks.content[node][0][0] != page:
        return None  # a repeated table header: stays an artifact
    mcid = marks.next_mcid.get(page, 0)
    marks.next_mcid[page] = mcid + 1
    marks.content.setdefault(node, []).append((page, mcid))
    marks.open = node
    canv.addLiteral(f"EMC /{node.role}<</MCID {mcid}>>BDC")
    return node, page, len(canv._annotationrefs)


def end(canv: Canvas, token: Token) -> None:
    marks = marks_of(canv)
    if token is None or marks is None:
        return
    node, page, annots_before = token
    canv.addLiteral("EMC /Artifact BMC")
    marks.open = None
    if len(canv._annotationrefs) != annots_before:
        _own_annots(canv, marks, node, page, annots_before)


def begin_annots(canv: Canvas, node: Node | None) -> Token:
    """For drawing that only adds annotations (form fields): no marked content, just who owns them."""
    marks = marks_of(canv)
    if marks is None or node is None:
        return None
    return node, canv.getPageNumber() - 1, len(canv._annotationrefs)


def end_annots(canv: Canvas, token: Token) -> None:
    marks = marks_of(canv)
    if token is not None and marks is not None:
        _own_annots(canv, marks, *token)


def _own_annots(canv: Canvas, marks: Marks, node: Node, page: int, before: int) -> None:
    # ReportLab keeps the page's annotations in this list (no public accessor); only its length is read.
    for i in range(before, len(canv._annotationrefs)):
        marks.annots.append((page, i, node))


class TaggedCanvas(Canvas):
    """Mixin for the canvas of a tagged build: each page's operators are an artifact except where begin() and
    end() cut out tagged sequences."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tag_marks = Marks()

    def showPage(self) -> None:
        # The page's operator list, which begin()/end() have already cut into artifact and tagged runs.
        self._code.insert(0, "/Artifact BMC")
        self._code.append("EMC")
        super().showPage()
