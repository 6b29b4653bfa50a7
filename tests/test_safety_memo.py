"""The build-time safety check is remembered per content folder and opt-in, never shared between two opt-ins.

Content whose own default allows essential oils (offered from 3 months) is safe without a clinic, and must be
refused for a clinic that did not opt in, whichever of the two builds a process makes first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from handbook.errors import SafetyError
from handbook.pipeline import assert_content_safe
from tests.conftest import CONTENT


def opted_in_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    settings = root / "settings.yaml"
    settings.write_text(settings.read_text().replace("allow_essential_oils: false", "allow_essential_oils: true"))
    oils = yaml.safe_load((root / "oils.yaml").read_text(encoding="utf-8"))
    for oil in oils["oils"]:
        if oil["id"] == "lavender":
            oil["from_months"] = 3
    (root / "oils.yaml").write_text(yaml.safe_dump(oils, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_no_clinic_first_then_a_clinic_that_did_not_opt_in_is_refused(tmp_path: Path) -> None:
    root = opted_in_content(tmp_path)
    assert_content_safe(root, None)  # the content's own default: allowed
    with pytest.raises(SafetyError, match="R02_eo_under_12m_opt_in"):
        assert_content_safe(root, False)


def test_a_clinic_that_did_not_opt_in_first_then_no_clinic_builds(tmp_path: Path) -> None:
    root = opted_in_content(tmp_path)
    with pytest.raises(SafetyError, match="R02_eo_under_12m_opt_in"):
        assert_content_safe(root, False)
    assert_content_safe(root, None)
    assert_content_safe(root, True)
