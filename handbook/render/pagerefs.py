"""Page references ("explained on page 9"): where a marked flowable lands, printed elsewhere in the handbook.

Works like the contents: the document reports each marked flowable's page after it is laid out, a collector in
the story keeps them, and multiBuild runs another pass until what the page numbers show is what the pages are.
A number never changes the layout (its cell has a fixed width), so the pass that lays out the pages is the one
that finds the numbers, and the next one, which draws them, is the last. One collector per build: no state is
shared between builds.
"""

from __future__ import annotations

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import IndexingFlowable

from handbook.render import tagging

EVENT = "PageRef"


class PageRefs(IndexingFlowable):
    """Zero-size collector: `shown` is what the page numbers print in this pass, `found` what this pass saw."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: dict[str, int] = {}
        self.found: dict[str, int] = {}
        self.ok = False
        self.width = self.height = 0

    def notify(self, kind: str, stuff: object) -> None:
        if kind == EVENT and isinstance(stuff, tuple):
            key, page = stuff
            self.found.setdefault(str(key), int(page))  # the first place a key lands is the one to turn to

    def beforeBuild(self) -> None:
        self.found = {}

    def afterBuild(self) -> None:
        self.ok = self.found == self.shown
        self.shown.clear()
        self.shown.update(self.found)

    def isSatisfied(self) -> bool:
        return self.ok

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class PageNumber(Flowable):
    """The page `key` lands on, right-aligned in a fixed-width cell; blank until a pass has found it."""

    def __init__(self, refs: PageRefs, key: str, font: str, size: float, width: float) -> None:
        super().__init__()
        self.refs, self.key, self.font, self.size = refs, key, font, size
        self.width, self.height = width, size * 1.25

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        page = self.refs.shown.get(self.key)
        if page is None or getattr(self.canv, "layout_only", False):
            return
        mark = tagging.begin(self.canv, self.__dict__.get("tag"))
        self.canv.setFont(self.font, self.size)
        self.canv.drawRightString(self.width, self.size * 0.25, str(page))
        tagging.end(self.canv, mark)


def report(doc, flowable: Flowable) -> None:
    """Called by the document after each flowable: a marked one tells the collectors the page it is on."""
    key = getattr(flowable, "page_ref", "")
    if key:
        doc.notify(EVENT, (key, doc.page))
