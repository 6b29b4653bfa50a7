"""The tagged PDF (PDF/UA-1): every edition passes two independent checkers, its structure tree reads in the
order of the blocks, and tagging changes no pixel and no byte between rebuilds."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import page
import pikepdf
import pytest
from pdfua import Severity, validate
from pypdf import PdfReader

from handbook.compose import blocks as b
from handbook.compose.edition import compose
from handbook.content.loader import load_located_cached
from handbook.personalise.context import personalise
from handbook.personalise.profile import Baby
from handbook.pipeline import BuildRequest, build_pdf
from tests.conftest import page_texts, walk_blocks

ON = date(2026, 11, 24)
BABY = Baby(name="Robin", birth_date=date(2026, 7, 20))
EDITIONS = [(ed, lang, fill) for ed in ("handbook", "checklist", "chart") for lang in ("en-GB", "en-US")
            for fill in (False, True)]
_BUILT: dict[tuple, bytes] = {}
_OPEN: list[pikepdf.Pdf] = []
_MCIDS: dict[bytes, dict[tuple[int, int], str]] = {}  # pikepdf objects are only readable while their file is open


def build(edition: str = "handbook", lang: str = "en-GB", fillable: bool = False, tagged: bool = True) -> bytes:
    key = (edition, lang, fillable, tagged)
    if key not in _BUILT:
        _BUILT[key] = build_pdf(BuildRequest(baby=BABY, on=ON, edition=edition, lang=lang, fillable=fillable,
                                             tagged=tagged))
    return _BUILT[key]


def needs(tool: str) -> str:
    """The tool's path; without it the test skips locally but fails under CI."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is needed under CI (apt-get install poppler-utils)")
        pytest.skip(f"{tool} not installed (poppler-utils)")
    return path


@pytest.mark.parametrize(("edition", "lang", "fillable"), EDITIONS)
def test_both_pdfua_checkers_pass_every_edition(edition: str, lang: str, fillable: bool, tmp_path: Path) -> None:
    pdf = build(edition, lang, fillable)
    report = page.validate_pdf_bytes(pdf, profile="ua1")
    failed = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert report.rules.failed == 0 and report.is_compliant, failed
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    findings = [f"{f.rule_id}: {f.message}" for f in validate(str(path)).findings if f.severity >= Severity.WARNING]
    assert findings == []


def test_a_clinic_handbook_with_logo_and_qr_code_passes_too(tmp_path: Path) -> None:
    from tests.conftest import run_cli
    from tests.test_clinic_build import write_clinic

    out = tmp_path / "clinic.pdf"
    result = run_cli("build", "--name", "Robin", "--birth-date", "2026-07-20", "--on", "2026-11-24",
                     "--clinic", write_clinic(tmp_path), "-o", out)
    assert result.exit_code == 0, result.output
    report = page.validate_pdf(str(out), profile="ua1")
    assert report.rules.failed == 0, sorted({f.rule_id for f in report.failures})
    assert [f.rule_id for f in validate(str(out)).findings if f.severity >= Severity.WARNING] == []


def test_the_booklet_stays_untagged(tmp_path: Path) -> None:
    pdf = build_pdf(BuildRequest(baby=BABY, on=ON, booklet=True))
    assert "/StructTreeRoot" not in pikepdf.open(io.BytesIO(pdf)).Root


