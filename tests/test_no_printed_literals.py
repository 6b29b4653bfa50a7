"""No printed word comes from Python (issue 14 §1): every word a reader sees is content or locale text.

Two tests. The build test replaces every content string and every en-GB locale word (strings, plurals,
patterns) with a marker that has no letters, builds the handbook, the checklist and the chart, and reads the
PDFs back: what is left with letters can only be the baby's name, CLDR's month and weekday names, the
references' citations (bibliographic data, never translated) — or a literal in Python, which fails. The static
test reads the code: a string constant that reads like words must be on the short allowlist below, with why.
"""

from __future__ import annotations

import ast
import html
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from handbook.check.strings import iter_strings
from handbook.compose.edition import compose
from handbook.content.loader import FILES, load_located
from handbook.i18n.cldr import babel_locale
from handbook.inputs.profile import Baby
from handbook.personalise.context import personalise
from handbook.resources import content_root
from tests.conftest import pdf_text

ROOT = Path(__file__).resolve().parents[1]
MARK = "◆"
_SLOT = re.compile(r"\{\{.*?\}\}|\{[a-z_]+\}|<[^>]+>")


def _marked(text: str) -> str:
    """The marker, keeping the placeholders and markup (so values still fill in and tags still balance)."""
    return MARK + "".join(_SLOT.findall(text))


def _put(tree: Any, loc: tuple[object, ...], text: str) -> None:
    *head, last = loc
    for part in head:
        tree = tree[part]
    tree[last] = text


def marker_content() -> Any:
    loaded = load_located(content_root())
    content = loaded.content
    trees: dict[str, Any] = {}
    for t in iter_strings(loaded):
        if t.key in FILES:
            tree = trees.setdefault(t.key, getattr(content, t.key).model_dump())
            _put(tree, t.loc, _marked(t.text))
    files = {key: FILES[key][1].model_validate(tree) for key, tree in trees.items()}
    gb = content.locales["en-GB"]
    locale = gb.model_copy(update={
        "strings": {k: _marked(v) for k, v in gb.strings.items()},
        "plurals": {k: {c: _marked(v) for c, v in forms.items()} for k, forms in gb.plurals.items()},
        "patterns": {k: _marked(v) for k, v in gb.patterns.items()},
    })
    return content.model_copy(update={**files, "locales": {**content.locales, "en-GB": locale}}), loaded


def _citations(loaded: Any) -> str:
    """The references' citations and addresses, lower case: a long address breaks anywhere across lines."""
    return " ".join(f"{r.citation} {r.url or ''}" for r in loaded.content.references.references).lower()


def _allowed_words(loaded: Any) -> set[str]:
    """Words that may print without being content: CLDR's month and weekday names, and the citations."""
    loc = babel_locale("en-GB")
    words: set[str] = set()
    for table in (loc.months, loc.days):
        for context in table.values():
            for width in context.values():
                words.update(str(v).lower() for v in width.values())
    for ref in loaded.content.references.references:
        words.update(w.lower() for w in re.findall(r"[^\W\d_]+", f"{ref.citation} {ref.url or ''}"))
    return words


@pytest.fixture(scope="module")
def marker_pdfs() -> list[tuple[str, str]]:
    from handbook.render.document import render_pdf
    from handbook.render.html import render_html

    content, _ = marker_content()
    on = date(2026, 11, 24)
    out = []
    for edition, baby in (("handbook", Baby(name="Zed", birth_date=date(2026, 7, 20))),
                          ("handbook", Baby(name="Zed", birth_date=date(2026, 8, 1), due_date=date(2026, 10, 10))),
                          ("handbook", Baby(name="Zed", birth_date=date(2026, 11, 14), eczema=True)),
                          ("checklist", Baby(name="Zed", birth_date=date(2026, 7, 20))),
                          ("chart", Baby(name="Zed", birth_date=date(2026, 7, 20)))):
        ctx = personalise(content, baby, on, lang="en-GB")
        doc = compose(ctx, content, edition)
        pdf = render_pdf(doc, paper="a4", on=on, tagged=False)
        out.append((f"{edition} {baby.birth_date}", pdf_text(pdf)))
        if edition == "handbook" and not out[1:]:  # the HTML twin of the first: its words, tags taken out
            page = render_html(doc, ctx.locale.strings)
            page = re.sub(r"<(style|svg)\b.*?</\1>", " ", page, flags=re.S)
            out.append(("html", html.unescape(re.sub(r"<[^>]+>", " ", page))))
        page = doc.page_label.replace("{page}", "1").replace("{total}", "2")  # as the footer fills it
        out.append((f"{edition} metadata", " ".join((doc.title, doc.subject, doc.footer, page))))
    return out


