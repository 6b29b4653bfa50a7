"""What the render stage keeps on disk between processes (handbook.verdicts.Shelf): recorded figures and parsed
fonts. Read back, they must give exactly the bytes a build without them gives; a damaged file is ignored.

Each fresh BuildCache stands for a fresh process as far as figures go (fonts are registered once per process,
so they are checked object by object, and once in a real fresh process).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from handbook.cache import BuildCache
from handbook.inputs.profile import baby_from
from handbook.pipeline import BuildRequest, build_pdf
from handbook.render import flowables, fonts, replay
from handbook.verdicts import VerdictStore
from tests.conftest import REPO, run_cli

ON = date(2026, 11, 24)


def _build(store: VerdictStore | None, **extra: object) -> bytes:
    baby = baby_from({"name": "Ελένη Zoë", "birth_date": date(2026, 5, 31)}, None)
    return build_pdf(BuildRequest(baby=baby, on=ON, verdicts=store, **extra), BuildCache())  # type: ignore[arg-type]


def _damage(folder: Path, suffix: str) -> int:
    files = list(folder.glob(f"*{suffix}"))
    for path in files:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] + b"\x00damaged")
    return len(files)


def test_a_shelf_reads_back_only_whole_files_of_its_own(tmp_path: Path) -> None:
    shelf = VerdictStore(tmp_path).shelf("a" * 64)
    shelf.put("figure x", b"\x00ops\nmore")
    assert shelf.get("figure x") == b"\x00ops\nmore"
    assert shelf.get("figure y") is None
    assert VerdictStore(tmp_path).shelf("b" * 64).get("figure x") is None  # another fingerprint
    (path,) = tmp_path.glob("*.kept")
    path.write_bytes(path.read_bytes()[:-1])  # truncated
    assert shelf.get("figure x") is None
    path.write_bytes(path.read_bytes() + b"X")  # as long as before, last byte wrong
    assert shelf.get("figure x") is None


def test_figures_from_the_shelf_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = VerdictStore(tmp_path / "cache")
    plain = _build(None)
    assert _build(store) == plain  # records the figures and keeps them
    kept = list(store.folder.glob("*.kept"))
    assert len(kept) >= 10

    def refuse(*args: object) -> None:
        raise AssertionError("a figure was drawn or compressed although its record was on the shelf")

    monkeypatch.setattr(flowables, "make_figure", refuse)
    monkeypatch.setattr(replay, "_pack", refuse)
    assert _build(store) == plain  # a fresh cache: every figure placed from the shelf, none built or compressed
    monkeypatch.undo()
    assert _damage(store.folder, ".kept") == len(kept)
    assert _build(store) == plain  # damaged records are ignored: drawn and recorded afresh
    assert _build(store, lang="ru-RU", paper="letter") == _build(None, lang="ru-RU", paper="letter")


def _state(obj: object, *leave: str) -> dict:
    """An object's attributes, with those of plain helper objects (TTEncoding) as their own attributes."""
    return {k: getattr(v, "__dict__", v) for k, v in vars(obj).items() if k not in leave}


def test_a_font_from_the_shelf_is_the_font_parsed_from_its_file(tmp_path: Path) -> None:
    shelf = VerdictStore(tmp_path).shelf("c" * 64)
    path = fonts.FONT_DIR / fonts.FACES["DejaVuSans-Bold"]
    parsed = TTFont("DejaVuSans-Bold", str(path))
    kept = fonts._font("DejaVuSans-Bold", path, shelf)  # parses and keeps
    again = fonts._font("DejaVuSans-Bold", path, shelf)  # from the shelf
    for font in (kept, again):
        assert _state(font, "face", "state") == _state(parsed, "face", "state")
        assert _state(font.face, "_pdfScale") == _state(parsed.face, "_pdfScale")
        assert [font.face._pdfScale(x) for x in (1, 77.5, 2048)] == [parsed.face._pdfScale(x) for x in (1, 77.5, 2048)]
        assert not font.state
    assert again is not kept
    assert _damage(tmp_path, ".kept") == 1
    assert fonts._unpack(b"not a pickle", path) is None
    assert fonts._font("DejaVuSans-Bold", path, shelf).face.charWidths == parsed.face.charWidths


