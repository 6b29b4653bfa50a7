"""Debian's Chromium driven by Playwright, for tests of the HTML twin (finding it: tests/chromium.py).
Never `playwright install`: the browser is the system's Chromium.

Without Chromium (or Playwright) the browser tests skip with a notice, except under CI (CI=true), where a
missing browser is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.chromium import LAUNCH_ARGS, find_chromium, required


def _unavailable(why: str) -> None:
    if required():
        pytest.fail(f"browser tests must run under CI: {why}")
    pytest.skip(f"browser tests skipped: {why}")


@contextmanager
def browser() -> Iterator[object]:
    """A headless Chromium (Playwright Browser), closed afterwards."""
    path = find_chromium()
    if path is None:
        _unavailable("no Chromium found (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def axe_script() -> str:
    """axe-core (MPL-2.0) as shipped inside the axe-playwright-python wheel, installed with the dev extras."""
    from importlib.resources import files

    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
