"""`make bench`: the figures that matter to a clinic printing dozens of handbooks, against their targets.

Not a test: it prints numbers. Run with `python -m handbook.bench`.
"""

from __future__ import annotations

import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TARGETS = {
    "cold start (s)": 0.5,
    "warm per handbook (ms)": 60.0,
    "batch of 200 (s)": 8.0,
    "peak RSS (MB)": 150.0,
    "handbook size (KB)": 300.0,
}
ON = date(2026, 11, 24)
NAMES = ["Robin", "Zoë", "Алёша", "Ελένη", "Sam", "Priya", "Noah", "Aoife", "Mateo", "Ada"]


def babies(n: int) -> list[tuple[str, date]]:
    """Different names and ages across the whole first year, so every stage is measured."""
    return [(f"{NAMES[i % len(NAMES)]} {i}", ON - timedelta(days=10 + (i * 353) % 350)) for i in range(n)]


def cold_start(work: Path) -> float:
    exe = Path(sys.executable).with_name("handbook")
    cmd = [str(exe), "build", "--name", "Robin", "--birth-date", "2026-07-20", "--on", ON.isoformat(),
           "-o", str(work / "cold.pdf")]
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def warm(n: int = 50) -> tuple[float, int]:
    from handbook.gcpause import paused_gc
    from handbook.personalise.profile import baby_from
    from handbook.pipeline import BuildRequest, build_pdf

    build_pdf(BuildRequest(baby=baby_from({"name": "Warm", "birth_date": date(2026, 7, 20)}, None), on=ON))
    times, size = [], 0
    for name, birth in babies(n):
        req = BuildRequest(baby=baby_from({"name": name, "birth_date": birth}, None), on=ON)
        start = time.perf_counter()
        with paused_gc():  # as the CLI and the batch workers build (see handbook.gcpause)
            pdf = build_pdf(req)
        times.append(time.perf_counter() - start)
        size = max(size, len(pdf))
    return statistics.median(times) * 1000, size


def batch(work: Path, rows: int = 200) -> float:
    roster = work / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "birth_date"])
        for name, birth in babies(rows):
            writer.writerow([name, birth.isoformat()])
    exe = Path(sys.executable).with_name("handbook")
    start = time.perf_counter()
    subprocess.run([str(exe), "batch", str(roster), "--out-dir", str(work / "batch"), "--on", ON.isoformat()],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"handbook benchmark on {os.cpu_count()} cores (targets in brackets)")
        figures: dict[str, float] = {}
        figures["cold start (s)"] = cold_start(work)
        warm_ms, size = warm()
        figures["warm per handbook (ms)"] = warm_ms
        figures["handbook size (KB)"] = size / 1024
        figures["batch of 200 (s)"] = batch(work)
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        figures["peak RSS (MB)"] = max(own, kids) / 1024
        for key, value in figures.items():
            target = TARGETS[key]
            verdict = "ok" if value <= target else "OVER"
            print(f"  {key:<24} {value:>9.2f}   (≤ {target:g})  {verdict}")
        print(f"  {'batch throughput':<24} {200 / figures['batch of 200 (s)']:>9.1f}   handbooks per second")


if __name__ == "__main__":
    main()
