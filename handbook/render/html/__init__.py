"""The HTML twin: the same Document blocks as the PDF, as one self-contained semantic HTML file.

Landmarks (banner, navigation, main, contentinfo), one h1 and headings in order, real lists and tables with
headers, figures as inline SVG named by their alternative text, the document's language, a skip link, and one
stylesheet that reflows to any width and prints. No script and no external request. Words that are not in the
blocks come from the locale's strings by key (`html_*`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from importlib.resources import files
from typing import TYPE_CHECKING

from handbook.compose import blocks as b
from handbook.errors import HandbookError
from handbook.render.html.markup import plain, to_html

if TYPE_CHECKING:
    from handbook.render.figures import Tones

WORD_KEYS = ("html_skip_link", "html_figure")


def render_html(doc: b.Document, words: Mapping[str, str]) -> str:
    missing = [k for k in WORD_KEYS if not words.get(k)]
    if missing:
        raise HandbookError(f"locale strings: missing {', '.join(missing)} (needed for the HTML edition)")
    from handbook.render.theme import load_theme

    w = _Writer(words, load_theme("a4", templates=doc.templates).figure_tones)  # the PDF's skin tones
    w.blocks(doc.blocks)
    if w.toc_at is not None:  # the contents come before the headings they list
        w.out[w.toc_at] = w._toc_list()
    css = files("handbook.render.html").joinpath("style.css").read_text(encoding="utf-8")
    main = "".join(w.out)
    if w.open_section:
        main += "</section>\n"
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(doc.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(doc.title)}</title>\n"
        f'<meta name="description" content="{escape(doc.subject)}">\n'
        f"<style>\n{css}</style>\n</head>\n<body>\n"
        f'<a class="skip" href="#main">{escape(words["html_skip_link"])}</a>\n'
        f'<header class="banner"><h1>{escape(doc.title)}</h1></header>\n'
        f'<main id="main">\n{main}</main>\n'
        f'<footer class="site"><p>{to_html(doc.footer + doc.footer_keep)}</p></footer>\n'
        "</body>\n</html>\n"
    )


def heading_id(key: str, text: str) -> str:
    return "s-" + "".join(ch if ch.isalnum() else "-" for ch in f"{key}-{plain(text)}".lower()).strip("-")[:60]


class _Writer:
    """Appends the HTML of each block; heading levels are the PDF's plus one (the h1 is the title)."""

    def __init__(self, words: Mapping[str, str], tones: Callable[[str], Tones | None]) -> None:
        self.words, self.tones = words, tones
        self.out: list[str] = []
        self.open_section = False
        self.figures = 0
        self.headings: list[tuple[int, str, str]] = []  # level, id, text: for the contents
        self.toc_at: int | None = None

    def blocks(self, blocks: tuple[b.Block, ...] | list[b.Block], depth: int = 2) -> None:
        for blk in blocks:
            handler: Callable = getattr(self, "_" + type(blk).__name__.lower())
            handler(blk, depth)

    # --- blocks ---------------------------------------------------------------------------------------

    def _heading(self, h: b.Heading, depth: int) -> None:
        hid = heading_id(h.key or h.text, h.text)
        level = h.level + 1
        if h.level == 1:
            if self.open_section:
                self.out.append("</section>\n")
            self.out.append(f'<section aria-labelledby="{hid}">\n')
            self.open_section = True
        self.headings.append((h.level, hid, plain(h.text)))
        self.out.append(f'<h{level} id="{hid}">{to_html(h.text)}</h{level}>\n')

    def _para(self, p: b.Para, depth: int) -> None:
        cls = f' class="{p.style}"' if p.style != "body" else ""
        self.out.append(f"<p{cls}>{to_html(p.text)}</p>\n")

    def _bullets(self, blist: b.Bullets, depth: int) -> None:
        tag = "ol" if blist.style == "numbers" else "ul"
        cls = ' class="ticks"' if blist.style == "ticks" else ""
        items = "".join(f"<li>{to_html(t)}</li>" for t in blist.items)
        self.out.append(f"<{tag}{cls}>{items}</{tag}>\n")

    def _box(self, box: b.Box, depth: int) -> None:
        self.out.append(f'<div class="box {box.tone}">\n')
        if box.title:
            self.out.append(f'<p class="box-title">{to_html(box.title)}</p>\n')
        self.blocks(box.body, depth)
        self.out.append("</div>\n")

    def _figure(self, fig: b.Figure, depth: int) -> None:
        from handbook.render.figures import make_figure
        from handbook.render.html.svg import inline_svg

        self.figures += 1
        drawing = make_figure(fig.figure_id, 240, self.tones(fig.figure_id))
        svg = inline_svg(drawing, f"fig{self.figures}", plain(fig.alt))
        caption = f"<strong>{escape(self.words['html_figure'])} {fig.number}:</strong> {to_html(fig.caption)}"
        self.out.append(f"<figure>{svg}<figcaption>{caption}</figcaption></figure>\n")
        if fig.legend:
            items = "".join(f"<li><strong>{n}</strong> {to_html(text)}</li>" for n, text in enumerate(fig.legend, 1))
            self.out.append(f'<ol class="legend" role="list">{items}</ol>\n')

    def _techniquecard(self, card: b.TechniqueCard, depth: int) -> None:
        self.out.append(f'<article class="card">\n<h{depth + 1}>{to_html(card.title)}</h{depth + 1}>\n')
        self.out.append(f'<p class="meta">{to_html(card.meta)}</p>\n')
        self._bullets(b.Bullets(card.steps, "numbers"), depth)
        self._figure(card.figure, depth)
        self.out.append("</article>\n")

    def _table(self, t: b.Table, depth: int) -> None:
        # A screen has no page numbers and the routine's pictures are the technique cards' figures: both
        # columns are for paper only.
        header = t.header[(1 if t.pictures else 0):(-1 if t.page_refs else None)]
        head = [plain(h) for h in header]
        rows = "".join(
            "<tr>" + "".join(f'<td data-label="{escape(head[i])}">{to_html(c)}</td>' for i, c in enumerate(row))
            + "</tr>" for row in t.rows)
        # A column without a heading (the step numbers) gets an empty cell, not an empty header.
        ths = "".join(f'<th scope="col">{to_html(h)}</th>' if plain(h) else "<td></td>" for h in header)
        self.out.append(f'<table class="stack"><thead><tr>{ths}</tr></thead><tbody>{rows}</tbody></table>\n')

    def _chart(self, c: b.Chart, depth: int) -> None:
        def name(part: b.ChartPart) -> str:
            return part.label + (f" ({' / '.join(part.options)})" if part.options else "")

        labels = [col.label if len(col.parts) == 1 and not col.parts[0].options else
                  col.label + ": " + ", ".join(name(p) for p in col.parts if p.kind != "age") for col in c.columns]
        ths = '<th scope="col">#</th>' + "".join(f'<th scope="col">{escape(lab)}</th>' for lab in labels)
        rows = []
        for row in c.rows:
            cells = [f'<th scope="row">{row.number}</th>']
            for col, label in zip(c.columns, labels, strict=True):
                kinds = {p.kind for p in col.parts}
                printed = [row.day_text] if "date" in kinds and row.day_text else []
                printed += [row.note] if "age" in kinds and row.note and row.day is not None else []
                text = " · ".join(to_html(t) for t in printed)
                cells.append(f'<td data-label="{escape(label)}">{text}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        self.out.append(f'<table class="chart stack"><caption class="box-title">{to_html(c.title)}</caption>'
                        f"<thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>\n")

    def _keeptogether(self, k: b.KeepTogether, depth: int) -> None:
        self.blocks(k.body, depth)

    def _flow(self, k: b.Flow, depth: int) -> None:
        self.blocks(k.body, depth)

    def _onepage(self, k: b.OnePage, depth: int) -> None:
        self.blocks(k.body, depth)  # a screen has no page to fit

    def _shortest(self, c: b.Shortest, depth: int) -> None:
        self.blocks(c.options[0], depth)  # a screen has no page to fit: the first way, in its reading order

    def _columns(self, c: b.Columns, depth: int) -> None:
        self.out.append('<div class="columns"><div>\n')
        self.blocks(c.left, depth)
        self.out.append("</div><div>\n")
        self.blocks(c.right, depth)
        self.out.append("</div></div>\n")
        self.blocks(c.foot, depth)  # across the columns' foot (the checklist's emergency box)

    def _cover(self, c: b.Cover, depth: int) -> None:
        from handbook.render.figures import make_figure
        from handbook.render.html.svg import inline_svg

        self.out.append('<div class="cover">\n')
        if c.clinic_name:
            self.out.append(f"<p>{to_html(c.clinic_name)}</p>\n")
        self.out.append(f'<p class="lead">{to_html(c.title)}</p>\n<p>{to_html(c.subtitle)}</p>\n')
        self.out.append(f'<p class="name">{to_html(c.name)}</p>\n')
        self.out += [f"<p>{to_html(line)}</p>\n" for line in c.lines]
        if c.figure_alt:
            svg = inline_svg(make_figure("setup", 240, self.tones("setup")), "cover", plain(c.figure_alt))
            self.out.append(f"<figure>{svg}</figure>\n")
        if c.intro:
            self.out.append(f'<p class="lead">{to_html(c.intro)}</p>\n')
        self.out.append("</div>\n")

    def _contents(self, c: b.Contents, depth: int) -> None:
        self.out.append(f'<nav class="toc" aria-labelledby="toc-title">\n<h2 id="toc-title">{to_html(c.title)}</h2>\n')
        self.toc_at = len(self.out)
        self.out.append("")  # the list goes here once every heading is known
        self.out.append("</nav>\n")

    def _toc_list(self) -> str:
        out, open_sub = ["<ol>"], False
        for level, hid, text in self.headings:
            if level == 1:
                if open_sub:
                    out.append("</ol></li>")
                    open_sub = False
                elif len(out) > 1:
                    out.append("</li>")
                out.append(f'<li><a href="#{hid}">{escape(text)}</a>')
            else:
                if not open_sub:
                    out.append("<ol>")
                    open_sub = True
                out.append(f'<li><a href="#{hid}">{escape(text)}</a></li>')
        if open_sub:
            out.append("</ol>")
        if len(out) > 1:
            out.append("</li>")
        out.append("</ol>\n")
        return "".join(out)

    def _contactblock(self, c: b.ContactBlock, depth: int) -> None:
        self._heading(b.Heading(c.title, 1, "contact"), depth)
        self.out += [f'<p class="lead">{to_html(line)}</p>\n' for line in c.lines]
        if c.qr_url:
            url = escape(c.qr_url)
            self.out.append(f'<p><a href="{url}">{url}</a></p>\n')

    def _pagebreak(self, p: b.PageBreak, depth: int) -> None:
        pass

    def _spacer(self, s: b.Spacer, depth: int) -> None:
        pass
