"""Shared helpers: run the real CLI in-process and read the PDFs it writes."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from handbook.cli import cli

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


# Text read from a PDF, by the sha256 of its bytes: the same bytes always read the same, and many tests read
# the same shared build (pypdf's text extraction costs several times what a warm build does).
_TEXTS: dict[bytes, tuple[str, ...]] = {}


def _texts(path: Path | bytes) -> tuple[str, ...]:
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    key = hashlib.sha256(data).digest()
    if key not in _TEXTS:
        _TEXTS[key] = tuple(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return _TEXTS[key]


def pdf_text(path: Path | bytes) -> str:
    return "\n".join(_texts(path))


def page_texts(path: Path | bytes) -> list[str]:
    return list(_texts(path))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Build a handbook once per distinct argument list and reuse it across tests."""
    cache: dict[tuple[str, ...], Path] = {}
    folder = tmp_path_factory.mktemp("built")

    def make(*args: str) -> Path:
        key = tuple(args)
        if key not in cache:
            out = folder / f"h{len(cache)}.pdf"
            result = run_cli(*args, "-o", str(out))
            assert result.exit_code == 0, result.output
            cache[key] = out
        return cache[key]

    return make


def walk_blocks(blocks) -> list:
    """Every composed block, nested ones (box bodies, columns, technique cards' figures) included."""
    from handbook.compose import blocks as b

    out = []
    for blk in blocks:
        out.append(blk)
        for name in ("body", "left", "right"):
            out += walk_blocks(getattr(blk, name, ()))
        if isinstance(blk, b.TechniqueCard):
            out.append(blk.figure)
        if isinstance(blk, b.Shortest):  # the same blocks in each option: the first, as the HTML twin prints
            out += walk_blocks(blk.options[0])
    return out


@pytest.fixture(autouse=True, scope="session")
def _verdict_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The CLI keeps content verdicts between runs; the suite keeps its own, away from the user's ~/.cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("HANDBOOK_CACHE_DIR", str(tmp_path_factory.mktemp("verdicts")))
    yield
    mp.undo()
