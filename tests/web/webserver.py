"""A real front-desk server for the web tests: uvicorn on 127.0.0.1 with a free port, in a thread of the test
process (its worker pools are real processes)."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from handbook.web.config import WebConfig
from handbook.web.desk import create_app

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
