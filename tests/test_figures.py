"""The vector figures: every id builds at the asked size, only embedded DejaVu reaches the PDF, and the tummy
circle really runs clockwise (the one direction rule a drawing can get dangerously wrong)."""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Polygon, String
from reportlab.graphics.shapes import Path as RLPath
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from handbook.content.loader import load_content
from handbook.render import figure_parts as fp
from handbook.render.figures import FIGURE_IDS, figure_aspect, make_figure

FONT = Path(__file__).resolve().parents[1] / "handbook" / "fonts" / "DejaVuSans.ttf"
TECHNIQUE_FIGURES = {
    "resting_hands", "leg_strokes", "foot_strokes", "sole_thumb_strokes", "back_strokes", "back_circles",
    "tummy_circles", "chest_strokes", "arm_strokes", "hand_strokes", "knees_to_tummy", "arm_crossing",
    "limb_milking", "limb_rolling", "fingertip_tapping",
}  # fmt: skip


@pytest.fixture(scope="module", autouse=True)
def dejavu() -> None:
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))


def walk(node: Group) -> Iterator[object]:
    for child in node.getContents():
        yield child
        if isinstance(child, Group):
            yield from walk(child)


def named(root: Group, name: str) -> Group:
    for node in [root, *walk(root)]:
        if isinstance(node, Group) and name in node.__dict__:
            return node.__dict__[name]
    raise AssertionError(f"no part named {name!r}")


def path_points(p: RLPath) -> list[tuple[float, float]]:
    return list(zip(p.points[0::2], p.points[1::2], strict=True))


def test_every_referenced_figure_exists() -> None:
    assert TECHNIQUE_FIGURES | {"body_map", "setup"} <= FIGURE_IDS


@pytest.mark.parametrize("figure_id", sorted(FIGURE_IDS))
def test_figure_builds_at_the_asked_width_with_its_aspect(figure_id: str) -> None:
    d = make_figure(figure_id, 200)
    assert isinstance(d, Drawing)
    assert d.width == 200
    assert d.height == pytest.approx(200 * figure_aspect(figure_id))
    small = make_figure(figure_id, 90)
    assert small.width == 90 and small.height == pytest.approx(90 * figure_aspect(figure_id))
    content = named(d, "content")
    drawn = [n for n in walk(content) if not isinstance(n, Group)][1:]  # the first shape is the clipping frame
    assert len(drawn) >= 3, "figure is empty: nothing drawn inside its frame"


@pytest.mark.parametrize("figure_id", sorted(FIGURE_IDS))
def test_text_is_only_step_numbers_in_dejavu(figure_id: str) -> None:
    strings = [n for n in walk(make_figure(figure_id, 200)) if isinstance(n, String)]
    for s in strings:
        assert s.fontName == "DejaVuSans"
        assert s.text.isdigit() or s.text in {"L", "R"}, s.text


def test_unknown_figure_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown figure 'nope'"):
        make_figure("nope", 100)
    with pytest.raises(ValueError, match="unknown figure"):
        figure_aspect("nope")


def test_pdf_of_all_figures_embeds_only_dejavu() -> None:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(300, 300), initialFontName="DejaVuSans", invariant=1)
    for fid in sorted(FIGURE_IDS):
        renderPDF.draw(make_figure(fid, 250), c, 25, 25)
        c.showPage()
    c.save()
    fonts = {}
    for page in PdfReader(io.BytesIO(buf.getvalue())).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts, "no fonts at all: the step numbers are missing"
    for base, font in fonts.items():
        assert "Helvetica" not in base and "DejaVuSans" in base, base
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), f"{base} is not embedded"


def test_tummy_circle_runs_clockwise_on_the_page() -> None:
    d = make_figure("tummy_circles", 200)
    arrow = named(d, "clock_arrow")
    pts = path_points(arrow.shaft)
    assert fp.signed_area(pts) < 0, "the tummy arrow must run clockwise"
    # the arrowhead sits at the end the path runs to, not at its start
    head = arrow.head
    assert isinstance(head, Polygon)
    tip = (head.points[0], head.points[1])
    assert math.dist(tip, pts[-1]) < math.dist(tip, pts[0])
    # and the step numbers 1-2-3-4 also go round clockwise
    cx = sum(x for x, _ in pts) / len(pts)
    cy = sum(y for _, y in pts) / len(pts)
    angles = []
    for n in range(1, 5):
        s = named(d, f"step{n}").number
        assert s.text == str(n)
        angles.append(math.atan2(s.y - cy, s.x - cx))
    turns = [(a - b) % (2 * math.pi) for a, b in itertools.pairwise(angles)]
    assert all(0 < t < math.pi for t in turns), "numbers must step clockwise round the navel"


def test_signed_area_tells_the_two_directions_apart() -> None:
    clockwise = fp.arc_points(0, 0, 10, 90, -180)
    assert fp.signed_area(clockwise) < 0
    assert fp.signed_area(clockwise[::-1]) > 0


def test_body_map_legend_matches_its_callouts() -> None:
    """The drawing's numbers are the content's key, in order (its words live in content/checklist.yaml)."""
    key = [i.text for i in load_content().checklist.body_map_legend]
    numbers = sorted(int(s.text) for s in walk(make_figure("body_map", 200)) if isinstance(s, String))
    assert numbers == list(range(1, len(key) + 1))
    legend = " ".join(text.lower() for text in key)
    for word in ("soft spot", "eyes", "navel", "genitals", "spine"):
        assert word in legend
