"""Starting the front desk the documented ways: `handbook serve` and any ASGI server on `handbook.web:app`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from webserver import REPO, free_port

CLINIC = REPO / "content" / "samples" / "sample-clinic.yaml"
BIN = Path(sys.executable).parent


def _served_page(cmd: list[str], env: dict[str, str], url: str) -> str:
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                return httpx.get(url, timeout=5).text
            except httpx.TransportError:
                time.sleep(0.2)
        pytest.fail(f"server did not answer: {proc.poll()} {proc.stdout.read() if proc.poll() is not None else ''}")
    finally:
        proc.terminate()
        proc.wait(20)
    return ""


def test_handbook_serve_with_the_sample_clinic_serves_the_form() -> None:
    port = free_port()
    page = _served_page([str(BIN / "handbook"), "serve", "--clinic", str(CLINIC), "--port", str(port),
                         "--workers", "1"], {}, f"http://127.0.0.1:{port}/")
    assert "Meadowbank Family Clinic" in page
    assert '<label for="birth_date">Date of birth</label>' in page


def test_any_asgi_server_runs_handbook_web_app_configured_from_the_environment() -> None:
    port = free_port()
    env = {"HANDBOOK_CLINIC": str(CLINIC), "HANDBOOK_WORKERS": "1", "HANDBOOK_LANG": "en-US"}
    page = _served_page([str(BIN / "uvicorn"), "handbook.web:app", "--port", str(port)], env,
                        f"http://127.0.0.1:{port}/")
    assert "Meadowbank Family Clinic" in page and '<html lang="en-US">' in page


def test_bad_environment_is_one_clear_line() -> None:
    from handbook.errors import HandbookError
    from handbook.web import config_from_env

    with pytest.raises(HandbookError, match="HANDBOOK_WORKERS: 'lots' must be a whole number, at least 1"):
        config_from_env({"HANDBOOK_WORKERS": "lots"})
    with pytest.raises(HandbookError, match=r"nowhere\.yaml"):
        config_from_env({"HANDBOOK_CLINIC": "nowhere.yaml"})
