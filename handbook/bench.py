"""`make bench`: the figures that matter to a clinic printing dozens of handbooks, against their targets.

Not a test: it prints numbers. Run with `python -m handbook.bench`.
"""

from __future__ import annotations

import csv
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from handbook import bench_layout

TARGETS = {
    "cold start (s)": 0.5,
    "cold start CPU (s)": 0.5,
    "cold, empty cache (s)": 0.5,
    "cold, empty cache CPU (s)": 0.5,
    "warm per handbook (ms)": 60.0,
    "batch of 200 (s)": 8.0,
    "peak RSS (MB)": 150.0,
    "handbook size (KB)": 300.0,
    "tagging adds (%)": 15.0,
    # Issue 13: no slowdown per page. CPU per page against the layout before it, built in turns on this machine
    # (handbook.bench_layout); a negative figure is a saving.
    "per page vs before #13 (%)": 0.0,
}
ON = date(2026, 11, 24)
NAMES = ["Robin", "Zoë", "Алёша", "Ελένη", "Sam", "Priya", "Noah", "Aoife", "Mateo", "Ada"]


def babies(n: int) -> list[tuple[str, date]]:
    """Different names and ages across the whole first year, so every stage is measured."""
    return [(f"{NAMES[i % len(NAMES)]} {i}", ON - timedelta(days=10 + (i * 353) % 350)) for i in range(n)]


def cold_start(work: Path, runs: int = 5) -> dict[str, float]:
    """`handbook build` of the sample profile as a fresh process each time: wall-clock and CPU seconds (user +
    system, from getrusage of the child), best of `runs`. The first run has an empty verdict cache (it checks
    the content, as after an edit or an upgrade); the rest find the verdicts it left (handbook.verdicts)."""
    from handbook.resources import content_root

    exe = Path(sys.executable).with_name("handbook")
    profile = content_root() / "samples" / "sample-profile.yaml"
    cmd = [str(exe), "build", "--profile", str(profile), "--on", ON.isoformat(), "-o", str(work / "cold.pdf")]
    env = {**os.environ, "HANDBOOK_CACHE_DIR": str(work / "verdicts")}
    walls, cpus = [], []
    for _ in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {"cold start (s)": min(walls[1:]), "cold start CPU (s)": min(cpus[1:]),
            "cold, empty cache (s)": walls[0], "cold, empty cache CPU (s)": cpus[0]}


def warm(n: int = 50, tagged: bool = True) -> tuple[float, int, float]:
    """Median wall-clock ms per handbook, the largest size in bytes, and the median page count."""
    from handbook.gcpause import paused_gc
    from handbook.personalise.profile import baby_from
    from handbook.pipeline import BuildRequest, build_pdf

    build_pdf(BuildRequest(baby=baby_from({"name": "Warm", "birth_date": date(2026, 7, 20)}, None), on=ON,
                           tagged=tagged))
    from pypdf import PdfReader

    times, size, pages = [], 0, []
    for name, birth in babies(n):
        req = BuildRequest(baby=baby_from({"name": name, "birth_date": birth}, None), on=ON, tagged=tagged)
        start = time.perf_counter()
        with paused_gc():  # as the CLI and the batch workers build (see handbook.gcpause)
            pdf = build_pdf(req)
        times.append(time.perf_counter() - start)
        size = max(size, len(pdf))
        pages.append(len(PdfReader(io.BytesIO(pdf)).pages))
    return statistics.median(times) * 1000, size, statistics.median(pages)


def tagging_overhead(n: int = 20) -> float:
    """Per cent of build time that tagging adds: tagged and untagged builds of the same babies taken in turns,
    timed in CPU seconds of this process, so other work on the machine does not count."""
    from handbook.personalise.profile import baby_from
    from handbook.pipeline import BuildRequest, build_pdf

    times: dict[bool, list[float]] = {True: [], False: []}
    for i, (name, birth) in enumerate(babies(n)):
        baby = baby_from({"name": name, "birth_date": birth}, None)
        build_pdf(BuildRequest(baby=baby, on=ON))  # the layout of this baby's handbook is known to both
        for tagged in (True, False) if i % 2 else (False, True):
            req = BuildRequest(baby=baby, on=ON, tagged=tagged)
            start = time.process_time()
            build_pdf(req)
            times[tagged].append(time.process_time() - start)
    return (statistics.median(times[True]) / statistics.median(times[False]) - 1) * 100


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
        print(f"handbook benchmark on {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (targets in "
              "brackets; wall-clock figures count other work on the machine, CPU figures do not)")
        figures: dict[str, float] = {}
        figures.update(cold_start(work))
        warm_ms, size, pages = warm()
        figures["warm per handbook (ms)"] = warm_ms
        figures["handbook size (KB)"] = size / 1024
        figures["tagging adds (%)"] = tagging_overhead()
        figures["batch of 200 (s)"] = batch(work)
        layouts = bench_layout.compare(ON, babies(30))
        if layouts is not None:
            figures["per page vs before #13 (%)"] = layouts["change"]
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        figures["peak RSS (MB)"] = max(own, kids) / 1024
        for key, value in figures.items():
            target = TARGETS[key]
            verdict = "ok" if value <= target else "OVER"
            print(f"  {key:<28} {value:>9.2f}   (≤ {target:g})  {verdict}")
        print(f"  {'batch throughput':<28} {200 / figures['batch of 200 (s)']:>9.1f}   handbooks per second")
        print(f"  {'warm per page (ms)':<28} {warm_ms / pages:>9.2f}   (warm per handbook over its median pages,"
              f" {pages:g})")
        if layouts is None:
            print(f"  {'per page vs before issue 13':<28} {'-':>9}   not measured: needs a git checkout holding "
                  f"commit {bench_layout.BEFORE}")
        else:
            for which, label in (("now", "now"), ("before", f"before {bench_layout.BEFORE}")):
                print(f"  {'CPU per page, ' + label:<28} {layouts[which]:>9.2f}   ms, its stage built before "
                      f"({layouts[which + ' first']:.2f} the first time round); {layouts['pages ' + which]:.1f} "
                      "pages per handbook")
            print(f"  {'':<28} {'':>9}   the first time round: {layouts['change first']:+.1f} %; both layouts "
                  "build the same babies, in turns")


if __name__ == "__main__":
    main()
