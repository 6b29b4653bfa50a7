"""A fresh `handbook build` whose cache folder is warm (the content, its verdicts and the render stage's records
kept by an earlier process) imports only what that build uses: issue 12's cold start is mostly imports. The
libraries and modules below are for other paths (refused or non-plain placeholders, `check`, clinics, the
browser twin, batches, booklets), each loaded on first use there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

NOT_ON_THE_WARM_PATH = (
    "jinja2",  # content placeholders are plain: handbook.compose.textenv fills them without Jinja
    "handbook.check",  # the content's verdict is on disk
    "handbook.inputs.clinic",  # no clinic file
    "handbook.render.html", "handbook.web", "handbook.batch.runner", "multiprocessing", "pypdf",
    "reportlab.graphics.barcode",  # no clinic website to print as a QR code
    "pydantic",  # the content is plain values read back from the cache folder; the profile and template are plain
)

_BUILD = """
import json, sys
from handbook.cli import main
sys.argv = ["handbook", *sys.argv[1:]]
try:
    exec("main()", {"main": main, "__name__": "probe"})  # not from __main__: the process must go on to report
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(sorted(sys.modules)))
"""


def _build(out: Path, cache: Path, *more: str) -> list[str]:
    """One `handbook build` of the sample profile in a fresh process: the modules it had loaded at the end."""
    args = ["build", "--profile", str(REPO / "content" / "samples" / "sample-profile.yaml"), "--on", "2026-11-24",
            "-o", str(out), *more]
    done = subprocess.run([sys.executable, "-c", _BUILD, *args], cwd=REPO, check=True, capture_output=True,
                          text=True, env={**os.environ, "HANDBOOK_CACHE_DIR": str(cache)})
    return json.loads(done.stdout.splitlines()[-1])


def test_a_build_with_a_warm_cache_loads_none_of_what_it_does_not_use(tmp_path: Path) -> None:
    _build(tmp_path / "first.pdf", tmp_path / "cache")  # fills the cache folder
    assert list((tmp_path / "cache").glob("*.content"))
    loaded = set(_build(tmp_path / "second.pdf", tmp_path / "cache"))
    assert (tmp_path / "second.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()
    assert "handbook.render.document" in loaded  # the build ran in this process
    assert [m for m in NOT_ON_THE_WARM_PATH if m in loaded or any(n.startswith(m + ".") for n in loaded)] == []


def test_a_translated_build_with_a_warm_cache_loads_no_pydantic(tmp_path: Path) -> None:
    """Its text comes from the catalogue, put in place of the English strings without validating the files
    again (handbook.i18n.translate)."""
    _build(tmp_path / "first.pdf", tmp_path / "cache", "--lang", "ru-RU")
    loaded = set(_build(tmp_path / "second.pdf", tmp_path / "cache", "--lang", "es-ES"))
    assert "handbook.i18n.translate" in loaded
    assert [m for m in loaded if m == "pydantic" or m.startswith("pydantic.")] == []
