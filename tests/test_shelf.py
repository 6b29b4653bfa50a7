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
