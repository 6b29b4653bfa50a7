"""Recorded drawing that also makes internal links and calls a named callback: the rows of the contents.

A contents row is its heading's words as a link to the heading, and an onDraw callback that draws the dots and
the page number after them. Ops alone cannot replay it, since the link annotation and the callback are not page
operators. Here the row is recorded once with both noted where they happen. When it is played, the operators
are added and, at the same points, the link is made and the callback called on the real canvas. That gives
the output live drawing gives: the same operators and the same annotations, in the same order. The page number
is still drawn live by the callback, so a row with another number needs no other recording.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from handbook.render.replay import HandbookCanvas, Ops, recorder

# The callbacks a tape may call: their drawing reads only cur_x and cur_y of the paragraph's text position.
CALLBACKS = frozenset({"drawTOCEntryEnd"})

# ("link", contents, destination, rect, relative) | ("call", name, kind, label, cur_x, cur_y, leading)
Event = tuple


class Tape:
    """Operators with link and callback events between them."""

    __slots__ = ("items",)

    def __init__(self, items: tuple[Ops | Event, ...]) -> None:
        self.items = items

    def play(self, canv: HandbookCanvas) -> None:
        for item in self.items:
            if isinstance(item, Ops):
                item.play(canv)
            elif item[0] == "link":
                canv.linkRect(item[1], item[2], item[3], relative=item[4])
            else:
                _, name, kind, label, cur_x, cur_y, leading = item
                func = canv.getNamedCB(name)
                if not func:
                    raise AttributeError(f"Missing {kind} callback attribute '{name}'")  # as ReportLab says
                canv._curr_tx_info = {"cur_x": cur_x, "cur_y": cur_y, "leading": leading}
                try:
                    func(canv, kind, label)
                finally:
                    del canv._curr_tx_info


def record_events(draw: Callable[[Canvas], None], like: HandbookCanvas) -> Tape | None:
    """`draw` recorded as replay._Recorder.record records it, with its internal links and CALLBACKS calls noted where
    they happen; None if it names a font not ours, or makes a link or calls back in any other way."""
    rec = recorder(like)
    events: list[Event] = []
    cuts: list[int] = []  # where each event happened in the recorder's operator list (read by take)
    refused: list[str] = []

    def note(event: Event) -> None:
        cuts.append(len(rec._code))
        events.append(event)

    def link(contents: str, destination: str, rect: tuple, relative: int = 1, **kw: object) -> None:
        if kw or relative != 1:
            refused.append("link")
        note(("link", contents, destination, tuple(rect), relative))

    def named(name: str) -> Callable[[Canvas, str, str], None]:
        def call(canv: Canvas, kind: str, label: str) -> None:
            info = canv._curr_tx_info
            note(("call", name, kind, label, info["cur_x"], info["cur_y"], info["leading"]))
        if name not in CALLBACKS:
            refused.append(name)
        return call

    rec.linkRect, rec.getNamedCB = link, named  # shadow the canvas's own for this recording only
    rec.linkURL = lambda *a, **kw: refused.append("url")
    try:
        pieces = rec.take(draw, like, cuts)
    finally:
        del rec.linkRect, rec.getNamedCB, rec.linkURL
    if pieces is None or refused:
        return None
    items: list[Ops | Event] = []
    for ops, event in zip(pieces, [*events, None], strict=True):
        if ops.template:
            items.append(ops)
        if event is not None:
            items.append(event)
    return Tape(tuple(items))
