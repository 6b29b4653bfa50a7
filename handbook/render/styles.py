"""Paragraph styles from the theme, built once per cache, paper size, scale and templates folder."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from handbook.cache import remember
from handbook.render.cache import RenderCache, render_cache
from handbook.render.fonts import register_fonts, register_narrow_fonts
from handbook.render.theme import Theme, load_theme


def styles(paper: str, scale: float = 1.0, templates: str | None = None,
           cache: RenderCache | None = None, hyphenation: str | None = None,
           narrow: bool = False) -> dict[str, ParagraphStyle]:
    """The styles for a paper size and scale: the same objects for every build on the cache, as the shared
    paragraph parses are keyed by them (see paragraphs.Para.of). `hyphenation` is the locale's pyphen
    dictionary ("ru_RU", "es"): the one place ReportLab's hyphenationLang is set; None leaves words whole."""
    cache = cache or render_cache()
    if narrow:  # a printable's last fit step (see theme.Theme.narrow): keyed apart from every other build
        return remember(cache.styles, (paper, scale, templates, hyphenation, True),
                        lambda: _make(load_theme(paper, scale, templates, cache, narrow=True), hyphenation),
                        limit=16)
    if hyphenation is None:  # the key English editions have always used
        return remember(cache.styles, (paper, scale, templates),
                        lambda: _make(load_theme(paper, scale, templates, cache)), limit=16)
    return remember(cache.styles, (paper, scale, templates, hyphenation),
                    lambda: _make(load_theme(paper, scale, templates, cache), hyphenation), limit=16)


# Style-name prefixes that never hyphenate (see _hyphenated).
_WHOLE_WORDS = ("h", "cover_", "toc", "display", "box_title", "cell_head", "fine")


def _hyphenated(out: dict[str, ParagraphStyle], lang: str) -> dict[str, ParagraphStyle]:
    """Body-text styles break long words at pyphen's points. Display text stays whole: headings, box titles,
    the cover's lines and the contents (a title broken as "ма-лыша" reads as two words from across a room); so
    does look-up text (references): a hyphen would misprint a URL or DOI, and a hyphenating style leaves a long
    URL unsplit, past its column, where the plain one breaks it at the column edge."""
    for name, style in out.items():
        if not name.startswith(_WHOLE_WORDS):
            style.hyphenationLang = lang
    return out



def _make(t: Theme, hyphenation: str | None = None) -> dict[str, ParagraphStyle]:
    if t.narrow:
        register_narrow_fonts()
    register_fonts()
    f, z, lead = t.fonts, t.sizes, t.leading
    text = t.colour("text")
    gap = t.spacing["paragraph"]
    body = ParagraphStyle("body", fontName=f["regular"], fontSize=z["body"], leading=z["body"] * lead,
                          textColor=text, spaceAfter=gap)
    out = {
        "body": body,
        "lead": ParagraphStyle("lead", body, fontSize=z["lead"], leading=z["lead"] * lead),
        # Secondary text a parent still reads (a card's age line, a list's intro): body size, muted colour.
        "small": ParagraphStyle("small", body, textColor=t.colour("muted")),
        # The same, across the back cover (no columns there): held to the theme's measure.
        "back_small": ParagraphStyle("back_small", body, textColor=t.colour("muted"),
                                     rightIndent=max(0.0, t.back_frame_width - t.measure) if t.measure else 0),
        # Look-up text only (the reference list, a figure's key): smaller, never below 8 pt (issue 13).
        "fine": ParagraphStyle("fine", body, fontSize=z["small"], leading=z["small"] * 1.15,
                               textColor=t.colour("muted"), spaceAfter=2),
        "note": ParagraphStyle("note", body, fontName=f["italic"], textColor=t.colour("muted")),
        "display": ParagraphStyle("display", body, fontName=f["bold"], fontSize=z["h1"] + 8,
                                  leading=(z["h1"] + 8) * 1.15, textColor=text, spaceAfter=4),
        "bullet": ParagraphStyle("bullet", body, spaceAfter=2),
        "h1": ParagraphStyle("h1", body, fontName=f["bold"], fontSize=z["h1"], leading=z["h1"] * 1.2,
                             textColor=t.colour("accent"), spaceAfter=10, keepWithNext=1),
        "h2": ParagraphStyle("h2", body, fontName=f["bold"], fontSize=z["h2"], leading=z["h2"] * 1.25,
                             textColor=t.colour("accent"), spaceBefore=8, spaceAfter=4, keepWithNext=1),
        "h3": ParagraphStyle("h3", body, fontName=f["bold"], fontSize=z["lead"], leading=z["lead"] * 1.25,
                             spaceAfter=2, keepWithNext=1),
        "box_title": ParagraphStyle("box_title", body, fontName=f["bold"], fontSize=z["lead"],
                                    leading=z["lead"] * 1.25, spaceAfter=3),
        "caption": ParagraphStyle("caption", body, fontName=f["italic"], fontSize=z["small"] + 1,
                                  leading=(z["small"] + 1) * lead, textColor=t.colour("muted")),
        "cell": ParagraphStyle("cell", body, leading=z["body"] * 1.2, spaceAfter=0),
        "cell_head": ParagraphStyle("cell_head", body, fontName=f["bold"], leading=z["body"] * 1.2, spaceAfter=0,
                                    textColor=t.colour("text")),
        "cover_title": ParagraphStyle("cover_title", body, fontName=f["bold"], fontSize=z["title"],
                                      leading=z["title"] * 1.2, textColor=t.colour("accent"), alignment=TA_CENTER,
                                      spaceAfter=14),
        "cover_sub": ParagraphStyle("cover_sub", body, fontSize=z["lead"] + 2, leading=(z["lead"] + 2) * 1.3,
                                    alignment=TA_CENTER, textColor=t.colour("muted")),
        "cover_name": ParagraphStyle("cover_name", body, fontName=f["bold"], fontSize=z["title"] + 6,
                                     leading=(z["title"] + 6) * 1.2, alignment=TA_CENTER, spaceBefore=6,
                                     spaceAfter=16),
        "cover_line": ParagraphStyle("cover_line", body, fontSize=z["lead"] + 1, leading=(z["lead"] + 1) * 1.4,
                                     alignment=TA_CENTER),
        "toc1": ParagraphStyle("toc1", body, fontSize=z["lead"], leading=z["lead"] * 1.6),
        "toc2": ParagraphStyle("toc2", body, leading=z["body"] * 1.4, leftIndent=18,
                               textColor=t.colour("muted")),
    }
    # Numbered and dotted lists: the marker hangs in the indent.
    out["list_item"] = out["bullet"].clone("bl", leftIndent=14, bulletIndent=2, bulletFontName=f["regular"],
                                           bulletFontSize=z["body"])
    return _hyphenated(out, hyphenation) if hyphenation else out
