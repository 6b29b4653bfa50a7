"""Content verdicts kept on disk between processes (handbook.verdicts): a pass is reused only for exactly the same
bytes, a changed file is checked again and refused with `check`'s own line, and a damaged cache is ignored.

Each fresh BuildCache stands for a fresh process: it remembers nothing, so only the disk can skip a check.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from handbook import check as check_pkg
from handbook.cache import BuildCache, default_cache
from handbook.check import check_content
from handbook.errors import ContentError
from handbook.inputs.profile import baby_from
from handbook.pipeline import BuildRequest, build_pdf, warm_up
from handbook.verdicts import VerdictStore
from tests.conftest import CONTENT, run_cli

ON = date(2026, 11, 24)


def _build(content: Path, store: VerdictStore | None) -> bytes:
    baby = baby_from({"name": "Robin", "birth_date": date(2026, 7, 20)}, None)
    req = BuildRequest(baby=baby, on=ON, edition="checklist", content_dir=content, verdicts=store)
    return build_pdf(req, BuildCache())


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("verdicts") / "content"
    shutil.copytree(CONTENT, folder)
    return folder


def test_a_pass_is_reused_and_changes_no_byte(copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = VerdictStore(tmp_path / "cache")
    plain = _build(copy, None)
    assert _build(copy, store) == plain
    assert list(store.folder.glob("*.ok")) and list(store.folder.glob("*.content"))

    def refuse(loaded: object) -> list[str]:
        raise AssertionError("the content checks ran although a verdict for these bytes was on disk")

    monkeypatch.setattr(check_pkg, "content_errors", refuse)
    assert _build(copy, store) == plain  # from the disk: neither the checks nor the YAML loading ran
    for path in store.folder.iterdir():  # damaged files count as no verdict: checked and loaded afresh
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2] + b"\x00junk")
    monkeypatch.undo()
    assert _build(copy, store) == plain


@contextmanager
def _typo_in_cues(content: Path) -> Iterator[None]:
    """A misspelt placeholder in the copy's cues.yaml while the block runs: content `check` refuses."""
    cues = content / "cues.yaml"
    original = cues.read_text(encoding="utf-8")
    cues.write_text(original.replace("Watch {{ baby.name }}'s face", "Watch {{ baby.nmae }}'s face"), encoding="utf-8")
    try:
        yield
    finally:
        cues.write_text(original, encoding="utf-8")


def test_a_changed_file_is_checked_again_and_refused_as_check_refuses(copy: Path, tmp_path: Path) -> None:
    store = VerdictStore(tmp_path / "cache")
    _build(copy, store)  # a pass on disk for the unchanged copy
    with _typo_in_cues(copy), pytest.raises(ContentError) as refused:
        _build(copy, store)
    assert any("cues.yaml:" in p and "nmae" in p for p in refused.value.problems)
    with _typo_in_cues(copy):
        assert set(refused.value.problems) <= set(check_content(copy).errors)  # the same lines `check` prints


def test_the_cli_keeps_verdicts_where_it_is_told(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default_cache().clear()  # as a fresh process: earlier tests' in-memory verdicts would leave nothing to write
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "c.pdf"
    args = ["checklist", "--name", "Robin", "--birth-date", "2026-07-20", "--on", "2026-11-24", "-o", str(out)]
    assert run_cli(*args).exit_code == 0
    assert list((tmp_path / "cache").glob("*.ok"))
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert run_cli(*args).exit_code == 0
    assert not (tmp_path / "xdg").exists()


def test_the_batch_warm_up_reuses_a_pass_and_checks_changed_content(copy: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`handbook batch` checks the content once before its workers start (pipeline.warm_up): with the CLI's
    store, unchanged content is not checked again, and changed content still stops the batch."""
    store = VerdictStore(tmp_path / "cache")
    warm_up(None, None, copy, cache=BuildCache(), verdicts=store)
    assert list(store.folder.glob("*.ok"))

    def refuse(loaded: object) -> list[str]:
        raise AssertionError("the content checks ran although a verdict for these bytes was on disk")

    with monkeypatch.context() as patched:
        patched.setattr(check_pkg, "content_errors", refuse)
        warm_up(None, None, copy, cache=BuildCache(), verdicts=store)
    with _typo_in_cues(copy), pytest.raises(ContentError) as refused:
        warm_up(None, None, copy, cache=BuildCache(), verdicts=store)
    assert any("cues.yaml:" in p and "nmae" in p for p in refused.value.problems)


def test_a_fingerprint_is_remembered_only_for_untouched_files(copy: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh process finds the fingerprint of files no one touched by their metadata instead of hashing them
    all; an edit of the same size, a damaged memo or files changed a moment ago are hashed again."""
    from handbook import verdicts
    from handbook.resources import templates_root

    hashed: list[Path] = []
    real = verdicts.fingerprint
    monkeypatch.setattr(verdicts, "fingerprint", lambda *roots: hashed.append(roots[0]) or real(*roots))

    def key() -> str:
        return VerdictStore(tmp_path / "cache").key(copy, templates_root(None))  # a fresh store: a fresh process

    first = key()
    assert hashed and not (tmp_path / "cache" / verdicts.STAMPS).exists()  # the copy was made a moment ago
    monkeypatch.setattr(verdicts, "SETTLE", -1.0)
    assert key() == first
    hashed.clear()
    assert key() == first and not hashed  # remembered
    cues = copy / "cues.yaml"
    original = cues.read_bytes()
    try:
        cues.write_bytes(original.replace(b"Watch", b"Wotch", 1))  # the same size, another byte
        assert key() != first and hashed
    finally:
        cues.write_bytes(original)
    assert key() == first
    hashed.clear()
    stamps = tmp_path / "cache" / verdicts.STAMPS
    stamps.write_text(stamps.read_text().replace(first, "0" * 64))  # damaged: another fingerprint, bad checksum
    assert key() == first and hashed
