"""A pool of warmed worker processes with a hard limit on waiting work: full means 503, never a long queue.

ReportLab is not made for threads, so PDFs are built in processes. The count of jobs in flight is kept
per pool object (one per app), so two apps in one process never see each other's load.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Any

from handbook.web import work
from handbook.web.adapter import Clinic


class Busy(Exception):
    """Every worker is busy and the waiting room is full."""


class BuildPool:
    def __init__(self, workers: int, queue: int, on: date, clinic: Clinic | None) -> None:
        self.workers = max(1, workers)
        self.capacity = self.workers + max(0, queue)
        self._in_flight = 0
        self._warm_args = (on, clinic)
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),  # no fork of a running event loop and its threads
            initializer=work.warm,
            initargs=self._warm_args,
        )

    async def start(self) -> None:
        """Start and warm every worker before the first request is served."""
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._executor, work.ready) for _ in range(self.workers)))

    def reserve(self) -> None:
        """Claim a place (raise Busy when full); the caller must release() it when its job is done."""
        if self._in_flight >= self.capacity:
            raise Busy
        self._in_flight += 1

    def release(self) -> None:
        self._in_flight -= 1

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run one job in a worker, within a place already reserved. A worker that died (killed, out of
        memory) breaks the whole executor: it is replaced and this job answered Busy, so the server lives on."""
        executor = self._executor
        try:
            return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)
        except BrokenProcessPool:
            if self._executor is executor:
                self._executor = self._new_executor()
                executor.shutdown(wait=False, cancel_futures=True)
            raise Busy from None

    async def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Reserve, run, release: one job, or Busy at once when the pool is full."""
        self.reserve()
        try:
            return await self.run(fn, *args)
        finally:
            self.release()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