def test_every_printed_word_is_content_or_locale_text(marker_pdfs: list[tuple[str, str]]) -> None:
    loaded = marker_content()[1]
    allowed, cited = _allowed_words(loaded), _citations(loaded)
    leftovers: dict[str, set[str]] = {}
    for name, text in marker_pdfs:
        assert MARK in text, name  # the markers did print: the test reads real output
        text = text.replace("Zed", " ").replace("ℹ", " ")  # the baby's name; the info box's symbol
        words = {w for w in re.findall(r"[^\W\d_]+", text) if w.lower() not in allowed and w.lower() not in cited}
        if words:
            leftovers[name] = words
    assert not leftovers, f"words printed from Python, not from content/locales: {leftovers}"


# --- the static test --------------------------------------------------------------------------------------

SCANNED = ("handbook/compose", "handbook/personalise", "handbook/render", "handbook/i18n")
# A constant "reads like words" when two words of lower-case letters stand apart with a space ("Hello parent",
# " sessions planned"), once markup, PDF names (/Artifact) and attributes are taken out; or when it is
# passed straight to a block (b.Para("Hello")) with a capital or a space in it, which no style id has.
_WORDY = re.compile(r"\b[A-Za-z]?[a-z]{2,}[,;:!?]?\s+[A-Za-z]?[a-z]{2,}\b")
_NOT_TEXT = re.compile(r"<[^>]*>?|\b[\w:-]+=\"[^\"]*\"?|/[A-Za-z]+")
# Files whose wordy constants never reach a reader, each with why (the only exceptions).
ALLOWLIST: dict[str, str] = {
    "handbook/personalise/age.py": "Age.text: English ages in operator messages (errors), never printed",
    "handbook/compose/textenv.py": "SAMPLE_CONTEXT/STRING_SLOTS: sample values `check` renders, never printed",
    "handbook/i18n/catalog.py": "the lines `check` prints for editors and the .po file header",
    "handbook/render/markup.py": "messages naming bad markup for editors, and ReportLab's error text it matches",
    "handbook/render/glyphs.py": "the message naming characters the fonts cannot print (for the operator); the "
                                 "data file's header line",
}
# Single constants in files that print words, each with why.
ALLOWED: dict[tuple[str, str], str] = {
    ("handbook/compose/edition.py", ": sections: unknown section '"): "an editor's error line (ContentError)",
}


def _messages(tree: ast.AST) -> set[int]:
    """ids of constants inside raise statements, exception constructors and docstrings: messages to people
    running the tool or reading the code, not printed text."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            skip.update(id(n) for n in ast.walk(node.exc))
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
            fname = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if fname.endswith(("Error", "Exception", "Warning", "Phrase")):
                skip.update(id(n) for n in ast.walk(node))
    return skip


def _block_arguments(tree: ast.AST) -> set[int]:
    """ids of string constants given straight to a block, b.Para("…"), b.Heading("…", …)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "b"):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
                out.update(id(p) for p in parts if isinstance(p, ast.Constant))
    return out