@pytest.mark.parametrize("edition", ["handbook", "checklist", "chart"])
def test_pdfinfo_says_tagged(edition: str, tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    for lang in ("en-GB", "en-US"):
        path.write_bytes(build(edition, lang))
        info = subprocess.run([needs("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
        assert "Tagged:          yes" in info


def test_an_untagged_build_is_untagged_and_checkers_see_it() -> None:
    report = page.validate_pdf_bytes(build(tagged=False), profile="ua1")
    assert report.rules.failed > 0


def _mcid_texts(pdf: bytes) -> dict[tuple[int, int], str]:
    """The text drawn inside each marked-content sequence, by (page index, MCID): read once per PDF's bytes
    (several tests read the same build, and reading costs more than building it did)."""
    key = hashlib.sha256(pdf).digest()
    if key not in _MCIDS:
        _MCIDS[key] = _read_mcid_texts(pdf)
    return dict(_MCIDS[key])


def _read_mcid_texts(pdf: bytes) -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    for i, pg in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        current: list[int | None] = [None]

        def before(op, args, cm, tm, current=current):
            if op == b"BDC" and len(args) > 1 and "/MCID" in args[1]:
                current[0] = int(args[1]["/MCID"])
            elif op == b"EMC":
                current[0] = None

        def text(t, cm, tm, font, size, current=current, i=i):
            if current[0] is not None and t:
                out[(i, current[0])] = out.get((i, current[0]), "") + t

        pg.extract_text(visitor_operand_before=before, visitor_text=text)
    return out


def _elements(pdf: bytes) -> list[tuple[str, str, pikepdf.Dictionary]]:
    """The structure elements in reading order (depth first) with the text of their own content."""
    doc = pikepdf.open(io.BytesIO(pdf))
    _OPEN.append(doc)
    index = {p.objgen: i for i, p in enumerate(doc.pages)}
    texts = _mcid_texts(pdf)
    found: list[tuple[str, str, pikepdf.Dictionary]] = []

    def walk(elem: pikepdf.Dictionary) -> None:
        own = ""
        kids = elem.get("/K", [])
        for k in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(k, int):
                own += texts.get((index[elem.Pg.objgen], int(k)), "")
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
                own += texts.get((index[k.Pg.objgen], int(k.MCID)), "")
        found.append((str(elem.S)[1:], " ".join(own.split()), elem))
        for k in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(k, pikepdf.Dictionary) and "/S" in k:
                walk(k)

    for top in doc.Root.StructTreeRoot.K:
        walk(top)
    return found


def _blocks(edition: str = "handbook") -> list[b.Block]:
    content = load_located_cached().content
    ctx = personalise(content, BABY, ON, lang="en-GB")
    return list(compose(ctx, content, edition).blocks)


def _plain(markup: str) -> str:
    from xml.etree import ElementTree

    return " ".join("".join(ElementTree.fromstring(f"<x>{markup}</x>").itertext()).split())


def test_structure_tree_reads_in_the_order_of_the_blocks() -> None:
    elements = _elements(build())
    headings = [text for role, text, _ in elements if role in ("H1", "H2") and text]
    expected = [_plain(h.text) for h in walk_blocks(_blocks()) if isinstance(h, b.Heading)]
    shown = [h for h in headings if h in expected]
    assert shown[:6] == expected[:6], (headings[:10], expected[:6])
    assert shown == expected  # every section heading, in the order of the blocks
    roles = [role for role, _, _ in elements]
    assert roles[0] == "Document" and "TOC" in roles and "TOCI" in roles and "L" in roles and "LBody" in roles


def test_every_figure_has_the_alt_text_of_its_block() -> None:
    elements = _elements(build())
    alts = [str(e.get("/Alt", "")) for role, _, e in elements if role == "Figure"]
    assert alts and all(a.strip() for a in alts)
    blocks = walk_blocks(_blocks())
    wanted = [f.alt for f in blocks if isinstance(f, b.Figure)]
    wanted += [c.figure_alt for c in blocks if isinstance(c, b.Cover) and c.figure_alt]  # the cover may have none
    assert set(wanted) <= set(alts)


def test_every_table_has_header_cells_with_a_scope() -> None:
    for edition in ("handbook", "chart"):
        tables = [e for role, _, e in _elements(build(edition)) if role == "Table"]
        assert tables, edition
        for table in tables:
            first_row = table.K[0]
            assert str(first_row.S) == "/TR"
            cells = list(first_row.K)
            assert cells and all(str(c.S) == "/TH" and str(c.A.Scope) == "/Column" for c in cells)
            widths = {len(row.K) for row in table.K}
            assert len(widths) == 1, "every row has all its cells"


def test_a_chart_is_one_table_element_with_a_row_per_session() -> None:
    pdf = build("chart")
    tables = [e for role, _, e in _elements(pdf) if role == "Table"]
    charts = [blk for blk in walk_blocks(_blocks("chart")) if isinstance(blk, b.Chart)]
    assert len(tables) == len(charts) > 0  # one element per chart (each now fits its own landscape page)
    for table, chart in zip(tables, charts, strict=True):
        assert len(table.K) == len(chart.rows) + 1


def test_form_fields_and_links_are_tagged(tmp_path: Path) -> None:
    doc = pikepdf.open(io.BytesIO(build("checklist", fillable=True)))
    widgets = [a for p in doc.pages for a in p.get("/Annots", []) if a.Subtype == "/Widget"]
    assert widgets and all("/StructParent" in a for a in widgets)
    hb = pikepdf.open(io.BytesIO(build()))
    links = [a for p in hb.pages for a in p.get("/Annots", []) if a.Subtype == "/Link"]
    assert links and all(str(a.Contents).strip() and "/StructParent" in a for a in links)


def test_tagging_changes_no_pixel(tmp_path: Path) -> None:
    tool = needs("pdftoppm")
    for edition, fillable in (("handbook", False), ("checklist", True), ("chart", False)):
        images = []
        for tagged in (True, False):
            path = tmp_path / f"{edition}-{tagged}.pdf"
            path.write_bytes(build(edition, fillable=fillable, tagged=tagged))
            subprocess.run([tool, "-r", "24", "-png", str(path), str(tmp_path / f"{edition}-{tagged}")], check=True)
            images.append(sorted(tmp_path.glob(f"{edition}-{tagged}-*.png")))
        assert len(images[0]) == len(images[1]) > 0
        for a, c in zip(*images, strict=True):
            assert a.read_bytes() == c.read_bytes(), f"{a.name} differs from the untagged build"


def test_rebuilds_are_byte_identical() -> None:
    first = build()
    again = build_pdf(BuildRequest(baby=BABY, on=ON))
    assert again == first


def test_no_unicode_zero_in_any_to_unicode_map() -> None:
    doc = pikepdf.open(io.BytesIO(build()))
    maps = [o.ToUnicode.read_bytes() for o in doc.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font" and "/ToUnicode" in o]
    assert maps and not any(b"<0000>" in m.split(b"endcodespacerange")[1] for m in maps)


def test_a_paragraph_split_over_pages_stays_one_element() -> None:
    from handbook.compose import blocks as b
    from handbook.render.document import render_pdf

    # The handbook's paragraphs are short and flow whole since issue 13, so a document made to split one: a
    # page of filler, then one long paragraph that cannot fit the rest of the page.
    words = " ".join(["Stroke slowly and watch your baby's face."] * 60)
    doc = b.Document("T", "S", "A", "en-GB", "F", blocks=(b.Heading("Split", 1, "split"),
                     *(b.Para(f"Line {i}.") for i in range(24)), b.Para(words)))
    split = [(text, e) for role, text, e in _elements(render_pdf(doc, paper="a4", on=ON)) if role == "P"
             and any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR" for k in e.K)]
    assert split, "the long paragraph breaks over two pages; both parts belong to one P"
    text, elem = split[0]
    pages = {elem.Pg.objgen} | {k.Pg.objgen for k in elem.K if isinstance(k, pikepdf.Dictionary)}
    assert len(pages) == 2 and len(text) > 40


def test_only_the_footer_is_left_as_artifact() -> None:
    """Every word on a page is in tagged content except the running footer (and the page number) and a table
    header repeated on the next page, which a reader has already heard."""
    import re

    content = load_located_cached().content
    footer = compose(personalise(content, BABY, ON, lang="en-GB"), content, "handbook").footer
    allowed = set(re.findall(r"\w+", footer)) | {"Page", "of"}
    pdf = build()
    for role, text, _ in _elements(pdf):
        if role == "TH":
            allowed |= set(re.findall(r"\w+", text))
    tagged: dict[int, set[str]] = {}
    for (page_index, _), text in _mcid_texts(pdf).items():
        tagged.setdefault(page_index, set()).update(re.findall(r"\w+", text))
    for i, text in enumerate(page_texts(pdf)):
        words = set(re.findall(r"\w+", text))
        left = {w for w in words - tagged.get(i, set()) - allowed if not w.isdigit()}
        assert not left, f"page {i + 1}: {sorted(left)[:10]} drawn outside any structure element"
