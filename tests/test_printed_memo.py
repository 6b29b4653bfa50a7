"""The printed-text check remembers clean strings between builds on one cache (handbook.safety.printed), and
never lets a string found clean for one baby pass unread for another whose age makes it break a rule."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from handbook.cache import BuildCache
from handbook.content.loader import load_located
from handbook.errors import SafetyError
from handbook.personalise.profile import Baby
from handbook.pipeline import BuildRequest, build_pdf, prepare
from handbook.safety.printed import PrintedMemo, printed_problems
from tests.conftest import CONTENT

ON = date(2026, 11, 24)
OLD = Baby(name="Robin", birth_date=date(2026, 5, 20))  # six months: knees to tummy is offered
YOUNG = Baby(name="Robin", birth_date=date(2026, 11, 14))  # ten days: it is not


def _naming_a_move(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    path = root / "techniques.yaml"
    path.write_text(path.read_text().replace("Each move has a drawing and a few short steps.",
                                             "Each move has a drawing. Try knees to tummy."), encoding="utf-8")
    return root


def test_a_string_clean_for_an_older_baby_is_read_again_for_a_younger_one(tmp_path: Path) -> None:
    root = _naming_a_move(tmp_path)
    cache = BuildCache()
    assert build_pdf(BuildRequest(OLD, ON, content_dir=root), cache).startswith(b"%PDF")
    memo = cache.part("printed", PrintedMemo)
    assert memo.blocks and any(memo.clean.values())  # the first build left its clean strings
    for _ in range(2):  # and a string that breaks a rule is never remembered as clean
        with pytest.raises(SafetyError, match="'Knees to tummy' starts at 1 month, but this baby is"):
            build_pdf(BuildRequest(YOUNG, ON, content_dir=root), cache)


def test_the_memo_gives_the_same_problems_as_reading_afresh(tmp_path: Path) -> None:
    from handbook.compose.edition import compose

    root = _naming_a_move(tmp_path)
    loaded = load_located(root)
    memo = PrintedMemo()
    for baby in (OLD, YOUNG, OLD, YOUNG):
        cache = BuildCache()
        req = BuildRequest(baby, ON, content_dir=root)
        ctx = prepare(req, cache)
        doc = compose(ctx, loaded.content, "handbook", None, cache=cache)
        assert printed_problems(doc, ctx, loaded, memo) == printed_problems(doc, ctx, loaded)
    assert printed_problems(doc, ctx, loaded, memo)  # the young baby's handbook names a move too early
