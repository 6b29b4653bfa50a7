"""The file is written faster than ReportLab writes it (handbook.render.pdfwrite, replay._pack_page), to the
same bytes: each edition built both ways must agree byte for byte."""

from __future__ import annotations

from datetime import date

import pytest

from handbook.api import _baby, _clinic
from handbook.pipeline import BuildCache, BuildRequest, build_pdf
from handbook.render import pdfwrite, replay

ON = date(2026, 11, 24)
CASES = {
    "tagged": dict(baby={"name": "Robin", "birth_date": date(2026, 7, 20)}),
    "untagged": dict(baby={"name": "Robin", "birth_date": date(2026, 7, 20)}, tagged=False),
    "ru-letter": dict(baby={"name": "Алёша", "birth_date": date(2026, 6, 1), "lang": "ru-RU"}, paper="letter"),
    "fillable": dict(baby={"name": "Zoë (Z)", "birth_date": date(2026, 8, 2)}, fillable=True),
    "booklet": dict(baby={"name": "Sam", "birth_date": date(2026, 9, 9)}, booklet=True),
    "checklist": dict(baby={"name": "Ada", "birth_date": date(2026, 10, 10)}, edition="checklist"),
    "chart": dict(baby={"name": "Ada", "birth_date": date(2026, 10, 10)}, edition="chart"),
    "clinic": dict(baby={"name": "Priya", "birth_date": date(2026, 9, 1)}, clinic="content/samples/sample-clinic.yaml"),
}


def _build(case: dict) -> bytes:
    kw = dict(case)
    baby, clinic = _baby(kw.pop("baby")), _clinic(kw.pop("clinic", None))
    return build_pdf(BuildRequest(baby=baby, on=ON, clinic=clinic, **kw), BuildCache())


@pytest.mark.parametrize("name", CASES)
def test_fast_formatting_writes_reportlabs_bytes(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    swapped: list[str] = []
    speed_up = replay.speed_up

    def counting(doc) -> None:
        speed_up(doc)
        swapped.extend(type(o).__name__ for o in doc.idToObject.values() if type(o) in pdfwrite.FASTER.values())

    monkeypatch.setattr(replay, "speed_up", counting)
    fast = _build(CASES[name])
    assert "_Page" in swapped  # the fast formatting was used
    monkeypatch.setattr(replay, "speed_up", lambda doc: None)
    monkeypatch.setattr(replay, "_pack_page", lambda page: None)
    assert fast == _build(CASES[name])
