"""Fixtures for the web tests: the shared server, and a headless system Chromium driven by Playwright."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from chromium import LAUNCH_ARGS, find_chromium, required
from webserver import REPO, Served, serve

from handbook.clinic import load_clinic


@pytest.fixture(scope="session")
def server() -> Iterator[Served]:
    """The shared server: sample clinic, two workers, no rate limit (the tests post a lot)."""
    clinic = load_clinic(REPO / "content" / "samples" / "sample-clinic.yaml")
    with serve(clinic=clinic, workers=2, queue=8, rate_per_minute=0) as served:
        yield served


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless system Chromium; skipped with a notice when there is none, a failure when it must run."""
    path = find_chromium()
    if path is None:
        message = "no Chromium found (apt-get install chromium): browser tests not run"
        if required():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=path, args=[*LAUNCH_ARGS, "--lang=en-GB"], headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()
