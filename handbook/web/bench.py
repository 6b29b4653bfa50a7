"""Load test of `handbook serve` for `make bench`: 200 single builds from 8 concurrent clients.

Against 127.0.0.1 only, bounded in count and in time; prints throughput, p95 latency, failures and the
server's memory (its own process plus its workers) before, half-way and after: the first builds of each
kind fill the workers' caches, so "flat" means the second half adds next to nothing.
"""

from __future__ import annotations

import contextlib
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

REQUESTS = 200
CLIENTS = 8
DEADLINE_S = 240.0
NAMES = ["Robin", "Zoë", "Алёша", "Ελένη", "Sam", "Priya", "Noah", "Aoife"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    total = 0
    try:
        found = re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
        total += int(found[1]) if found else 0
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _rss_kb(int(child))
    except (OSError, TypeError):
        pass
    return total


@contextlib.contextmanager
def _server(workers: int) -> Iterator[tuple[str, subprocess.Popen]]:
    port = _port()
    exe = Path(sys.executable).with_name("handbook")
    proc = subprocess.Popen([str(exe), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                             "--queue", str(CLIENTS), "--rate-limit", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _client_run(url: str, jobs: list[int], stop_at: float) -> list[tuple[float, int]]:
    import httpx

    today = date.today()
    out = []
    with httpx.Client(base_url=url, timeout=60) as client:
        page = client.get("/")
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if found is None:
            raise RuntimeError("the form page has no CSRF token")
        token = found[1]
        for i in jobs:
            if time.monotonic() > stop_at:
                break
            birth = today - timedelta(days=10 + (i * 37) % 330)
            data = {"csrf_token": token, "name": f"{NAMES[i % len(NAMES)]} {i}", "birth_date": birth.isoformat(),
                    "lang": "en-GB", "navel_healed": "auto", "kind": "handbook"}
            start = time.perf_counter()
            try:
                r = client.post("/build", data=data)
                status = r.status_code if r.content.startswith(b"%PDF") or r.status_code != 200 else 0
            except httpx.HTTPError:
                status = -1
            out.append((time.perf_counter() - start, status))
    return out


def run(requests: int = REQUESTS, clients: int = CLIENTS, workers: int = 2) -> dict[str, float]:
    with _server(workers) as (url, proc):
        _client_run(url, list(range(clients)), time.monotonic() + 60)  # warm every worker first
        rss = [_rss_kb(proc.pid)]
        stop_at = time.monotonic() + DEADLINE_S
        start = time.perf_counter()
        results: list[tuple[float, int]] = []
        with ThreadPoolExecutor(clients) as pool:
            for half in (range(0, requests // 2), range(requests // 2, requests)):  # memory read after each half
                shares = [list(half)[c::clients] for c in range(clients)]
                results += [r for part in pool.map(lambda s: _client_run(url, s, stop_at), shares) for r in part]
                rss.append(_rss_kb(proc.pid))
        elapsed = time.perf_counter() - start
    latencies = sorted(t for t, _ in results)
    return {
        "requests": len(results),
        "failures": sum(1 for _, status in results if status != 200) + (requests - len(results)),
        "throughput (req/s)": len(results) / elapsed,
        "p50 latency (ms)": statistics.median(latencies) * 1000,
        "p95 latency (ms)": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "server RSS before (MB)": rss[0] / 1024,
        "server RSS half-way (MB)": rss[1] / 1024,
        "server RSS after (MB)": rss[2] / 1024,
    }


def main() -> None:
    print(f"handbook serve load test: {REQUESTS} handbooks from {CLIENTS} concurrent clients, 127.0.0.1 only")
    for key, value in run().items():
        print(f"  {key:<24} {value:>9.1f}")


if __name__ == "__main__":
    main()