def test_a_fresh_process_with_a_warm_shelf_writes_what_one_without_writes(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The fonts and figures a first process kept, read by a second, change no byte (cache off: none kept)."""
    args = ["build", "--name", "Zoë", "--birth-date", "2026-05-31", "--on", "2026-11-24", "-o"]
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", "off")
    assert run_cli(*args, str(tmp_path / "off.pdf")).exit_code == 0  # this process: nothing kept or read
    outs = {}
    for run in ("first", "second"):
        out = tmp_path / f"{run}.pdf"
        subprocess.run([sys.executable, "-m", "handbook", *args, str(out)], cwd=REPO, check=True,
                       capture_output=True, env={**os.environ, "HANDBOOK_CACHE_DIR": str(tmp_path / "cache")})
        outs[run] = out.read_bytes()
    assert any("font-" in p.read_bytes().split(b"\n", 1)[0].decode() for p in (tmp_path / "cache").glob("*.kept"))
    assert outs["first"] == outs["second"] == (tmp_path / "off.pdf").read_bytes()


# Paragraphs (handbook.render.shelved): a fresh cache stands for a fresh process, as for figures, since the
# shelved records are read per render cache.

def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often ReportLab parses, breaks and draws a paragraph itself, from now on."""
    from reportlab.platypus import Paragraph
    from reportlab.platypus.paraparser import ParaParser

    counts = {"parse": 0, "breakLines": 0, "drawPara": 0}
    for owner, name in ((ParaParser, "parse"), (Paragraph, "breakLines"), (Paragraph, "drawPara")):
        real = getattr(owner, name)

        def counted(*args: object, _real=real, _name=name, **kwargs: object) -> object:
            counts[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)
    return counts


def test_a_fresh_cache_takes_its_paragraphs_from_the_shelf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = VerdictStore(tmp_path / "cache")
    counts = _counting(monkeypatch)
    plain = _build(None)
    assert counts["parse"] > 300 and counts["breakLines"] > 300 and counts["drawPara"] > 100
    first = dict(counts)
    assert _build(store) == plain  # parses, breaks and records, and keeps it all
    counts.update(parse=0, breakLines=0, drawPara=0)
    assert _build(store) == plain  # a fresh cache: the paragraphs an earlier cache kept come from the shelf
    assert counts["parse"] < first["parse"] / 20, counts
    # Parts of a paragraph split between two columns or pages break their lines privately (not shelved).
    assert counts["breakLines"] < first["breakLines"] / 10, counts
    assert counts["drawPara"] < first["drawPara"] / 5, counts  # links, contents rows, the Greek name: live


def test_paragraphs_of_another_style_or_text_are_not_taken_from_the_shelf(tmp_path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    from handbook.render.shelved import style_digest

    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, textColor=colors.Color(0.2, 0.3, 0.4))
    same = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, textColor=colors.Color(0.2, 0.3, 0.4))
    assert style_digest(body) == style_digest(same) is not None
    for change in ({"fontSize": 10.01}, {"textColor": colors.Color(0.2, 0.3, 0.41)}, {"hyphenationLang": "es"},
                   {"leading": 13}, {"name": "lead"}):
        assert style_digest(body.clone(**{"name": "body", **change})) != style_digest(body), change
    assert style_digest(ParagraphStyle("odd", body, textColor=object())) is None  # not plain data: never kept
    # Russian text on Letter: the English A4 records on the shelf are never used for it
    store = VerdictStore(tmp_path / "cache")
    assert _build(store) == _build(None)
    assert _build(store, lang="ru-RU", paper="letter") == _build(None, lang="ru-RU", paper="letter")


def _paragraph_file(folder: Path) -> Path:
    from handbook.render.shelved import NAME

    (path,) = [p for p in folder.glob("*.kept") if p.read_bytes().split(b"\n", 1)[0].endswith(NAME.encode())]
    return path


def test_damaged_or_foreign_paragraph_records_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    from handbook.render import shelved

    store = VerdictStore(tmp_path / "cache")
    plain = _build(None)
    assert _build(store) == plain
    path = _paragraph_file(store.folder)
    head, _, data = path.read_bytes().partition(b"\n")
    index = pickle.loads(data)
    key = store.key(REPO / "content", REPO / "templates")
    # whole file, checked sha256, but records that are not records: each ignored, parsed afresh
    bad = {k: (b"not a pickle" if i % 3 == 0 else pickle.dumps(("text", None, "frags", True, {}, {})) if i % 3 == 1
               else pickle.dumps((*pickle.loads(v)[:-1], {(1.0, "DejaVuSans", 10, 12, 1): ("F1", 3)})))
           for i, (k, v) in enumerate(index.items())}
    store.shelf(key).put(shelved.NAME, pickle.dumps(bad))
    counts = _counting(monkeypatch)
    assert _build(store) == plain
    assert counts["parse"] > 400  # none of them used
    path.write_bytes(path.read_bytes()[:-10])  # truncated: the whole file is absent
    assert _build(store) == plain
    path.write_bytes(head + b"\n" + b"\x80\x05garbage")  # its header does not match: absent
    assert _build(store) == plain


