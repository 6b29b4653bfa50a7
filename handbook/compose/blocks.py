"""The document as typed blocks: what to print, in order, with no idea of fonts or paper.

Text in blocks is ReportLab paragraph markup, already personalised; user values inside it are escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Tone = Literal["plain", "info", "warning", "danger"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = section (new page, TOC, bookmark); 2 = sub-heading (TOC level 2)
    key: str = ""
    new_page: bool = True
    landscape: bool = False  # wide tables (the chart) get landscape pages


@dataclass(frozen=True)
class Para:
    text: str
    style: Literal["body", "lead", "small", "note", "display"] = "body"  # display: the emergency number


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    style: Literal["bullets", "ticks", "numbers"] = "bullets"
    field_prefix: str = ""  # ticks: name prefix of check boxes when the PDF is fillable


@dataclass(frozen=True)
class Box:
    """A framed group that stays on one page: cue box, red-flag box, warnings."""

    title: str
    tone: Tone
    body: tuple[Block, ...]


@dataclass(frozen=True)
class Figure:
    figure_id: str
    number: int
    caption: str
    width_ratio: float = 0.45
    alt: str = ""  # what a screen reader says instead of the drawing (content/figures.yaml)
    legend: tuple[str, ...] = ()  # numbered key printed under the figure (the body map), from content


@dataclass(frozen=True)
class TechniqueCard:
    """A figure with its steps, kept on the same page."""

    title: str
    meta: str
    figure: Figure
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    zebra: bool = True


@dataclass(frozen=True)
class KeepTogether:
    body: tuple[Block, ...]


@dataclass(frozen=True)
class ChartColumn:
    key: str
    label: str
    kind: Literal["text", "number", "choice", "yesno", "date", "age"]
    options: tuple[str, ...]
    width: float


@dataclass(frozen=True)
class ChartRow:
    number: int
    day: date | None
    day_text: str  # pre-printed weekday and date, "" for hand-dated rows
    note: str = ""  # e.g. corrected age where it changes


@dataclass(frozen=True)
class Chart:
    """The tracking chart: one row per planned session, header repeated on every page."""

    title: str
    columns: tuple[ChartColumn, ...]
    rows: tuple[ChartRow, ...]
    field_prefix: str


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    name: str
    lines: tuple[str, ...]
    clinic_name: str = ""
    clinic_logo: str = ""
    clinic_logo_data: bytes = b""  # the logo as embedded: bounded and downscaled once by the inputs stage
    intro: str = ""
    figure_alt: str = ""  # the set-up drawing's alternative text


@dataclass(frozen=True)
class Contents:
    title: str


@dataclass(frozen=True)
class ContactBlock:
    """The back page: the clinic's contact block and a QR code of its website."""

    title: str
    lines: tuple[str, ...]
    qr_url: str = ""
    compact: bool = False  # on the back cover, above the help panel: a small heading, a smaller QR code


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Spacer:
    height: float = 6


@dataclass(frozen=True)
class Columns:
    """Two columns side by side, for a printable that must fit one page."""

    left: tuple[Block, ...]
    right: tuple[Block, ...]
    ratio: float = 0.5  # share of the width for the left column


@dataclass(frozen=True)
class NotesPage:
    """A page of ruled lines to write on (questions for the GP, notes): the lines fill what the page has left."""

    title: str
    lead: str = ""


Block = (
    Heading | Para | Bullets | Box | Figure | TechniqueCard | Table | KeepTogether | Chart | Cover
    | Contents | ContactBlock | PageBreak | Spacer | Columns | NotesPage
)


@dataclass(frozen=True)
class Document:
    title: str
    subject: str
    author: str
    lang: str
    footer: str  # left part of the footer; "Page X of Y" is added by the renderer
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    max_pages: int | None = None  # set for printables that must fit (the checklist: one page)
    templates: str | None = None  # an editor's templates folder (its themes style the PDF); None: the shipped one
    # A booklet's spare pages, planned in: each a page's worth of useful blocks (notes, the clinic), inserted
    # at blocks[spare_at] (before the back cover) as many as the page count needs to reach a multiple of 4.
    spares: tuple[tuple[Block, ...], ...] = ()
    spare_at: int = 0
