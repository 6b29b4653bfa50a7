"""Pausing the cyclic garbage collector during a build: for entry points only (the CLI, batch workers).

A render makes a great many short-lived objects, which reference counting frees, and the collections they
would trigger mostly re-scan long-lived caches. Only an entry point knows nothing else in the process needs
the collector meanwhile, so library calls (build_pdf, render_pdf) never touch it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collections inside the block; the collector is as it was afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
