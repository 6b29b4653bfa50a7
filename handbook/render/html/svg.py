"""A figure (a ReportLab Drawing) as inline SVG with its alternative text as the accessible name.

ReportLab renders its own drawings to SVG (reportlab.graphics.renderSVG); here the file prolog goes, the ids
get a per-figure prefix (several figures share one page), the size follows the page (viewBox only), and the
SVG says what it shows: role="img" named by its <title>.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing

from handbook.render.fonts import register_fonts

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)
_SIZE = re.compile(r'<svg width="[^"]*" height="[^"]*"')
_OWN_TEXT = re.compile(r"\s*<title>\.\.\.</title>\s*<desc>\.\.\.</desc>")
_IDS = re.compile(r'id="([^"]+)"')


@lru_cache(maxsize=64)
def _svg(drawing: Drawing) -> str:
    register_fonts()  # the step numbers are measured in DejaVu Sans, as in the PDF
    return renderSVG.drawToString(drawing)


def inline_svg(drawing: Drawing, prefix: str, alt: str) -> str:
    svg = _PROLOG.sub("", _svg(drawing), count=1)
    svg = _OWN_TEXT.sub("", svg, count=1)
    for old in set(_IDS.findall(svg)):
        svg = svg.replace(f'id="{old}"', f'id="{prefix}-{old}"').replace(f"url(#{old})", f"url(#{prefix}-{old})")
    title = f"{prefix}-title"
    head = f'<svg role="img" aria-labelledby="{title}" focusable="false"'
    svg = _SIZE.sub(head, svg, count=1)
    close = svg.index(">", svg.index("<svg")) + 1
    return svg[:close] + f'<title id="{title}">{escape(alt)}</title>' + svg[close:]
