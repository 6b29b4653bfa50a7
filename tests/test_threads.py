"""Builds in parallel threads give the bytes a single build gives; so do builds under other time zones.

A web server or a queue worker builds several handbooks at once in one process. Each thread builds on its own
cache (or takes turns on a shared one), so nothing one build is half-way through can reach another's PDF.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from handbook.cache import BuildCache
from handbook.clinic import load_clinic
from handbook.personalise.profile import baby_from
from handbook.pipeline import BuildRequest, build_pdf
from tests.conftest import REPO
from tests.test_clinic_build import write_clinic

ON = date(2026, 11, 24)
THREADS, ROUNDS = 8, 3


def _baby(name: str, birth: str, **extra: object):
    return baby_from({"name": name, "birth_date": date.fromisoformat(birth), **extra}, None)


@pytest.fixture(scope="module")
def requests(tmp_path_factory: pytest.TempPathFactory) -> list[BuildRequest]:
    clinic = load_clinic(write_clinic(tmp_path_factory.mktemp("clinic")))
    return [
        BuildRequest(baby=_baby("Robin", "2026-07-20"), on=ON),
        BuildRequest(baby=_baby("Ελένη Zoë", "2026-05-31", due_date=date(2026, 7, 10), eczema=True), on=ON,
                     paper="letter"),
        BuildRequest(baby=_baby("Sam", "2026-02-01"), on=ON, edition="checklist", fillable=True),
        BuildRequest(baby=_baby("Ada", "2026-09-01"), on=ON, edition="chart", course_start=date(2026, 12, 1)),
        BuildRequest(baby=_baby("Алёша", "2026-10-01"), on=ON, edition="chart", fillable=True, paper="letter"),
        BuildRequest(baby=_baby("Noah", "2026-03-01"), on=ON, clinic=clinic),
        BuildRequest(baby=_baby("Priya", "2025-12-10"), on=ON, edition="checklist", clinic=clinic),
    ]


@pytest.fixture(scope="module")
def serial(requests: list[BuildRequest]) -> list[bytes]:
    """Each request built alone, one after another: the bytes every other way of building must give."""
    cache = BuildCache()
    return [build_pdf(req, cache) for req in requests]


def _in_threads(requests: list[BuildRequest], cache_for: object, rounds: int = ROUNDS) -> dict[tuple, bytes]:
    """THREADS threads, all started together, each building one request per round, in turn (so at any moment
    the threads build different things, and every thread builds some again on a warm cache)."""
    out: dict[tuple[int, int, int], bytes] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def work(t: int) -> None:
        try:
            cache = cache_for(t)
            start.wait()
            for r in range(rounds):
                i = (t + 3 * r) % len(requests)
                out[t, r, i] = build_pdf(requests[i], cache) if cache is not None else build_pdf(requests[i])
        except BaseException as exc:  # reported below, with the thread's traceback kept
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if errors:
        raise errors[0]
    return out


def test_threads_on_their_default_caches_build_what_a_single_build_does(requests, serial) -> None:
    built = _in_threads(requests, lambda t: None)  # build_pdf's own default: a cache per thread
    assert len(built) == THREADS * ROUNDS
    wrong = sorted({i for (_, _, i), pdf in built.items() if pdf != serial[i]})
    assert not wrong, f"requests {wrong} gave other bytes in threads than alone"


def test_threads_sharing_one_cache_take_turns_and_build_the_same(requests, serial) -> None:
    shared = BuildCache()
    built = _in_threads(requests[:3], lambda t: shared, rounds=1)
    wrong = sorted({i for (_, _, i), pdf in built.items() if pdf != serial[i]})
    assert not wrong, f"requests {wrong} gave other bytes on a shared cache than alone"


def test_a_cleared_cache_builds_the_same_again(requests, serial) -> None:
    cache = BuildCache()
    first = build_pdf(requests[1], cache)
    cache.clear()
    assert first == build_pdf(requests[1], cache) == serial[1]


# A July date: summer time in both zones, where an offset taken from the zone's standard time goes wrong.
TZ_BUILD = ("build", "--name", "Robin", "--birth-date", "2026-07-01", "--on", "2026-07-20")


def test_builds_under_different_time_zones_are_identical(tmp_path: Path) -> None:
    outs = []
    for tz in ("UTC", "America/New_York"):
        out = tmp_path / f"{tz.replace('/', '_')}.pdf"
        subprocess.run([sys.executable, "-m", "handbook", *TZ_BUILD, "-o", str(out)], cwd=REPO, check=True,
                       capture_output=True, env={**os.environ, "TZ": tz})
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert b"/CreationDate (D:20260720000000+00'00')" in outs[0]
