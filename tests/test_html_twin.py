"""The HTML twin: the same blocks as the PDF in one self-contained page; checked in Debian's Chromium for what
axe-core can find of WCAG 2.2 AA, for its accessibility tree, and for reflow at 320 px and 200 % zoom."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from html.parser import HTMLParser

import pytest

from handbook.compose import blocks as b
from handbook.compose.edition import compose
from handbook.content.loader import load_located_cached
from handbook.personalise.context import personalise
from handbook.personalise.profile import Baby
from handbook.pipeline import BuildRequest, build_html
from tests.browser import axe_script, browser
from tests.conftest import run_cli

ON = date(2026, 11, 24)
BABY = Baby(name="Robin", birth_date=date(2026, 7, 20))
_HTML: dict[str, str] = {}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def html(lang: str = "en-GB") -> str:
    if lang not in _HTML:
        _HTML[lang] = build_html(BuildRequest(baby=BABY, on=ON, lang=lang))
    return _HTML[lang]


def blocks(lang: str = "en-GB") -> list[b.Block]:
    content = load_located_cached().content
    ctx = personalise(content, BABY, ON, lang=lang)
    out: list[b.Block] = []

    def walk(items) -> None:
        for blk in items:
            out.append(blk)
            for name in ("body", "left", "right"):
                walk(getattr(blk, name, ()))
            if isinstance(blk, b.TechniqueCard):
                out.append(blk.figure)

    walk(compose(ctx, content, "handbook").blocks)
    return out


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def test_page_is_self_contained_and_semantic() -> None:
    page = html()
    parser = _Tags()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert '<html lang="en-GB">' in page
    assert not re.search(r"<(script|link|img|iframe)\b", page), "no script and nothing fetched"
    assert not re.search(r'\b(src|srcset)=', page)
    assert tags.count("h1") == 1
    assert {"header", "nav", "main", "footer", "figure", "table", "th", "ol", "ul"} <= set(tags)
    skip = next(a for t, a in parser.tags if t == "a")
    assert skip.get("href") == "#main" and 'id="main"' in page
    assert "@media print" in page and "prefers-color-scheme: dark" in page


def test_every_heading_and_figure_of_the_blocks_is_there_in_order() -> None:
    from handbook.render.html.markup import plain

    page = html()
    body = page[page.index("</nav>"):]  # after the contents, which list the headings too
    # Words compared: a heading may keep words together with no-break spaces (the stage's ages), as plain() does.
    found = [" ".join(unescape(re.sub(r"<[^>]+>", "", h)).split())
             for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", body)]
    heads = [plain(h.text) for h in blocks() if isinstance(h, b.Heading)]
    assert [h for h in found if h in heads] == heads
    for fig in (f for f in blocks() if isinstance(f, b.Figure)):
        assert f">{plain(fig.alt)}</title>" in page.replace("&#x27;", "'")


def test_words_come_from_the_locale() -> None:
    content = load_located_cached().content
    for lang in ("en-GB", "en-US"):
        assert content.locales[lang].strings["html_skip_link"] in html(lang)


def test_cli_writes_the_html_twin(tmp_path) -> None:
    out = tmp_path / "robin.html"
    result = run_cli("build", "--name", "Robin", "--birth-date", "2026-07-20", "--on", "2026-11-24",
                     "--format", "html", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bad = run_cli("build", "--name", "Robin", "--birth-date", "2026-07-20", "--format", "html", "--booklet")
    assert bad.exit_code == 2 and "--booklet" in bad.output


# --- in the browser ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.mark.parametrize(("lang", "scheme"), [("en-GB", "light"), ("en-US", "light"), ("en-GB", "dark")])
def test_axe_finds_no_wcag_violations(chromium, lang: str, scheme: str) -> None:
    page = chromium.new_page(color_scheme=scheme)
    page.set_content(html(lang))
    page.add_script_tag(content=axe_script())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    page.close()
    problems = [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}" for v in result["violations"]]
    assert problems == []
    assert len(result["passes"]) > 20  # axe really ran


def test_accessibility_tree_has_headings_figure_names_and_table_headers(chromium) -> None:
    from handbook.render.html.markup import plain

    page = chromium.new_page()
    page.set_content(html())
    heads = [plain(h.text) for h in blocks() if isinstance(h, b.Heading) and h.level == 1]
    level2 = [" ".join(h.split()) for h in page.get_by_role("heading", level=2).all_inner_texts()]
    assert [h for h in level2 if h in heads] == heads
    assert page.get_by_role("heading", level=1).count() == 1
    for fig in [f for f in blocks() if isinstance(f, b.Figure)][:5]:
        assert page.get_by_role("img", name=plain(fig.alt), exact=True).count() >= 1, fig.figure_id
    assert page.get_by_role("columnheader").count() >= 3
    assert page.get_by_role("navigation").count() == 1 and page.get_by_role("main").count() == 1
    assert page.get_by_role("link", name=page.locator(".skip").inner_text()).get_attribute("href") == "#main"
    page.close()


@pytest.mark.parametrize(("width", "scale"), [(320, 1), (640, 2)])  # a phone; a 1280 px window at 200 % zoom
def test_reflows_without_sideways_scrolling(chromium, width: int, scale: int) -> None:
    page = chromium.new_page(viewport={"width": width, "height": 800}, device_scale_factor=scale)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content(html())
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert [r for r in requests if not r.startswith(("data:", "about:"))] == []
    page.close()
