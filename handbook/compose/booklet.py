"""What a booklet prints differently: the chart as a pointer to its own sheet, and the spare pages.

A booklet's pages are half a sheet, upright; the tracking chart needs a landscape page to be written on, so
the booklet says where the chart is instead of printing it sideways. Its page count must fill whole sheets, so
compose offers spare pages of useful content (lines to write questions and notes on, the clinic's page) that
the renderer puts before the back cover, as many as the count needs.
"""

from __future__ import annotations

import re

from handbook.compose import blocks as b
from handbook.compose.sections import Composer, _clinic_lines, chart_rows, course_line, help_cover
from handbook.compose.text import texts

SPARE_PAGES = 3  # a count is at most 3 short of a multiple of 4


def _s(c: Composer, key: str) -> str:
    return c.s(key, "")  # every key used here is in content/locales/en-GB.yaml


def chart_pointer(c: Composer) -> list[b.Block]:
    """The tracking chart's section in a booklet: what the chart is for, its dates, and where the sheet is."""
    tr = c.content.tracker
    out: list[b.Block] = [b.Heading(tr.title, 1, "tracker")]
    out += [b.Para(t, "lead") for t in texts(c.ctx, tr.intro)]
    out.append(b.Para(course_line(c, chart_rows(c)), "body"))
    out.append(b.Box(_s(c, "booklet_chart_title"), "plain", (b.Para(_s(c, "booklet_chart_where"), "body"),)))
    return out


def spare_pages(c: Composer) -> tuple[tuple[b.Block, ...], ...]:
    """Up to three one-page extras, most useful first: questions for the GP, the clinic's page, notes."""
    pages: list[tuple[b.Block, ...]] = [
        (b.PageBreak(), b.NotesPage(_s(c, "booklet_questions_title"), _s(c, "booklet_questions_lead"))),
    ]
    clinic = c.ctx.clinic
    if clinic is not None:
        pages.append((b.PageBreak(), b.ContactBlock(_s(c, "booklet_clinic_title"),
                                                     _clinic_lines(c, compact=False), clinic.website or "")))
    pages.append((b.PageBreak(), b.NotesPage(_s(c, "booklet_notes_title"), _s(c, "booklet_notes_lead"))))
    pages.append((b.PageBreak(), b.NotesPage(_s(c, "booklet_notes_title"))))
    return tuple(pages[:SPARE_PAGES])


def booklet_help_cover(c: Composer) -> list[b.Block]:
    """The back cover on a half-sheet page: the numbers to hand (emergency, your GP, phone) go under the
    shorter right-hand column rather than below both, so the panel ends on the outside back, not a page later."""
    out = help_cover(c)
    if len(out) >= 2 and isinstance(out[-2], b.Columns) and isinstance(out[-1], b.Para):
        cols, numbers = out[-2], out[-1]
        # In a half-width column each blank to write on gets a line of its own, short enough not to wrap.
        numbers = b.Para(re.sub(r"</b> _{8,}", "</b><br/>" + "_" * 18, numbers.text), numbers.style)
        out[-2:] = [b.Columns(cols.left, (*cols.right, b.Spacer(8), numbers), cols.ratio)]
    return out


BACK_COVER = "help_cover"  # the section that is the outside back: spare pages go just before it
OVERRIDES = {"tracker": chart_pointer, BACK_COVER: booklet_help_cover}
