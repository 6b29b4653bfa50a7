"""The build cache: what one build remembers never outlives the content it was made from."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from handbook.cache import BuildCache
from handbook.errors import ContentError
from handbook.personalise.profile import baby_from
from handbook.pipeline import BuildRequest, build_pdf
from tests.conftest import CONTENT, pdf_text


def test_an_edited_content_folder_is_loaded_and_checked_again(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    req = BuildRequest(baby=baby_from({"name": "Robin", "birth_date": date(2026, 7, 20)}), on=date(2026, 11, 24),
                       edition="checklist", content_dir=content)
    cache = BuildCache()
    assert "Robin" in pdf_text(build_pdf(req, cache))
    settings = content / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "no_such_switch: true\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"settings\.yaml:.*no_such_switch"):
        build_pdf(req, cache)  # not the content the cache loaded before the edit
