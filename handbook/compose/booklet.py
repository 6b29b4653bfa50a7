"""What a booklet prints differently: the chart as a pointer to its own sheet, and the spare pages.

A booklet's pages are half a sheet, upright; the tracking chart needs a landscape page to be written on, so
the booklet says where the chart is instead of printing it sideways. Its page count must fill whole sheets, so
compose offers spare pages of useful content (lines to write questions and notes on) that the renderer puts
before the back cover, as many as the count needs. The back cover spans the inside and the outside back; a
clinic's page faces it.
"""

from __future__ import annotations

from handbook.compose import blocks as b
from handbook.compose.sections import Composer, _clinic_lines, chart_rows, course_line, help_cover

SPARE_PAGES = 3  # a count is at most 3 short of a multiple of 4


def chart_pointer(c: Composer) -> list[b.Block]:
    """The tracking chart's section in a booklet: what the chart is for, its dates, and where the sheet is."""
    tr = c.content.tracker
    out: list[b.Block] = [b.Heading(c.fill(tr.title), 1, "tracker")]  # "Robin's tracking chart"
    out += [b.Para(t, "lead") for t in c.texts(tr.intro)]
    out.append(b.Para(course_line(c, chart_rows(c)), "body"))
    out.append(b.Box(c.s("booklet_chart_title"), "plain", (b.Para(c.s("booklet_chart_where"), "body"),)))
    return out


def spare_pages(c: Composer) -> tuple[tuple[b.Block, ...], ...]:
    """Three one-page extras, most useful first: questions for the GP, then notes."""
    pages = (
        (b.PageBreak(), b.NotesPage(c.s("booklet_questions_title"), c.s("booklet_questions_lead"))),
        (b.PageBreak(), b.NotesPage(c.s("booklet_notes_title"), c.s("booklet_notes_lead"))),
        (b.PageBreak(), b.NotesPage(c.s("booklet_notes_title"), c.s("booklet_visits_lead"))),
    )
    return pages[:SPARE_PAGES]


def booklet_help_cover(c: Composer) -> list[b.Block]:
    """The back cover on half-sheet pages, over the inside and the outside back. A half sheet cannot hold the
    whole panel, so the outside back (the side a parent sees on the fridge) is the emergency: the number large,
    the signs to call it for, and lines to write the numbers to hand on, kept to that one page. The same-day
    and watch levels come before it, under the section's heading, one under another at full width (two
    columns would be 25 characters wide, and a young baby's longer lists would not fit a page side by side)."""
    out: list[b.Block] = []
    clinic = c.ctx.clinic
    if clinic is not None:  # the clinic's own page faces the inside back, instead of a block above the panel
        out += [b.PageBreak(), b.ContactBlock(c.s("booklet_clinic_title"), _clinic_lines(c, compact=False),
                                              clinic.website or "", qr_note=c.s("qr_note"))]
    write_in = c.s("help_write_in")
    head: list[b.Block] = []  # the page break that starts the section, and its heading
    emergency: list[b.Block] = []  # the number, the guidance it follows, the emergency signs
    levels: list[b.Block] = []  # same day, watch
    for blk in help_cover(c):
        if isinstance(blk, b.ContactBlock) or (isinstance(blk, b.Para) and write_in in blk.text):
            continue  # the clinic has its page; the lines to write in are re-added at the end
        if isinstance(blk, b.Shortest):
            for part in blk.options[0]:
                parts = [*part.left, *part.right, *part.foot] if isinstance(part, b.Columns) else [part]
                levels += [p for p in parts if not (isinstance(p, b.Para) and write_in in p.text)]
        elif isinstance(blk, b.PageBreak | b.Heading) or not any(isinstance(h, b.Heading) for h in head):
            head.append(blk)
        else:
            emergency.append(blk)
    blank = "_" * 14  # short enough to stay on its label's line
    numbers = (f"<b>{write_in}</b> {blank}", f"<b>{c.s('help_write_phone')}</b> {blank}")  # the number heads the page
    back = (*emergency, b.Para("<br/>".join(numbers), "body"))
    if not levels:
        return [*out, *head, *back]
    return [*out, *head, *levels, b.OnePage(back)]


BACK_COVER = "help_cover"  # the section that is the outside back: spare pages go just before it
OVERRIDES = {"tracker": chart_pointer, BACK_COVER: booklet_help_cover}
