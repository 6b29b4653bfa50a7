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
def paused_gc(one_off: bool = False) -> Iterator[None]:
    """No cyclic collections inside the block; the collector is as it was afterwards.

    Re-enabled, the collector would at once scan everything the block made (all of it is still young), a tenth
    of a one-off build's CPU. `one_off` (a process that ends after the block, like `handbook build`) moves it
    to the oldest generation unscanned instead: a later full collection still frees any cycle in it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if one_off:
            gc.freeze()  # every tracked object to the permanent generation, and the young count back to 0
            gc.unfreeze()  # then all of them to the oldest generation
        if enabled:
            gc.enable()
