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
    new_page: bool = True  # False: the section follows on the same page when there is room for a start
    landscape: bool = False  # wide tables (the chart) get landscape pages


@dataclass(frozen=True)
class Para:
    text: str
    # display: the emergency number; small: secondary body text (body size); back_small: the same across the
    # back cover, held to the measure; fine: look-up text (references)
    style: Literal["body", "lead", "small", "back_small", "note", "display", "fine"] = "body"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    style: Literal["bullets", "ticks", "numbers"] = "bullets"
    field_prefix: str = ""  # ticks: name prefix of check boxes when the PDF is fillable
    columns: int = 1  # 2: set side by side, reading down the left half first (short lines on a one-page sheet)


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
    label: str = ""  # the words before the caption, "Figure 3:" (the locale's figure_label)


@dataclass(frozen=True)
class TechniqueCard:
    """A figure with its steps, kept on the same page."""

    title: str
    meta: str
    figure: Figure
    steps: tuple[str, ...]
    ref: str = ""  # a page reference key: tables with page_refs print the page this card lands on


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    zebra: bool = True
    # Optional extra columns, one entry per row: a small picture of a figure (first column) and the page a
    # reference key lands on (last column); the header names them too.
    pictures: tuple[str, ...] = ()  # figure ids
    picture_alts: tuple[str, ...] = ()  # what a screen reader says for each picture
    page_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeepTogether:
    body: tuple[Block, ...]


@dataclass(frozen=True)
class ChartPart:
    """One tracked field inside a printed column: a write-in line, a printed date or age, or one exclusive
    choice (a radio group when fillable)."""

    key: str
    label: str
    kind: Literal["text", "number", "choice", "yesno", "date", "age"]
    options: tuple[str, ...] = ()
    faces: tuple[str, ...] = ()  # a drawn face per option ("happy", "unsure", "unhappy"), or none
    prompt: str = ""  # printed before the line when the column holds more than one part


@dataclass(frozen=True)
class ChartColumn:
    """A printed column: its heading and the parts stacked in each of its cells."""

    key: str
    label: str
    parts: tuple[ChartPart, ...]
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
    yes_no: tuple[str, str] = ("", "")  # the two tick labels of a yes/no column (the locale's chart_yes/chart_no)
    at_time: str = ""  # beside a printed date: where the parent writes the time (the locale's chart_at)


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
    new_page: bool = False  # False: below the cover, when it fits there (issue 13: no half-empty pages)


@dataclass(frozen=True)
class ContactBlock:
    """The back page: the clinic's contact block and a QR code of its website."""

    title: str
    lines: tuple[str, ...]
    qr_url: str = ""
    compact: bool = False  # on the back cover, above the help panel: a small heading, a smaller QR code
    qr_note: str = ""  # the words under the QR code (the locale's qr_note)
    logo: str = ""  # the clinic's logo file (and its bytes as embedded), shown beside the heading
    logo_data: bytes = b""
    small: tuple[str, ...] = ()  # small print under the block: leaflet code, version, review date; formats


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
    landscape: bool = False  # on a landscape page: across its full width
    balance: bool = False  # try shares of the width near `ratio` and keep the one whose taller column is shortest
    # Across the columns' foot (the checklist's emergency box); with `balance`, when columns and foot are taller
    # than the page, the blocks may move between the columns and the foot join their end (render.fitcolumns).
    foot: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Shortest:
    """The same blocks laid out in more than one way: the renderer prints the way that takes the least height at
    the width it has (the back cover's levels in rows of two, or in two columns that read down). A medium with
    no pages (the HTML twin, the booklet's stacked panel) takes the first."""

    options: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class OnePage:
    """Blocks that must share one page of their own, which starts with them (the back cover: the clinic's block
    and the whole help panel): the renderer sets them with tighter headings and spacing, then condensed
    letters, until they fit, and never makes the body smaller. A medium with no pages (the HTML twin) prints
    the blocks as they are."""

    body: tuple[Block, ...]


@dataclass(frozen=True)
class Flow:
    """Blocks set in two balanced columns that run on over pages: a measure a reader can follow (issue 13: at
    most 70 characters a line), and short lines that no longer leave half the page empty. The references'
    short entries, and the running text of the sections."""

    body: tuple[Block, ...]
    # Running text: on a page too narrow for two readable columns (a booklet's half sheet, whose one column
    # already has the measure) the blocks are set one under another.
    running: bool = False


@dataclass(frozen=True)
class NotesPage:
    """A page of ruled lines to write on (questions for the GP, notes): the lines fill what the page has left."""

    title: str
    lead: str = ""


Block = (
    Heading | Para | Bullets | Box | Figure | TechniqueCard | Table | KeepTogether | Chart | Cover
    | Contents | ContactBlock | PageBreak | Spacer | Columns | Shortest | Flow | NotesPage | OnePage
)


@dataclass(frozen=True)
class Document:
    title: str
    subject: str
    author: str
    lang: str
    footer: str  # left part of the footer; "Page X of Y" is added by the renderer
    footer_keep: str = ""  # printed whole after `footer` (the clinic's phone): only `footer` is cut to fit
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    max_pages: int | None = None  # set for printables that must fit (the checklist: one page)
    templates: str | None = None  # an editor's templates folder (its themes style the PDF); None: the shipped one
    # The footer's page number in the locale's words, "Page {page} of {total}": the renderer fills the numbers.
    page_label: str = "{page}/{total}"
    hyphenation: str | None = None  # the locale's pyphen dictionary for body text ("ru_RU"); None: words stay whole
    # A booklet's spare pages, planned in: each a page's worth of useful blocks (notes, the clinic), inserted
    # at blocks[spare_at] (before the back cover) as many as the page count needs to reach a multiple of 4.
    spares: tuple[tuple[Block, ...], ...] = ()
    spare_at: int = 0
    # The reader's own texts as they stand in the markup (the baby's name, escaped): words that differ from one
    # handbook to the next, so the renderer parses the paragraphs around them once for every reader.
    reader_texts: tuple[str, ...] = ()
