"""ReportLab paragraph markup (what the blocks hold) → HTML: the same words, the same emphasis.

Blocks carry ReportLab's inline markup (<b>, <i>, <font>, <super>, <br/>, <a href>), with user values already
XML-escaped, so it parses as an XML fragment; each tag maps to its HTML meaning and nothing else gets through.
"""

from __future__ import annotations

from html import escape
from xml.etree import ElementTree

_TAGS = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "u": "u", "super": "sup", "sup": "sup",
         "sub": "sub", "span": "span", "font": "span"}
_DROPPED = frozenset({"onDraw", "ondraw", "img", "index"})


def to_html(markup: str) -> str:
    """Inline HTML for one paragraph's markup; text that does not parse is printed as plain escaped text."""
    try:
        root = ElementTree.fromstring(f"<x>{markup}</x>")
    except ElementTree.ParseError:
        return escape(markup)
    return _inner(root)


def plain(markup: str) -> str:
    """The words only (for titles, labels and alternative text)."""
    try:
        root = ElementTree.fromstring(f"<x>{markup}</x>")
    except ElementTree.ParseError:
        return markup
    return " ".join("".join(root.itertext()).split())


def _inner(node: ElementTree.Element) -> str:
    out = [escape(node.text or "", quote=False)]
    for child in node:
        out.append(_element(child))
        out.append(escape(child.tail or "", quote=False))
    return "".join(out)


def _element(node: ElementTree.Element) -> str:
    tag = node.tag
    if tag == "br":
        return "<br>"
    if tag in _DROPPED:
        return ""
    inner = _inner(node)
    if tag == "a":
        href = node.get("href", "")
        if href.startswith(("https://", "http://", "mailto:", "tel:")):
            return f'<a href="{escape(href)}">{inner}</a>'
        return inner  # page links inside the PDF mean nothing here
    if tag == "font" and node.get("size") and float(node.get("size", "10")) < 9:
        return f'<span class="cite">{inner}</span>'  # reference numbers: small in print, small here
    html = _TAGS.get(tag)
    return f"<{html}>{inner}</{html}>" if html else inner
