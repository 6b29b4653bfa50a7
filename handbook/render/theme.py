"""Themes as stacked YAML (base + paper size), like rst2pdf style sheets: data, not code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import inch, mm

from handbook.cache import remember
from handbook.errors import ContentError, HandbookError
from handbook.render.cache import RenderCache, render_cache
from handbook.resources import templates_root
from handbook.yamlsource import load_yaml

THEMES_DIR = templates_root() / "themes"  # the shipped themes
PAPERS = ("a4", "letter")
# The booklet's page for each paper: half the sheet, so two pages sit side by side at print size.
BOOKLET_PAGES = {"a4": "a5", "letter": "half-letter"}


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


@dataclass(frozen=True)
class BoxStyle:
    """How one warning level is drawn, from the theme's `boxes` (shape and weight carry the level, so it
    survives greyscale and an office laser; the tint is only a help)."""

    fill: Color | None
    edge: Color
    bar: float  # solid bar down the left edge, pt (0: none)
    outline: float  # frame on all four sides, pt (0: none)
    rule: float  # thin rules above and below, pt (0: none)
    symbol: str  # printed before the heading ("" for none)


def _box_style(data: dict[str, Any]) -> BoxStyle:
    fill = data.get("fill")
    return BoxStyle(fill=HexColor(fill) if fill else None, edge=HexColor(data["edge"]),
                    bar=float(data.get("bar", 0)), outline=float(data.get("outline", 0)),
                    rule=float(data.get("rule", 0)), symbol=str(data.get("symbol") or ""))


@dataclass(frozen=True)
class Theme:
    paper: str
    page_size: tuple[float, float]
    margins: dict[str, float]
    fonts: dict[str, str]
    sizes: dict[str, float]
    leading: float
    colours: dict[str, Color]
    spacing: dict[str, float]
    boxes: dict[str, BoxStyle]
    mirrored: bool = False  # booklet pages: left/right margins are inner/outer and swap on left-hand pages
    scale: float = 1.0  # text sizes and spacing relative to the theme's (below 1 to fit a one-page printable)
    narrow: bool = False  # set in the theme's `narrow_fonts` (condensed, same size): a printable's last fit step
    templates: str | None = None  # the templates folder it came from (None: the shipped one)
    skin: tuple[tuple[str, Color, Color], ...] = ()  # the drawings' skin tones: (name, fill, fold line)
    figure_skin: tuple[tuple[str, str, str], ...] = ()  # (figure id, baby's tone, parent's tone)
    measure: float = 0.0  # pt: the longest line set across a page without columns (0: the frame's width)

    def figure_tones(self, figure_id: str) -> tuple[Color, Color, Color, Color] | None:
        """The baby's skin and fold colour and the parent's hand colour and fold colour for one figure (None:
        the drawing's own light tones)."""
        tones = {name: (fill, line) for name, fill, line in self.skin}
        chosen = next(((baby, hands) for fid, baby, hands in self.figure_skin if fid == figure_id), None)
        if chosen is None or chosen[0] not in tones or chosen[1] not in tones:
            return None
        return (*tones[chosen[0]], *tones[chosen[1]])

    def colour(self, name: str) -> Color:
        return self.colours[name]

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.margins["left"] - self.margins["right"]

    @property
    def frame_height(self) -> float:
        return self.page_size[1] - self.margins["top"] - self.margins["bottom"]

    @property
    def back_margins(self) -> dict[str, float]:
        """The back cover's margins: the outside back is one page that must carry the whole help panel, so it
        takes the room a printer reaches (the foot keeps the theme's, for the footer's line)."""
        side = min(self.margins["left"], BACK_MARGIN_MM * mm)
        return {"top": min(self.margins["top"], MIN_MARGIN_MM * mm), "bottom": self.margins["bottom"] * 0.8,
                "left": side, "right": side}

    @property
    def back_frame_width(self) -> float:
        m = self.back_margins
        return self.page_size[0] - m["left"] - m["right"]


# Sizes a printable's fitting never shrinks: body text stays at the theme's size on every paper (issue 13: body
# at least 11 pt); what gives way is the space around it, the headings and the lead.
FIXED_SIZES = ("body", "small", "footer")  # small: captions, references; footer: the page foot


# A printable fitted to its page (scale below 1) narrows its margins too, to no less than a printer's reach.
MIN_MARGIN_MM = 10.0
BACK_MARGIN_MM = 12.0  # the back cover's top and side margins (see Theme.back_margins)


def _sizes(sizes: dict[str, Any], scale: float) -> dict[str, float]:
    body = float(sizes["body"])
    out = {k: float(v) if k in FIXED_SIZES else float(v) * scale for k, v in sizes.items()}
    for k in ("lead", "h1", "h2", "title"):  # nothing meant to stand out ends up smaller than the body
        if k in out:
            out[k] = max(out[k], body)
    return out


# A printable fitted to its page sets its lines closer too, down to this (DejaVu Sans at 11 pt on 12.65 pt).
MIN_FIT_LEADING = 1.1


def _leading(leading: float, scale: float) -> float:
    """Line height for a text scale: the theme's at full size, a little closer as a printable is fitted."""
    return leading if scale >= 1 else max(min(leading, MIN_FIT_LEADING), leading - (1 - scale) * 0.25)


def load_theme(paper: str, scale: float = 1.0, templates: str | None = None,
               cache: RenderCache | None = None, narrow: bool = False) -> Theme:
    """The theme for `paper` and a text scale, from the shipped templates or an editor's `templates` folder,
    read once per cache; `narrow`: in its condensed fonts."""
    key = (paper, scale, templates, True) if narrow else (paper, scale, templates)
    return remember((cache or render_cache()).themes, key,
                    lambda: _read_theme(paper, scale, templates, narrow), limit=16)


def _read_theme(paper: str, scale: float, templates: str | None, narrow: bool = False) -> Theme:
    if paper not in PAPERS and paper not in BOOKLET_PAGES.values():
        raise HandbookError(f"paper size '{paper}' is not supported (use a4 or letter)")
    themes = templates_root(templates) / "themes"
    page_file = themes / f"{paper}.yaml"
    if paper not in PAPERS and not page_file.exists():  # an editor's older templates folder: the shipped page
        page_file = THEMES_DIR / f"{paper}.yaml"
    try:
        data = _merge(load_yaml(themes / "base.yaml").data, load_yaml(page_file).data)
    except FileNotFoundError as exc:
        raise ContentError([f"{exc.filename}: theme file not found"]) from None
    # An editor's older templates folder: the shipped ones.
    for key in ("boxes", "skin_tones", "figure_skin", "narrow_fonts", "measure_mm"):
        if key not in data:
            data[key] = load_yaml(THEMES_DIR / "base.yaml").data[key]
    if "size_mm" in data:
        size = (data["size_mm"][0] * mm, data["size_mm"][1] * mm)
    else:
        size = (data["size_in"][0] * inch, data["size_in"][1] * inch)
    return Theme(
        paper=paper,
        page_size=size,
        margins={k: max(v * scale, MIN_MARGIN_MM) * mm for k, v in data["margins_mm"].items()},
        fonts=data["narrow_fonts"] if narrow else data["fonts"],
        narrow=narrow,
        sizes=_sizes(data["sizes"], scale),
        leading=_leading(float(data["leading"]), scale),
        colours={k: HexColor(v) for k, v in data["colours"].items()},
        spacing={k: float(v) * scale for k, v in data["spacing"].items()},
        boxes={k: _box_style(v) for k, v in data["boxes"].items()},
        mirrored=bool(data.get("mirrored", False)),
        scale=scale,
        templates=templates,
        skin=tuple((name, HexColor(v["fill"]), HexColor(v["line"])) for name, v in data["skin_tones"].items()),
        figure_skin=tuple((fid, str(v[0]), str(v[1])) for fid, v in data["figure_skin"].items()),
        measure=float(data["measure_mm"]) * mm,
    )
