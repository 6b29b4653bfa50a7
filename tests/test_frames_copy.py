"""Page frames copy as copy.deepcopy copies a Frame, only faster (ReportLab copies the frame to measure each
keep-together group); a handbook built with them is the same file as with plain frames."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from reportlab.platypus import Frame

from handbook.cache import BuildCache
from handbook.personalise.profile import Baby
from handbook.pipeline import BuildRequest, build_pdf
from handbook.render import document
from handbook.render.frames import CopiedFrame, cheap_copies


def test_a_copied_frame_is_the_deep_copy_of_a_plain_one() -> None:
    plain, ours = Frame(10, 20, 300, 400, id="p"), Frame(10, 20, 300, 400, id="p")
    for frame in (plain, ours):
        frame.add_generated_content("x")
        frame._frameBGs = [("tint", [1, 2])]
    cheap_copies([ours])
    assert type(ours) is CopiedFrame and "__class__" not in ours.__dict__
    theirs, mine = copy.deepcopy(plain), copy.deepcopy(ours)
    assert type(mine) is CopiedFrame and mine.__dict__ == theirs.__dict__
    assert mine._frameBGs[0][1] is not ours._frameBGs[0][1]  # what can change is copied, as deepcopy does
    mine.add_generated_content("y")
    assert ours._generated_content == ["x"]


def test_a_handbook_is_the_same_with_plain_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[type] = []
    made = document.cheap_copies

    def spy(frames: list[Frame]) -> None:
        made(frames)
        seen.extend(type(f) for f in frames)

    monkeypatch.setattr(document, "cheap_copies", spy)
    req = BuildRequest(Baby(name="Robin", birth_date=date(2026, 7, 20)), date(2026, 11, 24))
    ours = build_pdf(req, BuildCache())
    assert seen and set(seen) == {CopiedFrame}
    monkeypatch.setattr(document, "cheap_copies", lambda frames: None)
    assert build_pdf(req, BuildCache()) == ours