def wordy_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip, direct = _messages(tree), _block_arguments(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = _NOT_TEXT.sub(" ", node.value)
            if _WORDY.search(text) or (id(node) in direct and re.search(r"[A-Z]|[a-z] +[a-z]", text)):
                out.append((node.lineno, node.value))
    return out


def test_no_code_writes_printed_words() -> None:
    found = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in ALLOWLIST:
                continue
            found += [f"{rel}:{line}: {text!r}" for line, text in wordy_constants(path) if (rel, text) not in ALLOWED]
    assert not found, "words written in Python (move them to content/locales/en-GB.yaml):\n" + "\n".join(found)


def test_the_static_scan_sees_a_new_literal(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('from handbook.compose import blocks as b\n\n\ndef f():\n    return b.Para("Hello parent")\n'
                   'def g(n):\n    return f"{n} sessions planned"\n'
                   'def h():\n    return b.Heading("Contents", 1, "toc"), b.Para("x", "lead")\n', encoding="utf-8")
    assert sorted(t for _, t in wordy_constants(bad)) == [" sessions planned", "Contents", "Hello parent"]


# --- the shipped Russian catalogue: no English word left from code or templates ---------------------------

# Words that printed in English in ru/es builds before they came from content/locales by key (issue 14):
# the allergen line, the edition titles (footer and metadata), the footer's page label, the figure label.
KNOWN_ENGLISH = ("tree nut", "peanut", "tracking chart", "Before every session", "Baby massage", "Page", "Figure",
                 "Allergens")


def _ru(edition: str, templates: Path | None = None) -> Any:
    from handbook.i18n.translate import translated

    content = translated(load_located(content_root()), "ru-RU").content
    ctx = personalise(content, Baby(name="Zed", birth_date=date(2026, 7, 20)), date(2026, 11, 24), lang="ru")
    return compose(ctx, content, edition, templates_dir=templates)


def _meta(doc: Any) -> str:
    """The metadata and the footer, its page label filled as each page fills it."""
    page = doc.page_label.replace("{page}", "1").replace("{total}", "2")
    return " ".join((doc.title, doc.subject, doc.footer, page))


def _before_references(text: str) -> str:
    """The text before the reference list: citations are bibliographic data, printed as published."""
    return text.split("Bennett C", 1)[0]


@pytest.fixture(scope="module")
def ru_texts() -> dict[str, str]:
    from handbook.render.document import render_pdf

    out = {}
    for edition in ("handbook", "chart"):
        doc = _ru(edition)
        text = pdf_text(render_pdf(doc, paper="a4", on=date(2026, 11, 24), tagged=False))
        out[edition] = f"{_before_references(text)} {_meta(doc)}"
    doc = _ru("checklist")  # its metadata and footer (the page itself is built in test_translated_build)
    out["checklist"] = _meta(doc)
    return out


def test_a_russian_build_prints_none_of_the_known_english_words(ru_texts: dict[str, str]) -> None:
    found = {name: [w for w in KNOWN_ENGLISH if re.search(rf"\b{w}\b", text, re.IGNORECASE)]
             for name, text in ru_texts.items()}
    assert not any(found.values()), found
    assert "Аллергены: орехи (миндаль)" in " ".join(ru_texts["handbook"].split())  # the allergen, translated
    latin = {name: set(re.findall(r"[A-Za-z]{2,}", text)) - {"Zed"} for name, text in ru_texts.items()}
    assert not any(latin.values()), latin


def test_russian_rule_reasons_write_numbers_as_the_recipe_page_does(ru_texts: dict[str, str]) -> None:
    text = " ".join(ru_texts["handbook"].split())
    assert "В смеси 0,10 % эфирного масла" in text  # the online example's reason ({percent} from rules.yaml)
    assert "0.10" not in text and "0.1 " not in text


def test_an_editors_own_edition_keeps_its_literal_title_and_a_shipped_one_reads_the_locale(tmp_path: Path) -> None:
    own = tmp_path / "templates"
    (own / "editions").mkdir(parents=True)
    (own / "editions" / "chart.yaml").write_text("title: Meadowbank progress sheet\nsections: [chart]\n", "utf-8")
    doc = _ru("chart", own)
    assert (doc.title, doc.footer) == ("Meadowbank progress sheet для малыша по имени Zed", "Meadowbank progress sheet")
    shipped = _ru("chart")
    assert shipped.footer == "Дневник массажа" and "Meadowbank" not in shipped.title


def test_an_edition_without_title_or_title_key_is_one_clear_error(tmp_path: Path) -> None:
    from handbook.errors import ContentError

    own = tmp_path / "templates"
    (own / "editions").mkdir(parents=True)
    (own / "editions" / "chart.yaml").write_text("sections: [chart]\n", "utf-8")
    with pytest.raises(ContentError, match="title_key"):
        _ru("chart", own)
    (own / "editions" / "chart.yaml").write_text("title_key: no_such_key\nsections: [chart]\n", "utf-8")
    with pytest.raises(ContentError, match=r"strings\.no_such_key: missing"):
        _ru("chart", own)


@pytest.mark.parametrize("code", ["es-ES", "es-US"])
def test_a_spanish_build_prints_none_of_the_known_english_words_or_english_headings(code: str) -> None:
    from handbook.compose import blocks as b
    from handbook.i18n.translate import translated
    from handbook.render.document import render_pdf

    content = translated(load_located(content_root()), code).content
    ctx = personalise(content, Baby(name="Zed", birth_date=date(2026, 7, 20)), date(2026, 11, 24), lang=code)
    doc = compose(ctx, content, "handbook")
    text = f"{_before_references(pdf_text(render_pdf(doc, paper='a4', on=date(2026, 11, 24), tagged=False)))} "
    text += _meta(doc)
    found = [w for w in KNOWN_ENGLISH if re.search(rf"\b{w}\b", text, re.IGNORECASE)]
    assert not found, found
    english = load_located(content_root()).content
    en_doc = compose(personalise(english, ctx.baby, ctx.on, lang="en-GB"), english, "handbook")
    en_heads = {blk.text for blk in en_doc.blocks if isinstance(blk, b.Heading)}
    heads = {blk.text for blk in doc.blocks if isinstance(blk, b.Heading)}
    assert heads and not heads & en_heads, heads & en_heads  # every heading is in Spanish
