"""A real server for the web tests: uvicorn on 127.0.0.1 with a free port, in a thread of the test process;
and a headless system Chromium driven by Playwright for the browser tests.
"""

from __future__ import annotations

import contextlib
import re
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from handbook.clinic import load_clinic
from handbook.web.config import WebConfig
from handbook.web.desk import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from chromium import LAUNCH_ARGS, find_chromium, required

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 24)


@dataclass
class Served:
    url: str

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60)

    def session(self) -> tuple[httpx.Client, str]:
        """A client holding the CSRF cookie, and the token from the form it was given."""
        client = self.client()
        page = client.get("/")
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert match, page.text[:500]
        return client, match[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(**settings: Any) -> Iterator[Served]:
    """The app under uvicorn in a thread; returns once it answers, stops (and its worker pools) after."""
    config = WebConfig(today=lambda: TODAY, **settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield Served(f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(30)


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