def test_the_paragraph_records_are_bounded_and_kept_only_after_a_build_succeeds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from handbook.render import document, shelved

    store = VerdictStore(tmp_path / "cache")
    plain = _build(None)
    real = document.HandbookDoc.multiBuild

    def fails(self: object, *args: object, **kwargs: object) -> None:
        real(self, *args, **kwargs)
        raise RuntimeError("after the paragraphs were made")

    monkeypatch.setattr(document.HandbookDoc, "multiBuild", fails)
    with pytest.raises(RuntimeError):
        _build(store)
    assert not [p for p in store.folder.glob("*.kept") if shelved.NAME.encode() in p.read_bytes()[:200]]
    monkeypatch.undo()
    monkeypatch.setattr(shelved, "LIMIT", 100_000)
    assert _build(store) == plain
    assert len(_paragraph_file(store.folder).read_bytes()) < 110_000
    assert _build(store) == plain


_COUNTING_MAIN = """
import sys
from reportlab.platypus.paraparser import ParaParser
real, seen = ParaParser.parse, []
ParaParser.parse = lambda self, *a, **k: seen.append(1) or real(self, *a, **k)
import atexit
import handbook.cli
atexit.register(lambda: print("parsed", len(seen)))  # the finished command leaves through the exit handlers
sys.argv[0] = "handbook"
handbook.cli.main()
"""


def test_a_fresh_process_takes_its_paragraphs_from_the_shelf_and_writes_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shelf off, empty or warm in a fresh process, and a warm build in this process: the same bytes; the
    process with the warm shelf parses hardly any paragraph itself."""
    args = ["build", "--profile", str(REPO / "content" / "samples" / "sample-profile.yaml"), "--lang", "es-ES",
            "--on", "2026-11-24", "-o"]
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", "off")
    for run in ("cold", "warm"):  # the second build in this process reuses what the first made
        assert run_cli(*args, str(tmp_path / f"{run}.pdf")).exit_code == 0
    parsed = {}
    for run, cache in (("off", "off"), ("empty", str(tmp_path / "cache")), ("kept", str(tmp_path / "cache"))):
        env = {**os.environ, "HANDBOOK_CACHE_DIR": cache}
        out = subprocess.run([sys.executable, "-c", _COUNTING_MAIN, *args, str(tmp_path / f"{run}.pdf")], cwd=REPO,
                             check=True, capture_output=True, text=True, env=env)
        parsed[run] = int(out.stdout.split("parsed ")[-1])
    assert _paragraph_file(tmp_path / "cache")
    assert parsed["off"] == parsed["empty"] > 300
    assert parsed["kept"] < parsed["off"] / 20, parsed
    outs = {run: (tmp_path / f"{run}.pdf").read_bytes() for run in ("cold", "warm", "off", "empty", "kept")}
    assert len(set(outs.values())) == 1


def test_a_fresh_cache_starts_from_the_layout_an_earlier_one_found(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The page numbers on the shelf spare the layout-only pass; wrong or damaged ones cost passes, never bytes."""
    import pickle

    from reportlab.platypus import BaseDocTemplate

    from handbook.render import document, shelved

    store = VerdictStore(tmp_path / "cache")
    plain = _build(None)
    passes: list[int] = []
    real = BaseDocTemplate.build
    monkeypatch.setattr(document.HandbookDoc, "build", lambda self, *a, **k: passes.append(1) or real(self, *a, **k))
    assert _build(store) == plain
    assert len(passes) >= 2  # a layout-only pass, then the drawing one(s)
    passes.clear()
    assert _build(store) == plain
    assert len(passes) == 1
    shelf = store.shelf(store.key(REPO / "content", REPO / "templates"))
    layouts = pickle.loads(shelf.get(shelved.LAYOUTS) or b"")
    wrong = {key: (tuple(n + 1 for n in pages), total + 1, {k: v + 1 for k, v in refs.items()})
             for key, (pages, total, refs) in layouts.items()}
    for kept in (pickle.dumps(wrong), b"not a pickle", pickle.dumps({("shape",): ("pages", 3, {})})):
        shelf.put(shelved.LAYOUTS, kept)
        passes.clear()
        assert _build(store) == plain
        assert len(passes) >= 2
