"""Finding the system Chromium for browser tests (Debian's package; Playwright's own download is never used).

Shared by every browser test: `find_chromium()` for the binary, `LAUNCH_ARGS` for a quiet headless start,
`required()` for whether a missing browser must fail the run (CI, or `.ci/run`) instead of skipping.
"""

from __future__ import annotations

import os
import shutil

CANDIDATES = ("chromium", "chromium-headless-shell", "chromium-browser", "google-chrome")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    """HANDBOOK_CHROMIUM if set (None when it is not an executable), else the first Chromium on PATH."""
    given = os.environ.get("HANDBOOK_CHROMIUM", "").strip()
    if given:
        return shutil.which(given)
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def required() -> bool:
    """Under CI (CI=true) or `.ci/run` (HANDBOOK_BROWSER_TESTS=required) the browser tests must run."""
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("HANDBOOK_BROWSER_TESTS") == "required"
