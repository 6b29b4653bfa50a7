"""Debian's Chromium driven by Playwright, for tests of the HTML twin (no conftest, so other browser set-ups
can merge with it). Never `playwright install`: the browser is the system's /usr/bin/chromium.

Without Chromium (or Playwright) the browser tests skip with a notice, except under CI (CI=true), where a
missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def _unavailable(why: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run under CI: {why}")
    pytest.skip(f"browser tests skipped: {why}")


@contextmanager
def browser() -> Iterator[object]:
    """A headless Chromium (Playwright Browser), closed afterwards."""
    path = chromium_path()
    if path is None:
        _unavailable("no Chromium found (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def axe_script() -> str:
    """axe-core (MPL-2.0) as shipped inside the axe-playwright-python wheel, installed with the dev extras."""
    from importlib.resources import files

    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
